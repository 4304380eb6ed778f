"""The read limit on the feeds and the API's reads: per IP address, in each process's memory."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def get(client, path, ip="192.0.2.1", **headers):
    return client.get(path, REMOTE_ADDR=ip, **headers)


def test_reads_are_not_limited_in_the_tests_unless_a_test_turns_the_limit_on(client):
    assert all(get(client, "/ogc/collections").status_code == 200 for _ in range(30))


@pytest.mark.parametrize("path", ["/ogc/collections", "/api/v1/communes/", "/tiles/proposals.json", "/opendata/"])
def test_past_the_limit_a_feed_answers_429_with_retry_after_and_a_french_message(rates, client, path):
    rates(reads="3/min")
    assert [get(client, path).status_code for _ in range(3)] == [200] * 3

    refused = get(client, path)

    assert refused.status_code == 429
    assert 55 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Trop de demandes en peu de temps : réessayez dans")
    assert get(client, path, ip="192.0.2.2").status_code == 200


def test_every_feed_counts_on_one_limit_per_address(rates, client):
    rates(reads="3/min")
    for path in ("/wfs?service=WFS&request=GetCapabilities", "/ogc/collections", "/tiles/proposals.json"):
        get(client, path)

    assert get(client, "/opendata/").status_code == 429


def test_the_citizen_pages_and_the_api_writes_are_not_reads(rates, client, citizen, process):
    rates(reads="1/min")
    api = APIClient()
    api.force_authenticate(citizen)
    get(client, "/ogc/collections")

    assert get(client, "/").status_code == 200
    assert get(client, f"/concertations/{process.slug}/").status_code == 200
    body = {
        "process": process.slug,
        "title": "Un banc",
        "body": "…",
        "geometry": {"type": "Point", "coordinates": [3.063, 50.637]},
    }
    assert api.post("/api/v1/proposals/", body, format="json", REMOTE_ADDR="192.0.2.1").status_code == 201


def test_behind_no_proxy_a_forged_x_forwarded_for_changes_nothing(rates, client):
    rates(reads="1/min")
    get(client, "/ogc/collections", HTTP_X_FORWARDED_FOR="203.0.113.1")

    assert get(client, "/ogc/collections", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 429


def test_behind_one_proxy_the_client_is_the_address_the_proxy_saw(rates, client, settings):
    settings.NUM_PROXIES = 1
    rates(reads="1/min")
    # The proxy (192.0.2.1) appends the client's address to what the client sent.
    get(client, "/ogc/collections", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")

    assert get(client, "/ogc/collections", HTTP_X_FORWARDED_FOR="203.0.113.10, 198.51.100.7").status_code == 429
    assert get(client, "/ogc/collections", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200
