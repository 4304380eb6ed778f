"""A citizen draws a route from the keyboard alone for a survey's line question, in headless Chromium."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.surveys.models import Answer

from ..factories import GRAND_PLACE_LILLE, make_process
from ..web.axe import assert_accessible
from ..web.browser import PASSWORD, log_in
from ..web.test_citizen_map_in_browser import click_at, zoom_to
from .factories import make_survey


def _check_page(shown):
    assert_accessible(shown)
    assert shown.evaluate("document.documentElement.scrollWidth") <= 1366


def test_a_citizen_draws_a_route_with_the_keyboard_and_it_is_stored_in_its_commune(page, live_server):
    survey = make_survey(make_process(), slug="trajets", kinds=("line",))
    user = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, user.email)

    page.goto(f"/concertations/{survey.process.slug}/questionnaires/{survey.slug}/")
    map_ = page.get_by_role("application", name="Carte : tracez un trajet")
    expect(page.locator(".leaflet-draw-draw-polyline")).to_have_attribute(
        "title", "Tracer une ligne"
    )  # the mouse's tool
    _check_page(page)
    status = page.locator(".location-status")

    zoom_to(page, *GRAND_PLACE_LILLE, 15)
    map_.focus()
    # A bow tie: up to the north-east, down to the east, then back up to the north across the first stretch.
    for number, keys in enumerate([("ArrowRight", "ArrowUp"), ("ArrowDown",), ("ArrowLeft", "ArrowUp"), ()], start=1):
        page.keyboard.press("Enter")
        expect(status).to_contain_text(f"Point {number} ajouté à Lille.")
        for key in keys:
            page.keyboard.press(key)
            page.wait_for_timeout(400)  # Leaflet's keyboard pan is animated
    page.keyboard.press("Escape")
    expect(status).to_have_text("Le trajet se recoupe : retirez le dernier point avec Retour arrière.")
    page.keyboard.press("Backspace")
    expect(status).to_have_text("Dernier point retiré : 3 points restent.")
    page.keyboard.press("Escape")
    expect(status).to_have_text("Vous êtes à Lille. Trajet tracé. Vous pouvez le retracer pour le remplacer.")
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_text("Merci ! Vos réponses sont enregistrées.")).to_be_visible()
    answer = Answer.objects.get(response__user=user)
    assert answer.geom.geom_type == "LineString" and answer.geom.num_coords == 3
    assert answer.commune.nom == "Lille"
    expect(page.get_by_text("Carte : tracer un trajet")).to_be_visible()
    _check_page(page)


def test_a_citizen_draws_a_route_with_the_mouse(page, live_server):
    survey = make_survey(make_process(), slug="trajets", kinds=("line",))
    user = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, user.email)

    page.goto(f"/concertations/{survey.process.slug}/questionnaires/{survey.slug}/")
    zoom_to(page, *GRAND_PLACE_LILLE, 15)
    page.locator(".leaflet-draw-draw-polyline").click()
    lon, lat = GRAND_PLACE_LILLE
    for vertex in ((lon - 0.004, lat), (lon, lat + 0.002), (lon + 0.004, lat)):
        click_at(page, *vertex)
        page.wait_for_timeout(200)  # one click, not a double click
    page.get_by_text("Terminer", exact=True).click()
    expect(page.locator(".location-status")).to_have_text(
        "Vous êtes à Lille. Trajet tracé. Vous pouvez le retracer pour le remplacer."
    )
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_text("Merci ! Vos réponses sont enregistrées.")).to_be_visible()
    answer = Answer.objects.get(response__user=user)
    assert answer.geom.geom_type == "LineString" and answer.geom.num_coords == 3
    assert answer.commune.nom == "Lille"
