"""The forms that send mail: sign-up and password reset, limited per e-mail address and per IP address."""

import re

import pytest
from django.core import mail

from geoparticipation.accounts.models import User

pytestmark = pytest.mark.django_db
RESET = "/comptes/mot-de-passe/"
SIGNUP = "/comptes/inscription/"
RESEND = "/comptes/confirmer/renvoyer/"


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def sign_up(client, email, pseudonym, ip):
    password = "un-mot-de-passe-solide"
    data = {
        "email": email,
        "pseudonym": pseudonym,
        "password1": password,
        "password2": password,
        "accepts_charter": "on",
    }
    return client.post(SIGNUP, data, REMOTE_ADDR=ip)


def test_five_reset_requests_mail_an_address_five_times_then_are_refused_whatever_the_ip(
    rates, client, citizen, django_capture_on_commit_callbacks
):
    rates(password_resets="5/hour")
    with django_capture_on_commit_callbacks(execute=True):  # mail leaves the queue once the request commits
        for n in range(5):
            assert client.post(RESET, {"email": citizen.email}, REMOTE_ADDR=f"192.0.2.{n}").status_code == 302

    refused = client.post(RESET, {"email": citizen.email.upper()}, REMOTE_ADDR="192.0.2.99")

    assert len(mail.outbox) == 5
    assert refused.status_code == 429
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    assert "Trop de demandes en peu de temps : réessayez dans 60 minutes." in refused.text
    assert f'value="{citizen.email.upper()}"' in refused.text


def test_reset_requests_from_one_ip_address_are_limited_whatever_the_addresses(rates, client):
    rates(password_resets="5/hour")
    for n in range(5):
        client.post(RESET, {"email": f"personne{n}@example.org"}, REMOTE_ADDR="192.0.2.1")

    assert client.post(RESET, {"email": "autre@example.org"}, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(RESET, {"email": "autre@example.org"}, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_the_reset_form_answers_the_same_for_an_unknown_address_before_and_at_the_limit(rates, client, citizen):
    rates(password_resets="1/hour")
    known = client.post(RESET, {"email": citizen.email}, REMOTE_ADDR="192.0.2.1")
    unknown = client.post(RESET, {"email": "inconnu@example.org"}, REMOTE_ADDR="192.0.2.2")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)

    known = client.post(RESET, {"email": citizen.email}, REMOTE_ADDR="192.0.2.3")
    unknown = client.post(RESET, {"email": "inconnu@example.org"}, REMOTE_ADDR="192.0.2.4")
    assert (known.status_code, known["Retry-After"]) == (unknown.status_code, unknown["Retry-After"]) == (429, "3600")
    assert without_csrf(known.text).replace(citizen.email, "") == without_csrf(unknown.text).replace(
        "inconnu@example.org", ""
    )


def test_sign_ups_from_one_ip_address_are_limited_and_the_refused_one_creates_nothing(
    rates, client, django_capture_on_commit_callbacks
):
    rates(signups="2/hour")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "a@example.org", "Alix", "192.0.2.1")
        sign_up(client, "b@example.org", "Bastien", "192.0.2.1")
        refused = sign_up(client, "c@example.org", "Chloé", "192.0.2.1")

    assert refused.status_code == 429 and "Retry-After" in refused
    assert "Trop de demandes en peu de temps" in refused.text
    assert 'value="Chloé"' in refused.text
    assert not User.objects.filter(email="c@example.org").exists()
    assert len(mail.outbox) == 2
    assert sign_up(client, "c@example.org", "Chloé", "192.0.2.2").status_code == 200


def test_sign_ups_with_one_address_stop_mailing_its_owner_whatever_the_ip(
    rates, client, citizen, django_capture_on_commit_callbacks
):
    rates(signups="2/hour")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            sign_up(client, citizen.email, f"Autre{n}", f"192.0.2.{n}")

    assert len(mail.outbox) == 2
    assert all(message.to == [citizen.email] for message in mail.outbox)


def test_activation_links_asked_again_are_counted_like_sign_ups_and_read_the_same_for_an_unknown_address(
    rates, client, django_capture_on_commit_callbacks
):
    rates(signups="2/hour")
    User.objects.create_user("alix@example.org", "Alix", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = [client.post(RESEND, {"email": "alix@example.org"}, REMOTE_ADDR=f"192.0.2.{n}") for n in range(3)]
        unknown = [
            client.post(RESEND, {"email": "inconnu@example.org"}, REMOTE_ADDR=f"198.51.100.{n}") for n in range(3)
        ]

    assert [r.status_code for r in waiting] == [r.status_code for r in unknown] == [200, 200, 429]
    assert waiting[-1]["Retry-After"] == unknown[-1]["Retry-After"]
    assert "Trop de demandes en peu de temps" in waiting[-1].text
    assert without_csrf(waiting[-1].text).replace("alix@example.org", "") == without_csrf(unknown[-1].text).replace(
        "inconnu@example.org", ""
    )
    assert [message.to for message in mail.outbox] == [["alix@example.org"]] * 2
