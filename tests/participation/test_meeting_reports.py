"""The closing report of a meeting: written by officers once the meeting has ended, through the service and the
back-office alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from geoparticipation.participation import services
from geoparticipation.participation.models import Meeting

from ..factories import make_meeting, make_process, make_proposal

pytestmark = pytest.mark.django_db

REPORT = "Quarante habitants ont débattu des pistes cyclables et des bus."


@pytest.fixture
def officer(officer):
    officer.is_superuser = True
    officer.save()
    return officer


def change_url(meeting):
    return reverse("admin:participation_meeting_change", args=[meeting.pk])


def meeting_form(meeting, **changes):
    """The change page of the meeting as the officer finds it, with `changes` typed in."""
    published, start, end = (
        timezone.localtime(moment) for moment in (meeting.published_at, meeting.start_time, meeting.end_time)
    )
    return {
        "process": meeting.process_id,
        "title": meeting.title,
        "description": meeting.description,
        "published_at_0": f"{published:%Y-%m-%d}",
        "published_at_1": f"{published:%H:%M:%S}",
        "start_time_0": f"{start:%Y-%m-%d}",
        "start_time_1": f"{start:%H:%M:%S}",
        "end_time_0": f"{end:%Y-%m-%d}",
        "end_time_1": f"{end:%H:%M:%S}",
        "address": meeting.address,
        "geom": meeting.geom.transform(4326, clone=True).json,
        "registration_url": meeting.registration_url,
        "online_url": meeting.online_url,
        "report": meeting.report,
        "attendees": "" if meeting.attendees is None else meeting.attendees,
        "report_proposals": [p.pk for p in meeting.report_proposals.all()],
        "_save": "Enregistrer",
        **changes,
    }


def test_the_service_publishes_the_report_of_a_meeting_that_has_ended(process, proposal):
    meeting = make_meeting(process, ended=True)

    services.meeting_report_write(meeting=meeting, report=f"  {REPORT}  ", attendees=40, proposals=[proposal])

    meeting.refresh_from_db()
    assert (meeting.report, meeting.attendees) == (REPORT, 40)
    assert list(meeting.report_proposals.all()) == [proposal]
    assert meeting.report_published_at is not None


def test_the_service_refuses_a_report_before_the_meeting_has_ended(process):
    meeting = make_meeting(process, ended=False)

    with pytest.raises(ValidationError) as refused:
        services.meeting_report_write(meeting=meeting, report=REPORT, attendees=40)

    end = timezone.localtime(meeting.end_time)
    assert refused.value.message_dict["report"] == [
        f"Le compte rendu ne peut être publié qu'après la fin de la réunion, le {end:%d/%m/%Y à %H:%M}."
    ]
    meeting.refresh_from_db()
    assert (meeting.report, meeting.attendees, meeting.report_published_at) == ("", None, None)


def test_the_service_refuses_to_link_a_proposal_of_another_concertation(process, citizen):
    meeting = make_meeting(process, ended=True)
    elsewhere = make_proposal(make_process("assises-mobilite"), citizen, title="Un tram vers Roubaix")

    with pytest.raises(ValidationError) as refused:
        services.meeting_report_write(meeting=meeting, report=REPORT, proposals=[elsewhere])

    assert refused.value.message_dict["report_proposals"] == [
        "Seules les propositions de la concertation « Concertation plan-climat » peuvent être liées : "
        "« Un tram vers Roubaix » appartient à une autre concertation."
    ]
    assert not meeting.report_proposals.exists()


def test_a_number_of_attendees_without_a_text_is_refused_and_an_empty_text_withdraws_the_report(process, proposal):
    meeting = make_meeting(process, ended=True)
    with pytest.raises(ValidationError) as refused:
        services.meeting_report_write(meeting=meeting, report=" ", attendees=12)
    assert "Rédigez le compte rendu" in refused.value.message_dict["report"][0]

    services.meeting_report_write(meeting=meeting, report=REPORT, attendees=12, proposals=[proposal])
    services.meeting_report_write(meeting=meeting, report="")

    meeting.refresh_from_db()
    assert (meeting.report, meeting.attendees, meeting.report_published_at) == ("", None, None)
    assert not meeting.report_proposals.exists()


def test_an_officer_writes_the_report_of_a_past_meeting_in_the_back_office(client, officer, process, proposal):
    meeting = make_meeting(process, ended=True)
    client.force_login(officer)

    page = client.get(change_url(meeting)).content.decode()
    assert "Compte rendu" in page and "une fois la réunion terminée (pas avant)" in page
    response = client.post(
        change_url(meeting), meeting_form(meeting, report=REPORT, attendees="40", report_proposals=[proposal.pk])
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.report, meeting.attendees) == (REPORT, 40)
    assert list(meeting.report_proposals.all()) == [proposal]
    assert meeting.report_published_at is not None
    assert REPORT in client.get(f"/concertations/{process.slug}/reunions/").content.decode()


def test_the_back_office_says_a_report_waits_for_the_end_of_the_meeting(client, officer, process):
    meeting = make_meeting(process, ended=False)
    client.force_login(officer)

    response = client.post(change_url(meeting), meeting_form(meeting, report=REPORT, attendees="40"))

    assert response.status_code == 200
    end = timezone.localtime(meeting.end_time)
    assert response.context["adminform"].form.errors["report"] == [
        f"Le compte rendu ne peut être publié qu'après la fin de la réunion, le {end:%d/%m/%Y à %H:%M}."
    ]
    meeting.refresh_from_db()
    assert (meeting.report, meeting.attendees) == ("", None)


def test_the_back_office_refuses_a_proposal_of_another_concertation(client, officer, process, citizen):
    meeting = make_meeting(process, ended=True)
    elsewhere = make_proposal(make_process("assises-mobilite"), citizen, title="Un tram vers Roubaix")
    client.force_login(officer)

    response = client.post(change_url(meeting), meeting_form(meeting, report=REPORT, report_proposals=[elsewhere.pk]))

    assert response.status_code == 200
    assert "« Un tram vers Roubaix » appartient à une autre concertation." in str(
        response.context["adminform"].form.errors["report_proposals"]
    )
    assert not Meeting.objects.get(pk=meeting.pk).report


def test_a_meeting_with_a_report_cannot_be_moved_back_into_the_future(client, officer, process):
    meeting = make_meeting(process, ended=True)
    services.meeting_report_write(meeting=meeting, report=REPORT)
    client.force_login(officer)
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=2))

    response = client.post(change_url(meeting), meeting_form(meeting, end_time_0=f"{later:%Y-%m-%d}"))

    assert response.status_code == 200
    assert "sa fin ne peut pas être déplacée dans le futur" in response.context["adminform"].form.errors["end_time"][0]
    meeting.refresh_from_db()
    assert meeting.has_ended


def test_editing_a_meeting_elsewhere_keeps_its_report(client, officer, process, proposal):
    meeting = make_meeting(process, ended=True)
    services.meeting_report_write(meeting=meeting, report=REPORT, attendees=40, proposals=[proposal])
    client.force_login(officer)

    response = client.post(change_url(meeting), meeting_form(meeting, title="Atelier climat (Lille)"))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.report, meeting.attendees) == ("Atelier climat (Lille)", REPORT, 40)
    assert list(meeting.report_proposals.all()) == [proposal]
