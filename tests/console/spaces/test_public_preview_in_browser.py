"""An officer opens the real public page of the concertation they prepare from the console, in Chromium."""

from geoparticipation.participation.models import Process
from tests.factories import make_meeting
from tests.web.axe import assert_accessible
from tests.web.browser import browser, log_in, page  # noqa: F401

BANNER = "Aperçu : cette concertation n'est pas publiée ; seuls ses agents la voient."
# The bilan last: its page has no tabs.
TABS = ("Réunions publiques", "Carte participative", "Actualités", "Débats", "Questionnaires", "Bilan")


def check_the_page(tab):
    assert tab.get_by_text(BANNER).is_visible()
    assert_accessible(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 1366


def test_an_officer_previews_the_unpublished_concertation_with_all_its_tabs(page, process, process_officer):  # noqa: F811
    make_meeting(process, title="Atelier des berges")
    Process.objects.filter(pk=process.pk).update(published=False)
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, process_officer.email)
    page.goto(f"/gestion/concertations/{process.slug}/")

    page.get_by_role("link", name="Aperçu de la page publique").click()
    page.get_by_text(BANNER).wait_for()
    assert page.get_by_role("heading", level=1, name=process.title).is_visible()
    assert page.url.endswith(f"/concertations/{process.slug}/")
    check_the_page(page)

    tabs = page.get_by_role("navigation", name="Sections de la concertation")
    for name in TABS:
        tabs.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        check_the_page(page)
        if name == "Réunions publiques":
            assert page.get_by_text("Atelier des berges").first.is_visible()

    page.get_by_role("link", name="Retour à l'espace de la concertation").click()
    page.get_by_role("button", name="Publier la concertation").wait_for()
    assert not Process.objects.get(pk=process.pk).published
