"""The map widget as a citizen uses it, in headless Chromium: the legend, the commune named at the click, a place
outside refused at the click, « Me localiser », and a shape drawn with the keyboard alone."""

import pytest
from django.contrib.gis.geos import Point, Polygon
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Proposal
from geoparticipation.surveys.models import Answer
from geoparticipation.territory.models import Commune

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process
from ..surveys.factories import make_survey
from .browser import PASSWORD, log_in
from .test_citizen_map_in_browser import click_at, zoom_to

MOUSCRON = (3.2060, 50.7440)  # Belgium, past the border north of Roubaix


@pytest.fixture
def citizen_in_browser(page):
    user = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    log_in(page, user.email)
    return user


def pin_position(page):
    return page.evaluate(
        """() => {
            let at = null;
            window.gpMap.eachLayer((l) => { if (l.dragging && l.getLatLng) at = l.getLatLng(); });
            return at && [at.lng, at.lat];
        }"""
    )


def test_the_maps_explain_their_symbols_in_words_and_no_map_nests_controls_in_an_image(page):
    process = make_process()
    author = User.objects.create_user("dominique@example.org", "Dominique", PASSWORD)
    proposal = services.proposal_create(
        author=author, process=process, title="Plus de bus", body="…", geometry=Point(*GRAND_PLACE_LILLE, srid=4326)
    )
    for title in ("Un banc", "Un arbre"):
        services.proposal_create(
            author=author, process=process, title=title, body="…", geometry=Point(*MAIRIE_ROUBAIX, srid=4326)
        )
    services.annotation_create(
        author=author,
        process=process,
        kind="probleme",
        comment="Un trou dans la chaussée.",
        geometry=Point(*MAIRIE_ROUBAIX, srid=4326),
    )

    page.goto(f"/concertations/{process.slug}/")
    legend = page.locator(".gp-legend")
    expect(legend).to_contain_text("Proposition publiée")
    expect(legend).to_contain_text("Proposition acceptée")
    expect(legend).to_contain_text("un groupe de N propositions")
    expect(page.get_by_role("button", name="un groupe de 2 propositions")).to_be_visible()
    page.locator(".leaflet-marker-icon[title='Plus de bus']").click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Publiée")

    page.goto(f"/concertations/{process.slug}/carte/")
    expect(page.locator(".gp-legend")).to_contain_text("Annotation « Problème »")
    expect(page.locator(".gp-legend")).to_contain_text("Annotation « Idée »")
    zoom_to(page, *MAIRIE_ROUBAIX, 15)
    page.locator(".leaflet-overlay-pane path.leaflet-interactive").last.click()
    expect(page.locator(".leaflet-popup-content strong")).to_have_text("Problème")

    page.goto(f"/concertations/{process.slug}/propositions/{proposal.pk}/")
    map_ = page.get_by_role("region", name="Carte : lieu de la proposition, à Lille")
    expect(map_.locator(".gp-legend")).to_contain_text("Repère : le lieu de la proposition")
    expect(page.locator(".gp-map[role='img']")).to_have_count(0)

    # On a phone the legend starts closed, and opens from its summary.
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto("/")
    summary = page.get_by_text("Légende", exact=True)
    expect(page.get_by_text("Proposition publiée")).to_be_hidden()
    summary.click()
    expect(page.get_by_text("Proposition publiée")).to_be_visible()


def test_a_pin_names_its_commune_at_once_and_a_pin_in_belgium_is_refused_where_it_is_clicked(page, citizen_in_browser):
    process = make_process()
    page.goto(f"/concertations/{process.slug}/propositions/nouvelle/")
    page.get_by_label("Titre").fill("Un banc devant la mairie")
    page.get_by_label("Votre proposition").fill("Pour se reposer.")
    zoom_to(page, 3.19, 50.72, 12)

    click_at(page, *MAIRIE_ROUBAIX)
    expect(page.locator("#location-status")).to_contain_text("Vous êtes à Roubaix.")
    placed = pin_position(page)

    click_at(page, *MOUSCRON)
    expect(page.locator("#location-error")).to_have_text(
        "Ce lieu est en dehors du territoire de la métropole (95 communes)."
    )
    assert pin_position(page) == placed
    expect(page.get_by_label("Longitude")).to_have_value(f"{placed[0]:.6f}")

    page.get_by_role("button", name="Publier ma proposition").click()
    expect(page.get_by_role("heading", name="Un banc devant la mairie")).to_be_visible()
    assert Proposal.objects.get().commune.insee == "59512"


