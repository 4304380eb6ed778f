"""Past meetings on the citizen site: their report instead of registration and online links."""

import pytest

from geoparticipation.participation import services

from ..factories import make_meeting, make_proposal

pytestmark = pytest.mark.django_db

LINKS = {
    "registration_url": "https://inscription.example.org/atelier",
    "online_url": "https://visio.example.org/atelier",
}
REPORT = "Quarante habitants ont débattu des pistes cyclables et des bus."


def meetings_page(client, process):
    response = client.get(f"/concertations/{process.slug}/reunions/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_past_meeting_shows_its_report_and_no_registration_or_online_link(client, process, proposal):
    meeting = make_meeting(process, ended=True, **LINKS)
    services.meeting_report_write(meeting=meeting, report=REPORT, attendees=40, proposals=[proposal])

    page = meetings_page(client, process)

    assert "S'inscrire" not in page and "Rejoindre la réunion en ligne" not in page
    assert LINKS["registration_url"] not in page and LINKS["online_url"] not in page
    assert "Compte rendu" in page and REPORT in page and "40 participants" in page
    assert f'<a href="/concertations/{process.slug}/propositions/{proposal.pk}/">Un abri vélo</a>' in page
    assert "Compte rendu publié le " in page and "compte rendu à venir" not in page


def test_a_past_meeting_without_a_report_says_it_is_to_come(client, process):
    make_meeting(process, ended=True, **LINKS)

    page = meetings_page(client, process)

    assert "Réunion terminée — compte rendu à venir" in page
    assert "S'inscrire" not in page and LINKS["online_url"] not in page


def test_a_future_meeting_still_offers_registration_and_the_online_link(client, process):
    make_meeting(process, ended=False, **LINKS)

    page = meetings_page(client, process)

    assert f'<a href="{LINKS["registration_url"]}">S\'inscrire</a>' in page
    assert f'<a href="{LINKS["online_url"]}">Rejoindre la réunion en ligne</a>' in page
    assert "compte rendu à venir" not in page


def test_the_commune_page_offers_registration_for_a_future_meeting_and_hides_past_ones(client, process):
    make_meeting(process, ended=False, title="Atelier à venir", **LINKS)
    make_meeting(process, ended=True, title="Atelier passé", **LINKS)

    page = client.get("/communes/59350/").content.decode()

    assert "Atelier à venir" in page and LINKS["registration_url"] in page
    assert "Atelier passé" not in page


def test_a_hidden_proposal_linked_by_a_report_is_not_shown(client, process, citizen, proposal, officer):
    other = make_proposal(process, citizen, title="Des bus plus fréquents")
    meeting = make_meeting(process, ended=True)
    services.meeting_report_write(meeting=meeting, report=REPORT, proposals=[proposal, other])
    services.content_hide(target=other, officer=officer, category="offensive", reason="Propos injurieux")

    page = meetings_page(client, process)

    assert "Un abri vélo" in page
    assert "Des bus plus fréquents" not in page and f"/propositions/{other.pk}/" not in page


def test_the_report_is_escaped(client, process):
    meeting = make_meeting(process, ended=True)
    services.meeting_report_write(meeting=meeting, report="<script>alert(1)</script>")

    page = meetings_page(client, process)

    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
