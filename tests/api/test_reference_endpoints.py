import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_communes_endpoint_returns_the_95_communes_in_wgs84():
    body = APIClient().get("/api/v1/communes/").json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == 95
    lille = next(f for f in body["features"] if f["id"] == "59350")
    assert lille["properties"]["nom"] == "Lille"
    assert lille["properties"]["population"] == 238_246
    assert lille["geometry"]["type"] == "MultiPolygon"
    lon, lat = lille["geometry"]["coordinates"][0][0][0]
    assert 2.9 < lon < 3.2 and 50.5 < lat < 50.8


def test_a_commune_has_zero_counts_when_nothing_was_contributed():
    props = APIClient().get("/api/v1/communes/59512/").json()["properties"]
    assert props["contributions_count"] == 0
    assert props["contributions_per_1000"] == 0


def test_a_concertation_shows_its_status_and_calendar(process):
    body = APIClient().get("/api/v1/processes/plan-climat/").json()
    assert body["status"] == "open"
    assert [p["title"] for p in body["phases"]] == ["Propositions"]
    assert sorted(body["themes"]) == ["climat", "mobilite"]


def test_the_read_only_endpoints_refuse_writes(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    assert client.post("/api/v1/communes/", {}, format="json").status_code == 405
    assert client.post("/api/v1/meetings/", {}, format="json").status_code == 405
