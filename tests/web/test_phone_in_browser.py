"""The site on a phone (390 × 844, in headless Chromium): no page wider than the screen, the header's menu behind a
button, the communes page's search and map, a survey's map results."""

import pytest
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.participation import services

from ..factories import make_meeting, make_process, make_proposal, point
from ..surveys.factories import make_survey, place_in, respondents
from .browser import PASSWORD, log_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server, committed_territory):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(committed_territory):
    """A concertation with a proposal, a meeting, an annotation, a survey with answers, and a participant."""
    process = make_process()
    user = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    proposal = make_proposal(process, user, title="Un abri vélo avec un titre assez long pour tenir sur deux lignes")
    make_meeting(process)
    services.annotation_create(
        process=process, author=user, kind="probleme", comment="Trou", geometry=point(3.06, 50.63)
    )
    survey = make_survey(process, slug="lieux", kinds=("single", "point"))
    survey.published = True
    survey.save()
    # Roubaix's 3 answers are withheld, and Lille's 6 with them; Tourcoing's 7 are shown.
    for nom, n in (("Lille", 6), ("Roubaix", 3), ("Tourcoing", 7)):
        respondents(survey, n, place_in(nom), prefix=nom.lower())
    return {"process": process, "proposal": proposal, "survey": survey, "user": user}


def assert_fits(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width} px wide"


def test_every_page_kind_fits_a_phone_and_the_menu_opens_from_its_button(phone, site):
    process, survey = site["process"], site["survey"]
    slug = process.slug
    pages = [
        "/",
        f"/concertations/{slug}/",
        f"/concertations/{slug}/propositions/{site['proposal'].pk}/",
        f"/concertations/{slug}/reunions/",
        f"/concertations/{slug}/carte/",
        f"/concertations/{slug}/questionnaires/",
        f"/concertations/{slug}/questionnaires/{survey.slug}/",
        f"/concertations/{slug}/questionnaires/{survey.slug}/resultats/",
        f"/concertations/{slug}/bilan/",
        "/communes/",
        "/communes/59350/",
        "/opendata/",
        "/pages/mentions-legales/",
        "/comptes/connexion/",
        "/comptes/inscription/",
        "/comptes/mot-de-passe/",
    ]
    for path in pages:
        assert_fits(phone, path)

    # The survey's map colours the communes with the table's counts: « n.c. » in grey, as the legend says.
    phone.goto(pages[7])
    styles = phone.evaluate(
        """async () => {
            await window.gpMap.outlinesLoaded;
            const styles = {};
            window.gpMap.outlines.eachLayer((layer) => {
                styles[layer.feature.properties.nom] = [layer.options.fillColor, layer.getTooltip().getContent()];
            });
            return styles;
        }"""
    )
    assert styles["Roubaix"] == ["#999", "Roubaix : n.c."]
    assert styles["Lille"] == ["#999", "Lille : n.c."]
    assert styles["Tourcoing"] == ["#c6dbef", "Tourcoing : 7"]
    assert styles["Seclin"] == ["#fff", "Seclin : 0"]

    # The menu is folded behind its button; the keyboard opens it, Escape folds it back onto the button.
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    communes = phone.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Communes")
    expect(communes).to_be_hidden()
    menu.focus()
    phone.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(communes).to_be_visible()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    menu.click()
    communes.click()
    expect(phone.get_by_role("heading", name="Les 95 communes de la métropole")).to_be_visible()

    # The communes page filters its list as one types, without accents or hyphens; its map is coloured.
    phone.get_by_label("Rechercher une commune").press_sequentially("villeneuve d ascq")
    rows = phone.locator("#commune-table tbody tr:visible")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Villeneuve-d'Ascq")
    expect(rows.first).to_contain_text("62\u202f868")
    expect(phone.get_by_role("status")).to_have_text("1 commune")
    phone.get_by_label("Rechercher une commune").fill("zzz")
    phone.get_by_label("Rechercher une commune").press("Backspace")
    expect(phone.get_by_text("Aucune commune ne correspond à cette recherche.")).to_be_visible()
    expect(phone.locator(".gp-map[data-coloured]")).to_have_count(1)

    # A participant's pages, reached through the menu.
    log_in(phone, site["user"].email)
    for path in ("/comptes/profil/", f"/concertations/{slug}/propositions/nouvelle/"):
        assert_fits(phone, path)


def test_without_a_script_the_menu_stays_open(browser, live_server, committed_territory):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Communes")).to_be_visible()
    context.close()
