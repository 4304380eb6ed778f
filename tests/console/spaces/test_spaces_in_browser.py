"""An administrator sets up a concertation from the console, as an officer would, in Chromium."""

import pytest

from geoparticipation.participation.models import Process, Theme
from tests.web.axe import assert_accessible
from tests.web.browser import browser, log_in, page  # noqa: F401

WIDTH = 1366
TABLET = 768


def check_page(tab):
    """Every console page: no serious or critical axe finding, no horizontal overflow at 1,366 px."""
    assert_accessible(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTH


@pytest.mark.django_db(transaction=True)
def test_an_administrator_creates_writes_schedules_maps_previews_and_publishes_a_concertation(page, administrator):  # noqa: F811
    Theme.objects.create(slug="climat", name="Climat")
    page.set_viewport_size({"width": WIDTH, "height": 768})
    log_in(page, administrator.email)

    page.goto("/gestion/")
    page.get_by_role("heading", name="Tableau de bord").wait_for()
    check_page(page)
    page.get_by_role("navigation", name="Gestion").get_by_role("link", name="Concertations").click()
    check_page(page)
    page.get_by_role("link", name="Nouvelle concertation").click()
    check_page(page)
    page.get_by_role("textbox", name="Titre (obligatoire)").fill("Les berges de la Deûle")
    page.get_by_label("Sous-titre").fill("Imaginer les quais de demain")
    page.get_by_role("button", name="Créer la concertation").click()
    page.get_by_text("est créée").wait_for()
    process = Process.objects.get(slug="les-berges-de-la-deule")
    assert not process.published
    check_page(page)

    page.get_by_role("link", name="Présentation").click()
    page.get_by_label("Présentation", exact=True).fill("Des quais **pour tous**.")
    page.get_by_label("Modalités de participation").fill("Proposez, commentez.")
    page.get_by_role("button", name="Aperçu").click()
    assert page.locator(".spaces-preview strong").inner_text() == "pour tous"
    check_page(page)
    page.get_by_label("Climat").check()
    page.get_by_label("Nouveau thème").fill("Berges et rivières")
    page.get_by_role("button", name="Enregistrer la présentation").click()
    page.get_by_text("La présentation est enregistrée.").wait_for()
    assert sorted(process.themes.values_list("name", flat=True)) == ["Berges et rivières", "Climat"]

    page.get_by_role("link", name="Calendrier").click()
    check_page(page)
    page.locator("#id_phases-0-position").fill("1")
    page.locator("#id_phases-0-title").fill("Idées")
    page.locator("#id_phases-0-start_date").fill("2027-01-01")
    page.locator("#id_phases-0-end_date").fill("2027-01-31")
    page.get_by_role("button", name="Enregistrer le calendrier").click()
    page.get_by_text("Le calendrier est enregistré.").wait_for()
    page.locator("#id_phases-1-position").fill("2")
    page.locator("#id_phases-1-title").fill("Débats")
    page.locator("#id_phases-1-start_date").fill("2027-02-01")
    page.locator("#id_phases-1-end_date").fill("2027-02-28")
    page.locator("#id_phases-1-allows_proposals").uncheck()
    page.get_by_role("button", name="Enregistrer le calendrier").click()
    page.get_by_text("Le calendrier est enregistré.").wait_for()
    phases = list(process.phases.order_by("position").values_list("title", "allows_proposals"))
    assert phases == [("Idées", True), ("Débats", False)]

    page.get_by_role("link", name="Territoire").click()
    page.locator("path.commune-59350").wait_for()
    check_page(page)
    page.locator("path.commune-59350").click()
    page.locator("path.commune-59512").click()
    assert page.get_by_label("Certaines communes").is_checked()
    assert page.get_by_label("Lille (59350)").is_checked()
    page.set_viewport_size({"width": TABLET, "height": 1024})
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET
    page.set_viewport_size({"width": WIDTH, "height": 768})
    page.get_by_role("button", name="Enregistrer le territoire").click()
    page.get_by_text("Le territoire est enregistré.").wait_for()
    assert sorted(process.communes.values_list("insee", flat=True)) == ["59350", "59512"]

    page.get_by_role("link", name="Vue d'ensemble").click()
    page.get_by_role("link", name="Aperçu de la page publique").click()
    page.get_by_text("Aperçu : cette concertation n'est pas publiée ; seuls ses agents la voient.").wait_for()
    page.get_by_role("heading", name="Les berges de la Deûle").wait_for()
    check_page(page)
    page.get_by_role("link", name="Retour à l'espace de la concertation").click()
    page.get_by_role("button", name="Publier la concertation").click()
    page.get_by_text("est publiée : chacun peut la voir").wait_for()
    process.refresh_from_db()
    assert process.published

    page.get_by_role("link", name="Page publique", exact=True).click()
    page.get_by_role("heading", name="Les berges de la Deûle", level=1).wait_for()
    assert page.get_by_text("Idées").first.is_visible()
    assert page.get_by_text("Des quais").is_visible()
