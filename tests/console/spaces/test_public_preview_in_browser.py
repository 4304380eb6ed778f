"""An officer opens the real public page of the concertation they prepare from the console, in Chromium, and the
detail pages its tabs link."""

import datetime

from django.utils import timezone

from geoparticipation.debates.models import Debate
from geoparticipation.news.models import Article
from geoparticipation.participation.models import Process
from tests.factories import make_meeting, make_proposal
from tests.surveys.factories import make_survey
from tests.web.axe import assert_accessible
from tests.web.browser import browser, log_in, page  # noqa: F401

BANNER = "Aperçu : cette concertation n'est pas publiée ; seuls ses agents la voient."
# The bilan last: its page has no tabs.
TABS = ("Réunions publiques", "Carte participative", "Actualités", "Débats", "Questionnaires", "Bilan")


def check_the_page(tab):
    assert tab.get_by_text(BANNER).is_visible()
    assert_accessible(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 1366


def open_the_preview(page, process, officer):  # noqa: F811
    """The concertation unpublished, its officer opens « Aperçu de la page publique » from its space."""
    Process.objects.filter(pk=process.pk).update(published=False)
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, officer.email)
    page.goto(f"/gestion/concertations/{process.slug}/")
    page.get_by_role("link", name="Aperçu de la page publique").click()
    page.get_by_text(BANNER).wait_for()


def test_an_officer_previews_the_unpublished_concertation_with_all_its_tabs(page, process, process_officer):  # noqa: F811
    make_meeting(process, title="Atelier des berges")
    open_the_preview(page, process, process_officer)
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


CLOSED = "Aperçu : les contributions ouvriront à la publication."


def test_an_officer_opens_each_detail_page_from_its_tab_in_the_preview_and_comes_back(
    page,  # noqa: F811
    process,
    process_officer,
    citizen,
):
    make_proposal(process, citizen, title="Un abri vélo couvert")
    Debate.objects.create(process=process, title="Piétonniser la Grand-Place ?", published_at=timezone.now())
    make_survey(process, kinds=("single", "text"))
    Article.objects.create(
        slug="atelier-des-berges",
        title="L'atelier des berges",
        body="Le **texte**.",
        process=process,
        published=True,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    open_the_preview(page, process, process_officer)
    tabs = page.get_by_role("navigation", name="Sections de la concertation")

    # (tab, link to the detail, its h1 (None: the concertation's), the link back to the tab)
    visits = (
        (None, "Un abri vélo couvert", "Un abri vélo couvert", process.title),
        ("Débats", "Piétonniser la Grand-Place ?", "Piétonniser la Grand-Place ?", f"Les débats de {process.title}"),
        ("Questionnaires", "Vos déplacements", None, "Questionnaires"),
        ("Actualités", "L'atelier des berges", "L'atelier des berges", "Actualités de la concertation"),
    )
    for tab, detail, heading, back in visits:
        if tab:
            tabs.get_by_role("link", name=tab, exact=True).click()
            page.wait_for_load_state()
        page.get_by_role("link", name=detail, exact=True).first.click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1, name=heading or process.title).is_visible()
        check_the_page(page)
        if tab != "Actualités":
            assert page.get_by_text(CLOSED).first.is_visible()
        if tab == "Questionnaires":
            assert page.get_by_label("Question text").is_disabled()
            page.get_by_role("link", name="Voir les résultats du questionnaire").click()
            page.wait_for_load_state()
            check_the_page(page)
        page.get_by_role("link", name=back).first.click()
        page.wait_for_load_state()
        assert page.get_by_text(BANNER).is_visible()

    assert not Process.objects.get(pk=process.pk).published