def test_me_localiser_drops_the_pin_where_one_stands_and_says_when_it_cannot(browser, live_server, committed_territory):
    process = make_process()
    User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, geolocation={"longitude": 3.0630, "latitude": 50.6370}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "camille@example.org")
    page.goto(f"/concertations/{process.slug}/propositions/nouvelle/")

    # Not granted: the browser refuses, the page says so and places nothing.
    page.get_by_role("button", name="Me localiser").click()
    expect(page.locator("#location-status")).to_have_text(
        "Vous n'avez pas autorisé la localisation : placez le repère sur la carte ou choisissez une commune."
    )
    expect(page.get_by_label("Longitude")).to_have_value("")

    context.grant_permissions(["geolocation"])
    page.get_by_role("button", name="Me localiser").click()
    expect(page.locator("#location-status")).to_contain_text("Vous êtes à Lille.")
    expect(page.get_by_label("Longitude")).to_have_value("3.063000")
    expect(page.get_by_label("Latitude")).to_have_value("50.637000")

    context.set_geolocation({"longitude": OUTSIDE_TERRITORY[0], "latitude": OUTSIDE_TERRITORY[1]})
    page.get_by_role("button", name="Me localiser").click()
    expect(page.locator("#location-error")).to_have_text(
        "Ce lieu est en dehors du territoire de la métropole (95 communes)."
    )
    expect(page.get_by_label("Longitude")).to_have_value("3.063000")
    context.close()


def test_a_triangle_drawn_with_the_keyboard_alone_becomes_an_annotation_in_lille(page, citizen_in_browser):
    process = make_process()
    page.goto(f"/concertations/{process.slug}/carte/")
    zoom_to(page, *GRAND_PLACE_LILLE, 15)
    status = page.locator("#drawing-status")
    page.get_by_label("Forme à tracer au clavier").select_option(label="une zone")
    map_ = page.get_by_role("application", name="Carte participative")
    map_.focus()

    def pan(key, times):
        for _ in range(times):
            page.keyboard.press(key)
        page.wait_for_timeout(400)  # Leaflet's keyboard pan is animated

    centres = []

    def add_vertex(number):
        centres.append(page.evaluate("() => { const c = window.gpMap.getCenter(); return [c.lng, c.lat]; }"))
        page.keyboard.press("Enter")
        expect(status).to_contain_text(f"Point {number} ajouté à Lille.")

    add_vertex(1)
    pan("ArrowRight", 2)
    add_vertex(2)
    page.keyboard.press("Escape")
    expect(status).to_have_text("Une zone compte au moins 3 points : ajoutez-en avec Entrée.")
    pan("ArrowUp", 2)
    add_vertex(3)
    page.keyboard.press("Backspace")
    expect(status).to_have_text("Dernier point retiré : 2 points restent.")
    add_vertex(3)
    expect(page.locator(".leaflet-overlay-pane path[stroke-dasharray]")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(status).to_have_text("Vous êtes à Lille. Tracé prêt : une zone. Décrivez-le puis publiez.")
    expect(page.get_by_label("Commentaire")).to_be_focused()

    page.keyboard.type("Une zone à apaiser.")
    page.get_by_label("Type").select_option(label="Idée")
    page.get_by_role("button", name="Publier l'annotation").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Votre annotation est publiée")).to_be_visible()
    annotation = Annotation.objects.get()
    assert annotation.commune.insee == "59350"
    assert annotation.kind == "idee"
    expected = Polygon([*centres, centres[0]], srid=4326).transform(2154, clone=True)
    stored = annotation.geom.transform(2154, clone=True)
    assert stored.geom_type == "Polygon" and stored.num_coords == 4
    assert stored.sym_difference(expected).area < 0.01 * expected.area


def test_a_survey_area_is_drawn_from_the_keyboard_inside_the_communes_of_its_concertation(page, citizen_in_browser):
    process = make_process("centre-lille")
    process.communes.set([Commune.objects.get(insee="59350")])
    survey = make_survey(process, kinds=("area",))
    page.goto(f"/concertations/{process.slug}/questionnaires/{survey.slug}/")
    status = page.locator(".location-status")
    map_ = page.get_by_role("application", name="Carte : dessinez une zone")

    zoom_to(page, *MAIRIE_ROUBAIX, 15)
    map_.focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text("Ce lieu (Roubaix) est en dehors du territoire de la concertation. Point non ajouté.")

    zoom_to(page, *GRAND_PLACE_LILLE, 15)
    map_.focus()
    for number, key in enumerate(["ArrowRight", "ArrowUp", None], start=1):
        page.keyboard.press("Enter")
        expect(status).to_contain_text(f"Point {number} ajouté à Lille.")
        if key:
            page.keyboard.press(key)
            page.wait_for_timeout(400)  # Leaflet's keyboard pan is animated
    # Sent before Escape: the submit closes the area.
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_text("Merci ! Vos réponses sont enregistrées.")).to_be_visible()
    answer = Answer.objects.get(response__user=citizen_in_browser)
    assert answer.geom.geom_type == "Polygon" and answer.geom.num_coords == 4
    assert answer.commune.insee == "59350"
