"""The components as an officer uses them, in headless Chromium: a meeting placed by dragging its pin, a citizen's
registration, the list of registrations and the closing report; a debate closed with its conclusion."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.console.models import Role
from geoparticipation.debates.models import Debate
from geoparticipation.news.models import Article
from geoparticipation.participation.models import Meeting
from tests.factories import MAIRIE_ROUBAIX, make_process
from tests.web.axe import assert_accessible
from tests.web.browser import PASSWORD, browser, log_in, page  # noqa: F401

WIDE = {"width": 1366, "height": 768}


def officer_of(process):
    user = User.objects.create_user("agent-climat@example.org", "Agent climat", PASSWORD)
    Role.objects.create(user=user, kind=Role.Kind.PROCESS_OFFICER, process=process)
    return user


def assert_fits(tab):
    assert_accessible(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 1366


def drag_pin_to(tab, lon, lat):
    """Drags the form's pin with the mouse to where (lon, lat) is drawn, through Leaflet's own projection."""
    pin = tab.locator(".leaflet-marker-icon").first
    pin.scroll_into_view_if_needed()
    tab.evaluate(
        """async ([lon, lat]) => {
            await window.gpMap.outlinesLoaded;
            window.gpMap.fitBounds([[window.gpMap.getCenter().lat, window.gpMap.getCenter().lng], [lat, lon]],
                                   {animate: false, padding: [40, 40]});
        }""",
        [lon, lat],
    )
    box = pin.bounding_box()
    x, y = tab.evaluate(
        """([lon, lat]) => {
            const point = window.gpMap.latLngToContainerPoint([lat, lon]);
            const box = window.gpMap.getContainer().getBoundingClientRect();
            return [box.left + point.x, box.top + point.y];
        }""",
        [lon, lat],
    )
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
    tab.mouse.down()
    tab.mouse.move(x, y, steps=15)
    tab.mouse.up()


def test_an_officer_creates_a_meeting_by_dragging_its_pin_a_citizen_registers_and_the_report_follows(
    page,  # noqa: F811
    browser,  # noqa: F811
    live_server,
):
    process = make_process()
    officer = officer_of(process)
    User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    page.set_viewport_size(WIDE)
    log_in(page, officer.email)

    page.goto(f"/gestion/concertations/{process.slug}/reunions/")
    assert_fits(page)
    page.get_by_role("link", name="Nouvelle réunion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle réunion")
    start = timezone.localtime() + datetime.timedelta(days=2)
    page.get_by_label("Titre").fill("Atelier vélo à Roubaix")
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT18:00"))
    page.get_by_label("Fin").fill(start.strftime("%Y-%m-%dT20:00"))
    page.get_by_label("Adresse").fill("Hôtel de ville, Roubaix")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    assert_fits(page)
    drag_pin_to(page, *MAIRIE_ROUBAIX)
    expect(page.locator("#location-status")).to_contain_text("Roubaix")
    page.get_by_label("Inscriptions sur le site").check()
    page.get_by_label("Nombre de places").fill("20")
    page.get_by_role("button", name="Enregistrer la réunion").click()
    expect(page.locator(".messages")).to_contain_text("La réunion « Atelier vélo à Roubaix » est enregistrée.")
    meeting = Meeting.objects.get(title="Atelier vélo à Roubaix")
    assert meeting.commune.nom == "Roubaix" and meeting.takes_registrations and meeting.capacity == 20

    citizen_context = browser.new_context(locale="fr-FR", viewport=WIDE, base_url=live_server.url)
    citizen_page = citizen_context.new_page()
    log_in(citizen_page, "camille@example.org")
    citizen_page.goto(f"/concertations/{process.slug}/reunions/")
    citizen_page.get_by_role("button", name="S'inscrire : Atelier vélo à Roubaix").click()
    expect(citizen_page.locator(".messages")).to_contain_text("Vous êtes inscrit à « Atelier vélo à Roubaix ».")
    expect(citizen_page.get_by_role("button", name="Se désinscrire : Atelier vélo à Roubaix")).to_be_visible()
    citizen_context.close()
    assert meeting.registrations.get().user.pseudonym == "Camille59"

    page.goto(f"/gestion/concertations/{process.slug}/reunions/")
    page.get_by_role("link", name="Inscrits à « Atelier vélo à Roubaix »").click()
    expect(page.get_by_role("rowheader", name="Camille59")).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 inscrit")
    assert_fits(page)

    # The meeting took place.
    Meeting.objects.filter(pk=meeting.pk).update(
        start_time=timezone.now() - datetime.timedelta(hours=3), end_time=timezone.now() - datetime.timedelta(hours=1)
    )
    page.goto(f"/gestion/concertations/{process.slug}/reunions/")
    page.get_by_role("link", name="Rédiger le compte rendu de « Atelier vélo à Roubaix »").click()
    assert_fits(page)
    page.get_by_label("Compte rendu").fill("Vingt personnes ; trois pistes retenues.")
    page.get_by_label("Nombre de participants").fill("18")
    page.get_by_role("button", name="Publier le compte rendu").click()
    expect(page.locator(".messages")).to_contain_text("Le compte rendu de « Atelier vélo à Roubaix » est enregistré.")
    meeting.refresh_from_db()
    assert meeting.report == "Vingt personnes ; trois pistes retenues." and meeting.attendees == 18
    assert meeting.report_published_at is not None


def test_an_officer_closes_a_debate_with_its_conclusion(page):  # noqa: F811
    process = make_process()
    officer = officer_of(process)
    debate = Debate.objects.create(process=process, title="Faut-il piétonniser la rue ?", published_at=timezone.now())
    page.set_viewport_size(WIDE)
    log_in(page, officer.email)

    page.goto(f"/gestion/concertations/{process.slug}/actualites/")
    assert_fits(page)
    page.goto(f"/gestion/concertations/{process.slug}/debats/")
    assert_fits(page)
    page.get_by_role("link", name="Clore avec une conclusion : « Faut-il piétonniser la rue ? »").click()
    page.get_by_role("button", name="Clore le débat et publier la conclusion").click()
    expect(page.locator(".error-summary")).to_contain_text("conclusion")
    assert_fits(page)
    page.get_by_label("Conclusion de la métropole").fill("La rue sera piétonne le samedi.")
    page.get_by_role("button", name="Clore le débat et publier la conclusion").click()
    expect(page.locator(".messages")).to_contain_text("est clos avec sa conclusion")
    expect(page.get_by_role("cell", name="Clos, conclu le")).to_be_visible()
    debate.refresh_from_db()
    assert debate.state == Debate.State.CLOSED and debate.conclusion == "La rue sera piétonne le samedi."


def test_an_officer_opens_a_debate_and_writes_then_publishes_an_article(page):  # noqa: F811
    process = make_process()
    officer = officer_of(process)
    page.set_viewport_size(WIDE)
    log_in(page, officer.email)

    page.goto(f"/gestion/concertations/{process.slug}/debats/")
    page.get_by_role("link", name="Ouvrir un débat").click()
    assert_fits(page)
    page.get_by_label("Question").fill("Quelle place pour la voiture ?")
    page.get_by_role("button", name="Enregistrer le débat").click()
    expect(page.locator(".messages")).to_contain_text("Le débat « Quelle place pour la voiture ? » est enregistré.")
    assert Debate.objects.get(title="Quelle place pour la voiture ?").geom is None

    page.goto(f"/gestion/concertations/{process.slug}/actualites/")
    page.get_by_role("link", name="Écrire une actualité").click()
    assert_fits(page)
    page.get_by_label("Titre").fill("Réunion de lancement")
    page.get_by_label("Texte (obligatoire)").fill("## Au programme\n\n- le calendrier")
    page.get_by_role("button", name="Enregistrer l'actualité").click()
    expect(page.get_by_role("cell", name="Brouillon")).to_be_visible()
    page.get_by_role("button", name="Publier « Réunion de lancement »").click()
    expect(page.locator(".messages")).to_contain_text("L'actualité « Réunion de lancement » est publiée.")
    assert Article.objects.get(title="Réunion de lancement").published
