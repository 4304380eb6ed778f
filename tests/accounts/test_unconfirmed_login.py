"""An account whose e-mail address is not confirmed yet, at the login page: told so when its password is right, and
offered the link again; told nothing more than anyone else otherwise."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from geoparticipation.accounts.models import User
from geoparticipation.accounts.tokens import activation_token

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/connexion/"
RESEND = "/comptes/confirmer/renvoyer/"
PASSWORD = "un-mot-de-passe-solide"
UNCONFIRMED = "Votre adresse e-mail n'est pas encore confirmée"
GENERIC = "Saisissez une adresse e-mail et un mot de passe valides"


@pytest.fixture(autouse=True)
def lockout(settings):
    """Logins as deployed, with django-axes counting the failures."""
    settings.AXES_ENABLED = True


@pytest.fixture
def waiting(db):
    """Alix signed up and has not opened the link yet."""
    return User.objects.create_user("alix@example.org", "Alix", PASSWORD, is_active=False)


def log_in(client, email, password, ip="192.0.2.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def text(response):
    return html.unescape(response.text)


def logged_in(client):
    return "_auth_user_id" in client.session


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def activation_link(message):
    return re.search(r"http://testserver(/comptes/confirmer/\S+/)", message.body).group(1)


def test_an_unconfirmed_account_with_its_right_password_is_told_to_confirm_and_offered_a_new_link(client, waiting):
    response = log_in(client, waiting.email, PASSWORD)

    assert response.status_code == 200
    assert UNCONFIRMED in text(response)
    assert GENERIC not in text(response)
    assert "Renvoyer le lien de confirmation" in text(response)
    assert f'action="{RESEND}"' in text(response)
    assert not logged_in(client)


def test_a_wrong_password_on_an_unconfirmed_account_reads_as_for_an_unknown_address(client, waiting):
    unconfirmed = log_in(client, waiting.email, "faux", ip="192.0.2.1")
    unknown = log_in(client, "personne@example.org", "faux", ip="192.0.2.2")

    assert unconfirmed.status_code == unknown.status_code == 200
    assert GENERIC in text(unconfirmed) and UNCONFIRMED not in text(unconfirmed)
    assert "Renvoyer le lien de confirmation" not in text(unconfirmed)
    assert without_csrf(unconfirmed.text).replace(waiting.email, "…") == without_csrf(unknown.text).replace(
        "personne@example.org", "…"
    )


def test_the_link_sent_again_confirms_the_account_which_can_then_log_in(
    client, waiting, django_capture_on_commit_callbacks
):
    log_in(client, waiting.email, PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, {"email": waiting.email})

    assert response.status_code == 200
    assert "un nouveau lien vient d'y être envoyé" in text(response)
    (message,) = mail.outbox
    assert message.to == [waiting.email]
    assert client.get(activation_link(message)).status_code == 302
    assert log_in(client, waiting.email, PASSWORD).status_code == 302
    assert logged_in(client)


def test_asking_for_the_link_again_reads_the_same_for_any_address_and_mails_only_a_waiting_account(
    client, waiting, citizen, django_capture_on_commit_callbacks
):
    pages = {}
    with django_capture_on_commit_callbacks(execute=True):
        for email in (waiting.email, citizen.email, "personne@example.org"):
            response = client.post(RESEND, {"email": email})
            pages[email] = (response.status_code, without_csrf(response.text).replace(email, "…"))

    assert len(set(pages.values())) == 1
    assert [message.to for message in mail.outbox] == [[waiting.email]]


def test_the_page_to_ask_for_the_link_again_explains_a_mistyped_address(client):
    assert client.get(RESEND).status_code == 200

    response = client.post(RESEND, {"email": "pas une adresse"})

    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide" in text(response)
    assert mail.outbox == []


def test_an_account_deactivated_after_use_is_not_told_to_confirm_nor_reopened_by_a_link(
    client, citizen, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=citizen.pk).update(is_active=False, last_login=timezone.now())
    citizen.refresh_from_db()
    uid = urlsafe_base64_encode(force_bytes(citizen.pk))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESEND, {"email": citizen.email})

    response = log_in(client, citizen.email, PASSWORD)

    assert GENERIC in text(response) and UNCONFIRMED not in text(response)
    assert mail.outbox == []
    assert client.get(reverse("accounts:activate", args=[uid, activation_token.make_token(citizen)])).status_code == 400
    assert not User.objects.get(pk=citizen.pk).is_active


def test_a_locked_out_unconfirmed_account_gets_the_lockout_even_with_its_right_password(client, waiting):
    answers = [log_in(client, waiting.email, "faux").status_code for _ in range(5)]

    right = log_in(client, waiting.email, PASSWORD)

    assert answers == [200, 200, 200, 200, 429]
    assert right.status_code == 429
    assert UNCONFIRMED not in text(right) and "Connexion temporairement bloquée" in text(right)


def test_the_login_form_names_its_fields_in_english_to_an_english_browser(client):
    page = client.get(LOGIN, headers={"accept-language": "en"}).content.decode()
    assert re.search(r'<label for="id_username">E-mail address', page)
    assert "Adresse e-mail" not in page
