"""A failing mail server never turns a committed contribution or sign-up into an error, and loses no mail: it
waits in the queue, and `manage.py send_mail_queue` sends it once the server is back."""

import datetime
import io
import logging
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from geoparticipation.accounts.models import User
from geoparticipation.mail.models import QueuedMail
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment

pytestmark = pytest.mark.django_db
FAILING = "tests.mail.backends.FailingBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = FAILING
    return settings


def mail_server_back(settings):
    settings.EMAIL_BACKEND = WORKING


def send_queue():
    out = io.StringIO()
    call_command("send_mail_queue", stdout=out)
    return out.getvalue()


def test_a_comment_is_published_while_the_mail_server_fails_and_its_mail_goes_out_later(
    proposal, mail_server_down, mailoutbox, django_capture_on_commit_callbacks
):
    commenter = APIClient()
    commenter.force_authenticate(User.objects.create_user("dominique@example.org", "Dominique"))

    with django_capture_on_commit_callbacks(execute=True):
        response = commenter.post(f"/api/v1/proposals/{proposal.pk}/comments/", {"body": "Oui !"}, format="json")

    assert response.status_code == 201
    assert Comment.objects.count() == 1
    assert mailoutbox == []
    [queued] = QueuedMail.objects.all()
    assert queued.recipients == ["camille@example.org"]
    assert "SMTPException" in queued.last_error

    mail_server_back(mail_server_down)
    assert send_queue() == "1 courriel(s) envoyé(s), 0 en échec (nouvel essai plus tard).\n"
    send_queue()

    [message] = mailoutbox
    assert message.to == ["camille@example.org"]
    assert "Un abri vélo" in message.subject
    assert not QueuedMail.objects.exists()


def test_a_sign_up_succeeds_while_the_mail_server_fails_and_the_link_arrives_later(
    client, mail_server_down, mailoutbox, django_capture_on_commit_callbacks
):
    data = {
        "email": "alix@example.org",
        "pseudonym": "Alix",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accepts_charter": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/inscription/", data)

    assert response.status_code == 200
    assert "Un message vient d'être envoyé" in response.content.decode()
    assert User.objects.filter(email="alix@example.org").exists()
    assert mailoutbox == []

    mail_server_back(mail_server_down)
    send_queue()

    [message] = mailoutbox
    link = re.search(r"http://testserver(/comptes/confirmer/\S+/)", message.body).group(1)
    assert client.get(link).status_code == 302
    assert User.objects.get(email="alix@example.org").is_active


def test_a_password_reset_goes_through_the_queue(
    client, citizen, mail_server_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/mot-de-passe/", {"email": citizen.email})

    assert response.status_code == 302
    assert QueuedMail.objects.get().recipients == [citizen.email]

    mail_server_back(mail_server_down)
    send_queue()

    [message] = mailoutbox
    assert re.search(r"http://testserver/comptes/mot-de-passe/\S+/", message.body)


def test_a_mail_that_keeps_failing_is_tried_again_later_and_later(proposal, mail_server_down, mailoutbox):
    services.comment_create(author=User.objects.create_user("d@example.org", "Dominique"), target=proposal, body="x")
    queued = QueuedMail.objects.get()  # the attempt after the commit never ran: the cron is first

    waits = []
    for _ in range(4):
        QueuedMail.objects.update(next_attempt_at=timezone.now())  # the wait is over
        assert send_queue() == "0 courriel(s) envoyé(s), 1 en échec (nouvel essai plus tard).\n"
        queued.refresh_from_db()
        waits.append(round((queued.next_attempt_at - timezone.now()).total_seconds() / 60))

    assert waits == [0, 1, 2, 4]  # minutes: the next run first, then doubling, at most an hour
    assert queued.attempts == 4
    assert send_queue() == "0 courriel(s) envoyé(s), 0 en échec (nouvel essai plus tard).\n"  # not due: not tried
    mail_server_back(mail_server_down)
    QueuedMail.objects.update(next_attempt_at=timezone.now())
    send_queue()
    assert len(mailoutbox) == 1


def test_a_mail_still_failing_after_three_days_is_dropped_with_an_error_in_the_log(proposal, mail_server_down, caplog):
    services.comment_create(author=User.objects.create_user("d@example.org", "Dominique"), target=proposal, body="x")
    QueuedMail.objects.update(created_at=timezone.now() - datetime.timedelta(days=3, minutes=1))

    with caplog.at_level(logging.ERROR, logger="geoparticipation.mail.queue"):
        send_queue()

    assert not QueuedMail.objects.exists()
    assert "dropped after 1 attempts" in caplog.text
