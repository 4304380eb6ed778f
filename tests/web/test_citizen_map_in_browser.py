"""What a citizen sees and does on the maps, in headless Chromium."""

import os
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Proposal
from geoparticipation.territory.models import Commune
from geoparticipation.territory.selectors import extent

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process
from .browser import PASSWORD, log_in

# UPDATE_SCREENSHOTS=1 refreshes the README's screenshots from this run.
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def citizen_in_browser(page):
    user = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    log_in(page, user.email)
    return user


def zoom_to(page, lon, lat, zoom):
    """Centres the map once its commune outlines are drawn, so that nothing moves or redraws under the clicks."""
    page.evaluate(
        """async ([lon, lat, zoom]) => {
            await window.gpMap.outlinesLoaded;
            window.gpMap.setView([lat, lon], zoom, {animate: false});
        }""",
        [lon, lat, zoom],
    )


def click_at(page, lon, lat):
    """Clicks the map where (lon, lat) is drawn, through Leaflet's own projection."""
    page.locator(".gp-map.leaflet-container").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([lon, lat]) => {
            const point = window.gpMap.latLngToContainerPoint([lat, lon]);
            const box = window.gpMap.getContainer().getBoundingClientRect();
            return [box.left + point.x, box.top + point.y];
        }""",
        [lon, lat],
    )
    page.mouse.click(x, y)


def fill_proposal(page, title, body):
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Votre proposition").fill(body)


def test_a_pin_dropped_on_the_grand_place_becomes_a_proposal_in_lille_in_the_list_on_the_map_and_in_the_api(
    page, citizen_in_browser
):
    process = make_process()
    page.goto(f"/concertations/{process.slug}/")
    page.get_by_role("link", name="Faire une proposition").click()
    fill_proposal(page, "Des arceaux vélo sur la Grand-Place", "Il manque de quoi attacher son vélo.")
    page.get_by_label("Thème").select_option(label="Mobilite")
    zoom_to(page, *GRAND_PLACE_LILLE, 17)
    click_at(page, *GRAND_PLACE_LILLE)
    expect(page.locator("#location-status")).to_contain_text("Repère placé")
    if os.environ.get("UPDATE_SCREENSHOTS"):
        zoom_to(page, *GRAND_PLACE_LILLE, 12)
        page.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length >= 95")
        page.locator("fieldset.location").scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "proposal-form.png")
    page.get_by_role("button", name="Publier ma proposition").click()

    expect(page.get_by_role("heading", name="Des arceaux vélo sur la Grand-Place")).to_be_visible()
    expect(page.get_by_role("link", name="Lille", exact=True)).to_be_visible()

    page.goto(f"/concertations/{process.slug}/")
    expect(page.locator("#proposal-results")).to_contain_text("Des arceaux vélo sur la Grand-Place")
    expect(page.locator(".proposals .map-status")).to_have_text("1 proposition sur la carte")
    expect(page.locator(".leaflet-marker-icon[title='Des arceaux vélo sur la Grand-Place']")).to_be_visible()
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length >= 95")
        page.locator("#proposal-filters").evaluate("form => form.scrollIntoView()")
        page.screenshot(path=DOCS / "concertation-map.png")

    api = page.request.get(f"/api/v1/proposals/?process={process.slug}").json()
    (feature,) = api["features"]
    assert feature["properties"]["commune_insee"] == "59350"
    stored = Point(*feature["geometry"]["coordinates"], srid=4326).transform(2154, clone=True)
    assert stored.distance(Point(*GRAND_PLACE_LILLE, srid=4326).transform(2154, clone=True)) < 5  # metres


def test_the_list_and_the_map_follow_the_same_filters(page):
    process = make_process()
    author = User.objects.create_user("dominique@example.org", "Dominique", PASSWORD)
    for title, theme in [("Plus de bus", "mobilite"), ("Des arbres", "climat")]:
        services.proposal_create(
            author=author,
            process=process,
            title=title,
            body="…",
            theme=process.themes.get(slug=theme),
            geometry=Point(*GRAND_PLACE_LILLE, srid=4326),
        )
    page.goto(f"/concertations/{process.slug}/")
    expect(page.locator(".proposals .map-status")).to_have_text("2 propositions sur la carte")

    page.get_by_label("Thème").select_option(label="Climat")

    expect(page.locator(".proposals .map-status")).to_have_text("1 proposition sur la carte")
    expect(page.locator("#proposal-results")).to_contain_text("Des arbres")
    expect(page.locator("#proposal-results")).not_to_contain_text("Plus de bus")
    assert "theme=climat" in page.url


def test_supporting_a_proposal_twice_counts_once(page, citizen_in_browser):
    process = make_process()
    proposal = services.proposal_create(
        author=citizen_in_browser,
        process=process,
        title="Une piste cyclable",
        body="…",
        geometry=Point(*GRAND_PLACE_LILLE, srid=4326),
    )
    page.goto(f"/concertations/{process.slug}/propositions/{proposal.pk}/")
    page.get_by_role("button", name="Soutenir").dblclick()

    expect(page.locator("#supports-count")).to_have_text("1 soutien")
    expect(page.get_by_role("button", name="Retirer mon soutien")).to_be_visible()
    page.reload()
    expect(page.locator("#supports-count")).to_have_text("1 soutien")
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1


def test_a_pin_outside_the_territory_is_refused_next_to_the_map_and_the_text_is_kept(page, citizen_in_browser):
    process = make_process()
    page.goto(f"/concertations/{process.slug}/propositions/nouvelle/")
    fill_proposal(page, "Un tramway jusqu'à Paris", "Ce serait pratique.")
    # Typed like a keyboard user would: the map does not even show Paris.
    page.get_by_label("Longitude").fill(str(OUTSIDE_TERRITORY[0]))
    page.get_by_label("Latitude").fill(str(OUTSIDE_TERRITORY[1]))
    page.get_by_role("button", name="Publier ma proposition").click()

    expect(page.locator("#location-error")).to_have_text(
        "Ce lieu est en dehors du territoire de la métropole (95 communes)."
    )
    expect(page.get_by_label("Titre")).to_have_value("Un tramway jusqu'à Paris")
    expect(page.get_by_label("Votre proposition")).to_have_value("Ce serait pratique.")
    assert not Proposal.objects.exists()


def test_a_pin_can_be_placed_and_the_proposal_sent_with_the_keyboard_alone(page, citizen_in_browser):
    process = make_process()
    page.goto(f"/concertations/{process.slug}/propositions/nouvelle/")
    page.get_by_label("Titre").focus()
    page.keyboard.type("Un banc devant la mairie")
    page.keyboard.press("Tab")
    page.keyboard.type("Pour se reposer.")
    page.get_by_label("Centrer sur une commune").focus()
    page.keyboard.type("Roubaix")
    expect(page.locator("#location-status")).to_contain_text("Repère placé")
    page.get_by_role("button", name="Publier ma proposition").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Un banc devant la mairie")).to_be_visible()
    assert Proposal.objects.get().commune.insee == "59512"


def test_the_map_itself_takes_a_pin_from_the_enter_key(page, citizen_in_browser):
    process = make_process()
    page.goto(f"/concertations/{process.slug}/propositions/nouvelle/")
    page.locator(".gp-map.leaflet-container").focus()
    page.keyboard.press("Enter")

    expect(page.locator("#location-status")).to_contain_text("Repère placé")
    expect(page.get_by_label("Longitude")).not_to_have_value("")


def test_a_citizen_draws_an_area_on_the_annotation_map(page, citizen_in_browser):
    process = make_process()
    page.goto(f"/concertations/{process.slug}/carte/")
    zoom_to(page, *GRAND_PLACE_LILLE, 14)
    page.get_by_role("link", name="Dessiner une zone").click()
    corners = [(3.055, 50.632), (3.070, 50.632), (3.070, 50.642), (3.055, 50.642)]
    for count, (lon, lat) in enumerate(corners, start=1):
        click_at(page, lon, lat)
        expect(page.locator(".leaflet-editing-icon")).to_have_count(count)
        # Leaflet.draw ignores a click that comes within 50 ms of the previous vertex (its double-click guard).
        page.wait_for_timeout(120)
    click_at(page, *corners[0])
    expect(page.locator("#drawing-status")).to_contain_text("une zone")
    page.get_by_label("Type").select_option(label="Problème")
    page.get_by_label("Commentaire").fill("Ce carrefour est dangereux pour les piétons.")
    page.get_by_role("button", name="Publier l'annotation").click()

    expect(page.get_by_text("Votre annotation est publiée")).to_be_visible()
    annotation = Annotation.objects.get()
    assert annotation.geom.geom_type == "Polygon"
    assert annotation.commune.insee == "59350"
    api = page.request.get(f"/api/v1/annotations/?process={process.slug}").json()
    assert api["features"][0]["geometry"]["type"] == "Polygon"


def test_a_line_drawn_from_the_territory_to_outside_is_refused_at_once_as_the_submit_would(page, citizen_in_browser):
    process = make_process()
    process.communes.set([Commune.objects.get(insee="59512")])
    page.goto(f"/concertations/{process.slug}/carte/")
    zoom_to(page, 3.12, 50.665, 12)
    page.get_by_role("link", name="Tracer une ligne").click()
    # From Roubaix's town hall to Lille's Grand-Place: the first point is in the territory, the line is not.
    points = [MAIRIE_ROUBAIX, (3.10, 50.66), GRAND_PLACE_LILLE]
    for count, (lon, lat) in enumerate(points, start=1):
        click_at(page, lon, lat)
        expect(page.locator(".leaflet-editing-icon")).to_have_count(count)
        page.wait_for_timeout(120)
    click_at(page, *points[-1])

    expect(page.locator("#drawing-status")).to_contain_text("en dehors du territoire de la concertation")
    assert page.locator("#id_geometry").input_value() == ""


def test_the_home_map_shows_the_density_of_contributions_on_demand(page):
    process = make_process()
    author = User.objects.create_user("dominique@example.org", "Dominique", PASSWORD)
    services.proposal_create(
        author=author, process=process, title="Plus de bus", body="…", geometry=Point(*GRAND_PLACE_LILLE, srid=4326)
    )
    page.goto("/")
    expect(page.locator(".map-status")).to_have_text("1 proposition sur la carte")
    expect(page.locator("img.leaflet-image-layer")).to_have_count(0)

    page.get_by_label("Densité des contributions").check()

    overlay = page.locator("img.leaflet-image-layer")
    expect(overlay).to_have_attribute("alt", "Carte de chaleur de la densité des contributions publiques")
    assert overlay.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0


def test_a_member_sees_the_proposals_of_a_private_concertation_on_its_map(page, citizen_in_browser):
    process = make_process("atelier-prive", is_private=True)
    process.members.add(citizen_in_browser)
    services.proposal_create(
        author=citizen_in_browser,
        process=process,
        title="Un local pour l'atelier",
        body="…",
        geometry=Point(*GRAND_PLACE_LILLE, srid=4326),
    )
    page.goto(f"/concertations/{process.slug}/")

    expect(page.locator(".proposals .map-status")).to_have_text("1 proposition sur la carte")
    expect(page.locator('.leaflet-marker-icon[title="Un local pour l\'atelier"]')).to_be_visible()
    expect(page.locator("#proposal-results")).to_contain_text("Un local pour l'atelier")


def test_after_a_switch_to_english_in_the_language_menu_the_map_speaks_english_and_opens_on_the_territory(page):
    process = make_process()
    author = User.objects.create_user("dominique@example.org", "Dominique", PASSWORD)
    services.proposal_create(
        author=author, process=process, title="Plus de bus", body="…", geometry=Point(*GRAND_PLACE_LILLE, srid=4326)
    )
    page.goto(f"/concertations/{process.slug}/")
    expect(page.locator(".proposals .map-status")).to_have_text("1 proposition sur la carte")

    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".proposals .map-status")).to_have_text("1 proposal on the map")
    page.locator(".leaflet-marker-icon[title='Plus de bus']").click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("0 supports")
    west, south, east, north = extent(srid=4326)
    view = page.evaluate(
        "() => { const b = window.gpMap.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"
    )
    assert view[0] <= west and view[1] <= south and view[2] >= east and view[3] >= north
    # Fitted to the communes, not merely holding them: they span most of the view one way or the other.
    assert max((east - west) / (view[2] - view[0]), (north - south) / (view[3] - view[1])) > 0.8


def test_before_the_communes_are_loaded_the_home_map_still_opens_on_the_metropolis(page):
    Commune.objects.all().delete()
    page.goto("/")

    expect(page.locator(".map-status")).to_have_text("0 proposition sur la carte")
    centre = page.evaluate("() => { const c = window.gpMap.getCenter(); return [c.lat, c.lng]; }")
    assert centre == pytest.approx([50.63, 3.06])
