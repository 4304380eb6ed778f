"""A concertation's officer analyses their contributions in headless Chromium: from the console's menu to the
workspace, a filter, two contributions tagged, then a row followed to the console's page of the contribution; every
page of /analyse/ passes axe and fits 1,366 px."""

from django.utils import timezone
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.analysis.models import CampaignFlag, Tag
from geoparticipation.console.models import Role
from geoparticipation.territory.models import Commune
from tests.analysis.helpers import ROUBAIX, annotate, person, propose
from tests.factories import make_process
from tests.web.axe import assert_accessible
from tests.web.browser import PASSWORD, browser, log_in, page  # noqa: F401


def fits(analysis_page):
    assert analysis_page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert_accessible(analysis_page)


def test_an_officer_filters_tags_two_contributions_and_opens_one_in_the_console(page):  # noqa: F811
    page.set_viewport_size({"width": 1366, "height": 768})
    climat, mobilite = make_process("plan-climat"), make_process("mobilite")
    officer = User.objects.create_user("agent-climat@example.org", "Agent climat", PASSWORD)
    Role.objects.create(user=officer, kind=Role.Kind.PROCESS_OFFICER, process=climat)
    alice, bruno = person("Alice", home="59350", age="25-34", gender="f"), person("Bruno", home="59512")
    arbres = propose(climat, alice, "Arbres rue Nationale")
    propose(climat, bruno, "Toits végétalisés", where=ROUBAIX)
    ilot = annotate(climat, bruno, "Îlot de chaleur place Rihour")
    propose(mobilite, alice, "Piste cyclable Solférino")
    tag = Tag.objects.create(name="Végétalisation")
    CampaignFlag.objects.create(
        process=climat, rule="duplicates", key="k", explanation="12 textes identiques", computed_at=timezone.now()
    ).proposals.add(arbres)

    log_in(page, officer.email)
    page.goto("/gestion/")
    page.locator(".console-nav").get_by_role("link", name="Analyse", exact=True).click()
    expect(page.get_by_role("heading", name="Analyse des contributions", level=1)).to_be_visible()
    expect(page.locator(".analysis-count")).to_contain_text("3 contributions")
    expect(page.get_by_text("Piste cyclable Solférino")).to_have_count(0)
    fits(page)

    page.get_by_label("Commune de la contribution").select_option(str(Commune.objects.get(insee="59350").pk))
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator(".analysis-count")).to_contain_text("2 contributions")
    page.get_by_label("Cocher Arbres rue Nationale").check()
    page.get_by_label("Cocher Îlot de chaleur place Rihour").check()
    page.get_by_label("Étiquette à appliquer ou retirer").select_option(label="Végétalisation")
    page.get_by_role("button", name="Appliquer l'étiquette aux contributions cochées").click()
    expect(page.get_by_text("Étiquette « Végétalisation » appliquée à 2 contribution(s) de plus.")).to_be_visible()
    expect(page.locator("tbody tr", has_text="Arbres rue Nationale")).to_contain_text("Végétalisation")
    assert set(tag.proposals.all()) == {arbres} and set(tag.annotations.all()) == {ilot}
    fits(page)

    for link, heading in [
        ("Tableau croisé", "Tableau croisé"),
        ("D'où / à propos d'où", "D'où viennent les contributions"),
        ("Campagnes", "Signalements de campagnes"),
        ("Étiquettes", "Étiquettes d'analyse"),
        ("Indicateurs", "Indicateurs de participation"),
    ]:
        page.locator(".analysis-nav").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        fits(page)
    expect(page.locator("tbody").first).not_to_contain_text("mobilite")

    page.locator(".analysis-nav").get_by_role("link", name="Campagnes").click()
    page.get_by_role("link", name="Textes quasi identiques").click()
    expect(
        page.get_by_role("heading", name="Textes quasi identiques — Concertation plan-climat", level=1)
    ).to_be_visible()
    fits(page)

    page.locator(".analysis-nav").get_by_role("link", name="Tableau croisé").click()
    page.get_by_label("En lignes").select_option(label="Étiquette d'analyse")
    page.get_by_label("En colonnes").select_option(label="Type de contribution")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("tbody tr", has_text="Végétalisation")).to_contain_text("2")
    fits(page)

    page.locator(".analysis-nav").get_by_role("link", name="Contributions et étiquetage").click()
    page.set_viewport_size({"width": 768, "height": 1024})
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    page.get_by_role("link", name="Arbres rue Nationale").click()
    expect(page.get_by_role("heading", name=f"Proposition n° {arbres.pk}")).to_be_visible()
    assert page.url.endswith(f"/gestion/moderation/proposition/{arbres.pk}/")
