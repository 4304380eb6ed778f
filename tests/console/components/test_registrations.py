"""Registrations to a meeting on its public page: logged in, before the start, within the capacity, once; they are
the citizen's personal data."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from geoparticipation.accounts import services as accounts
from geoparticipation.accounts.models import User
from geoparticipation.accounts.personal_data import personal_data_json
from geoparticipation.participation import services
from geoparticipation.participation.models import MeetingRegistration
from tests.factories import make_meeting, make_process


@pytest.fixture
def meeting(process):
    return make_meeting(process, takes_registrations=True, capacity=1)


def _register(client, meeting, action="register"):
    return client.post(
        reverse("web:meeting_registration", args=[meeting.process.slug, meeting.pk]), {"action": action}, follow=True
    )


def test_a_citizen_registers_on_the_meetings_page_then_unregisters(client, citizen, meeting):
    client.force_login(citizen)
    page = client.get(reverse("web:meetings", args=[meeting.process.slug])).content.decode()
    assert "S'inscrire" in page and "Places prises : 0 sur 1" in page

    page = _register(client, meeting).content.decode()
    assert "Vous êtes inscrit à « Atelier climat »." in page and "Se désinscrire" in page
    assert MeetingRegistration.objects.filter(meeting=meeting, user=citizen).exists()

    page = _register(client, meeting, "unregister").content.decode()
    assert "Votre inscription à « Atelier climat » est annulée." in page
    assert not MeetingRegistration.objects.exists()


def test_a_full_meeting_refuses_the_next_citizen_with_a_message(client, citizen, meeting):
    other = User.objects.create_user("dominique@example.org", "Dominique", "un-mot-de-passe-solide")
    services.meeting_register(meeting=meeting, user=other)
    client.force_login(citizen)
    page = client.get(reverse("web:meetings", args=[meeting.process.slug])).content.decode()
    assert "Complet : il n'y a plus de place." in page
    page = _register(client, meeting).content.decode()
    assert "La réunion est complète : il n&#x27;y a plus de place." in page
    assert MeetingRegistration.objects.count() == 1


def test_registering_twice_is_refused(citizen, process):
    meeting = make_meeting(process, takes_registrations=True)
    services.meeting_register(meeting=meeting, user=citizen)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.meeting_register(meeting=meeting, user=citizen)


def test_registrations_close_at_the_start(client, citizen, process):
    meeting = make_meeting(process, takes_registrations=True)
    meeting.start_time = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save(update_fields=["start_time"])
    client.force_login(citizen)
    page = _register(client, meeting).content.decode()
    assert "Les inscriptions sont closes : la réunion a commencé." in page
    assert not MeetingRegistration.objects.exists()


def test_a_meeting_with_an_external_page_takes_no_registration(citizen, process):
    meeting = make_meeting(process, registration_url="https://example.org/inscription")
    with pytest.raises(ValidationError, match="ne prend pas d'inscriptions"):
        services.meeting_register(meeting=meeting, user=citizen)


def test_an_anonymous_visitor_is_sent_to_log_in(client, meeting):
    response = client.post(reverse("web:meeting_registration", args=[meeting.process.slug, meeting.pk]))
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    assert not MeetingRegistration.objects.exists()


def test_a_private_concertations_meeting_is_not_found_by_a_non_member(client, citizen):
    meeting = make_meeting(make_process("prive", is_private=True), takes_registrations=True)
    client.force_login(citizen)
    assert _register(client, meeting).status_code == 404
    assert not MeetingRegistration.objects.exists()


def test_the_personal_data_export_has_the_registrations(citizen, meeting):
    services.meeting_register(meeting=meeting, user=citizen)
    exported = json.loads("".join(personal_data_json(citizen)))
    assert exported["meeting_registrations"] == [
        {
            "meeting": meeting.pk,
            "title": "Atelier climat",
            "start_time": exported["meeting_registrations"][0]["start_time"],
            "created_at": exported["meeting_registrations"][0]["created_at"],
        }
    ]
    year = str(timezone.localtime(meeting.start_time).year)
    assert exported["meeting_registrations"][0]["start_time"].startswith(year)


def test_deleting_the_account_deletes_its_registrations(citizen, meeting):
    services.meeting_register(meeting=meeting, user=citizen)
    accounts.account_delete(user=citizen)
    assert not MeetingRegistration.objects.exists()
