"""A citizen reads a debate, argues « Pour » and « Contre », replies and supports, in headless Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.debates import services
from geoparticipation.debates.models import Argument, Debate

from ..factories import GRAND_PLACE_LILLE, make_process, point
from ..web.browser import PASSWORD, log_in


@pytest.fixture
def open_debate(committed_territory):
    process = make_process()
    debate = Debate.objects.create(
        process=process,
        title="Faut-il piétonniser la Grand-Place ?",
        description="Le samedi et le dimanche.",
        geom=point(*GRAND_PLACE_LILLE),
        published_at=timezone.now(),
    )
    dominique = User.objects.create_user("dominique@example.org", "Dominique", PASSWORD)
    services.argument_create(author=dominique, debate=debate, stance="against", body="Les livraisons du samedi.")
    return debate


def test_a_citizen_reads_a_debate_argues_for_and_against_replies_and_supports(page, open_debate):
    User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    log_in(page, "camille@example.org")
    page.goto("/concertations/plan-climat/")
    page.get_by_role("link", name="Débats").click()
    page.get_by_role("link", name="Faut-il piétonniser la Grand-Place ?").click()
    expect(page.get_by_role("heading", name="Faut-il piétonniser la Grand-Place ?")).to_be_visible()
    expect(page.get_by_role("heading", name="Contre (1)")).to_be_visible()

    page.get_by_label("Pour", exact=True).check()
    page.get_by_label("Votre argument").fill("Moins de bruit pour les promeneurs.")
    page.get_by_label("Centrer sur une commune").select_option(label="Roubaix")
    expect(page.locator("#location-status")).to_contain_text("Repère placé")
    page.get_by_role("button", name="Publier mon argument").click()
    expect(page.get_by_text("Votre argument est publié.")).to_be_visible()
    expect(page.get_by_role("heading", name="Pour (1)")).to_be_visible()

    # The keyboard alone: a stance chosen with the arrows, the form sent with Enter on its button.
    page.get_by_label("Nuance", exact=True).focus()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Contre", exact=True)).to_be_checked()
    page.get_by_label("Votre argument").fill("Les commerces perdront leurs clients en voiture.")
    page.get_by_role("button", name="Publier mon argument").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Contre (2)")).to_be_visible()

    livraisons = page.locator("li.argument", has_text="Les livraisons du samedi.").first
    livraisons.get_by_text("Répondre", exact=True).click()
    livraisons.get_by_label("Votre réponse").fill("Des créneaux de livraison le matin.")
    livraisons.get_by_role("button", name="Publier ma réponse").click()
    expect(page.get_by_text("Votre réponse est publiée.")).to_be_visible()

    livraisons = page.locator("li.argument", has_text="Les livraisons du samedi.").first
    livraisons.get_by_role("button", name="Soutenir").first.click()
    livraisons = page.locator("li.argument", has_text="Les livraisons du samedi.").first
    expect(livraisons.get_by_text("1 soutien", exact=True)).to_be_visible()
    expect(livraisons.get_by_text("Des créneaux de livraison le matin.", exact=True)).to_be_visible()

    mine = {a.body: a for a in Argument.objects.filter(author__pseudonym="Camille59").select_related("commune")}
    assert mine["Moins de bruit pour les promeneurs."].commune.nom == "Roubaix"
    assert mine["Moins de bruit pour les promeneurs."].stance == "for"
    assert mine["Les commerces perdront leurs clients en voiture."].stance == "against"
    assert mine["Des créneaux de livraison le matin."].parent.body == "Les livraisons du samedi."


def test_the_debate_map_shows_the_placed_arguments_by_stance_with_a_legend_in_words(page, open_debate):
    lon, lat = GRAND_PLACE_LILLE[0] + 0.004, GRAND_PLACE_LILLE[1]
    dominique = User.objects.get(email="dominique@example.org")
    services.argument_create(
        author=dominique, debate=open_debate, stance="nuance", body="Le dimanche seulement.", geometry=point(lon, lat)
    )
    page.goto(open_debate.get_absolute_url())
    debate_map = page.get_by_role("region", name="Carte : lieu du débat, à Lille, et arguments placés")
    expect(debate_map).to_have_attribute("data-arguments", "1")
    legend = debate_map.locator(".gp-legend")
    for stance in ("Pour", "Contre", "Nuance"):
        expect(legend).to_contain_text(f"Point : un argument « {stance} », cliquez pour le lire")

    x, y = page.evaluate(
        f"(() => {{ const p = window.gpMap.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }})()"
    )
    box = debate_map.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = debate_map.locator(".leaflet-popup")
    expect(popup).to_contain_text("Nuance")
    popup.get_by_role("link", name="Lire l'argument").click()
    expect(page).to_have_url(f"{open_debate.get_absolute_url()}#argument-{Argument.objects.get(stance='nuance').pk}")


def test_a_debate_with_more_placed_arguments_than_a_map_holds_asks_for_its_own_tiles(page, open_debate):
    """Beyond 20,000 placed arguments the map switches to vector tiles, cut to this debate by the server."""
    dominique = User.objects.get(email="dominique@example.org")
    lon, lat = GRAND_PLACE_LILLE
    Argument.objects.bulk_create(
        Argument(
            debate=open_debate,
            author=dominique,
            stance="for",
            body=f"Pour n° {n}",
            geom=point(lon + (n % 100) * 1e-5, lat + (n // 100) * 1e-5),
            published_at=timezone.now(),
        )
        for n in range(20_001)
    )
    tiles = []
    page.on("request", lambda request: "/tiles/debate_arguments/" in request.url and tiles.append(request.url))
    with page.expect_response(lambda r: "/tiles/debate_arguments/" in r.url and r.status == 200, timeout=60_000):
        page.goto(open_debate.get_absolute_url())
    assert all(url.endswith(f".pbf?debate={open_debate.pk}") for url in tiles), tiles
