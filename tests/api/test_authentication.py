import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def post_with(token, ip):
    return APIClient().post(
        "/api/v1/proposals/", {}, format="json", HTTP_AUTHORIZATION=f"Token {token}", REMOTE_ADDR=ip
    )


def test_a_flood_of_wrong_tokens_from_one_address_gets_429_instead_of_endless_401(settings, citizen):
    settings.RATE_LIMITS = {"bad_tokens": "3/min"}
    answers = [post_with(f"faux{n}", "192.0.2.1").status_code for n in range(3)]

    refused = post_with("faux", "192.0.2.1")

    assert answers == [401, 401, 401]
    assert refused.status_code == 429 and 55 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Trop de demandes en peu de temps")
    assert post_with("faux", "192.0.2.2").status_code == 401


def test_a_valid_token_is_never_counted_as_a_wrong_one(settings, citizen):
    settings.RATE_LIMITS = {"bad_tokens": "1/min"}
    token = Token.objects.create(user=citizen)

    assert [post_with(token.key, "192.0.2.1").status_code for _ in range(3)] == [400] * 3
