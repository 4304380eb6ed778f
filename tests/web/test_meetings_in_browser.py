"""The meetings page in headless Chromium: a past meeting shows its report, in the list and on the map."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.participation import services

from ..factories import MAIRIE_ROUBAIX, make_meeting, make_process, make_proposal
from .browser import PASSWORD

LINKS = {"registration_url": "https://inscription.example.org/", "online_url": "https://visio.example.org/"}


def test_a_past_meeting_shows_its_report_and_a_future_one_its_registration_in_the_list_and_the_popups(page):
    process = make_process()
    citizen = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    proposal = make_proposal(process, citizen, title="Des arceaux vélo devant les écoles")
    past = make_meeting(process, ended=True, title="Atelier passé", **LINKS)
    services.meeting_report_write(
        meeting=past, report="Les habitants ont demandé des arceaux.", attendees=38, proposals=[proposal]
    )
    make_meeting(process, ended=False, title="Atelier à venir", where=MAIRIE_ROUBAIX, **LINKS)

    page.goto(f"/concertations/{process.slug}/reunions/")

    past_item = page.locator(f"#reunion-{past.pk}")
    expect(past_item.get_by_role("heading", name="Compte rendu")).to_be_visible()
    expect(past_item).to_contain_text("38 participants")
    expect(past_item).to_contain_text("Les habitants ont demandé des arceaux.")
    expect(past_item.get_by_role("link", name="S'inscrire")).to_have_count(0)
    expect(page.get_by_role("link", name="S'inscrire")).to_have_count(1)
    past_item.get_by_role("link", name="Des arceaux vélo devant les écoles").click()
    expect(page.get_by_role("heading", name="Des arceaux vélo devant les écoles")).to_be_visible()

    page.go_back()
    page.locator(".leaflet-marker-icon[title='Atelier passé']").click()
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("Réunion terminée")
    expect(popup.get_by_role("link", name="S'inscrire")).to_have_count(0)
    expect(popup.get_by_role("link", name="Réunion en ligne")).to_have_count(0)

    popup.locator(".leaflet-popup-close-button").click()
    expect(popup).to_have_count(0)
    # A marker is a button for the keyboard too.
    page.locator(".leaflet-marker-icon[title='Atelier à venir']").press("Enter")
    expect(popup).to_contain_text("Atelier à venir")
    expect(popup.get_by_role("link", name="S'inscrire")).to_have_attribute("href", LINKS["registration_url"])
    expect(popup).not_to_contain_text("Réunion terminée")
