"""Login lockout (django-axes) on the site and the back-office: per address and per IP, the same for everyone."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.db.models import F

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/connexion/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture(autouse=True)
def lockout(settings):
    """axes as deployed: 5 failures, 15 minutes."""
    settings.AXES_ENABLED = True
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)


def log_in(client, email, password, ip="192.0.2.1", url=LOGIN):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in(client):
    return "_auth_user_id" in client.session


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, citizen):
    answers = [log_in(client, citizen.email, "faux").status_code for _ in range(5)]

    right = log_in(client, citizen.email, PASSWORD)

    assert answers == [200, 200, 200, 200, 429]
    assert right.status_code == 429
    assert right["Retry-After"] == "900"
    assert "Connexion temporairement bloquée" in right.text
    assert "bloquée pendant 15 minutes" in right.text
    assert not logged_in(client)


def test_a_known_and_an_unknown_address_get_the_same_answers(client, citizen):
    known = [log_in(client, citizen.email, "faux", ip="192.0.2.1") for _ in range(6)]
    unknown = [log_in(client, "personne@example.org", "faux", ip="192.0.2.2") for _ in range(6)]

    for k, u in zip(known, unknown, strict=True):
        assert k.status_code == u.status_code
        assert k.get("Retry-After") == u.get("Retry-After")
        assert without_csrf(k.text).replace(citizen.email, "…") == without_csrf(u.text).replace(
            "personne@example.org", "…"
        )


def test_five_failures_from_one_ip_address_block_it_for_every_account(client, citizen):
    for n in range(5):
        log_in(client, f"essai{n}@example.org", "faux", ip="192.0.2.1")

    assert log_in(client, citizen.email, PASSWORD, ip="192.0.2.1").status_code == 429
    assert log_in(client, citizen.email, PASSWORD, ip="192.0.2.2").status_code == 302
    assert logged_in(client)


def test_five_failures_for_one_address_block_it_from_every_ip_address_whatever_the_case(client, citizen):
    for n in range(5):
        log_in(client, citizen.email.upper() if n % 2 else citizen.email, "faux", ip=f"192.0.2.{n}")

    assert log_in(client, citizen.email, PASSWORD, ip="198.51.100.1").status_code == 429
    assert not logged_in(client)


def test_the_back_office_login_is_locked_too_and_tells_the_officer_what_to_do(client, officer):
    answers = [log_in(client, officer.email, "faux", url=ADMIN_LOGIN).status_code for _ in range(5)]

    right = log_in(client, officer.email, PASSWORD, url=ADMIN_LOGIN)

    assert answers == [200, 200, 200, 200, 429]
    assert right.status_code == 429 and right["Retry-After"] == "900"
    assert "back-office est bloquée pendant 15 minutes" in right.text
    assert "Tentatives de connexion" in right.text and "axes_reset_username" in right.text
    assert not logged_in(client)


def test_failures_on_the_site_and_the_back_office_add_up(client, officer):
    for url in (LOGIN, ADMIN_LOGIN, LOGIN, ADMIN_LOGIN):
        log_in(client, officer.email, "faux", url=url)

    assert log_in(client, officer.email, "faux", ip="198.51.100.1", url=LOGIN).status_code == 429


def test_the_block_ends_after_the_cool_off(client, citizen):
    for _ in range(5):
        log_in(client, citizen.email, "faux")

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))

    assert log_in(client, citizen.email, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_successful_login_leaves_no_record_of_the_address_or_the_browser(client, citizen):
    log_in(client, citizen.email, PASSWORD)

    assert logged_in(client)
    assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()
