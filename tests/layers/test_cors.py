"""The read-only feeds answer CORS, so that a web map on another origin reads them; the site, the REST API and the
back-office stay same-origin."""

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = "https://carto.example.fr"
FEEDS = [
    "/ogc/collections",
    "/ogc/collections/proposals/items?limit=1",
    "/ogc/collections/proposals/style.qml",
    "/wfs?SERVICE=WFS&REQUEST=GetCapabilities",
    "/tiles/proposals.json",
    "/opendata/catalog.jsonld",
]


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_read_from_another_origin_allows_it_without_credentials(client, url):
    response = client.get(url, headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_for_a_tile_is_answered_for_reading_only(client):
    response = client.options(
        "/tiles/proposals/10/520/344.pbf",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"},
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("url", ["/api/v1/proposals/", "/", "/comptes/connexion/"])
def test_the_site_and_the_rest_api_answer_no_other_origin(client, url):
    response = client.get(url, headers={"Origin": ORIGIN})

    assert "Access-Control-Allow-Origin" not in response


def test_a_configured_list_of_origins_lets_only_those_read(client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]

    allowed = client.get("/ogc/collections", headers={"Origin": ORIGIN})
    other = client.get("/ogc/collections", headers={"Origin": "https://ailleurs.example.org"})

    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert "Access-Control-Allow-Origin" not in other


def test_the_ogc_api_landing_page_answers_without_its_slash_as_qgis_asks_it(client):
    bare, slashed = client.get("/ogc"), client.get("/ogc/")

    assert bare.status_code == 200
    assert bare.content == slashed.content
