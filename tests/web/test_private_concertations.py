"""A private concertation: its members see its proposals in the list and on the maps; nothing reaches the feeds."""

import math

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point

from geoparticipation.accounts.models import User
from geoparticipation.participation import services

from ..factories import GRAND_PLACE_LILLE, make_process

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Réaménager le dépôt de bus DEPOT-SECRET"


@pytest.fixture
def private(citizen):
    process = make_process("atelier-prive", is_private=True)
    process.members.add(citizen)
    proposal = services.proposal_create(
        author=citizen,
        process=process,
        title=SECRET_TITLE,
        body="Entre nous.",
        theme=process.themes.get(slug="mobilite"),
        geometry=Point(*GRAND_PLACE_LILLE, srid=4326),
    )
    services.annotation_create(
        author=citizen,
        process=process,
        kind="idee",
        comment="ANNOTATION-SECRETE des membres",
        geometry=Point(*GRAND_PLACE_LILLE, srid=4326),
    )
    return proposal


@pytest.fixture
def outsider(db):
    return User.objects.create_user("dominique@example.org", "Dominique", "un-mot-de-passe-solide")


def tile_of(lon, lat, z):
    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def test_a_member_sees_the_private_proposals_in_the_list_and_on_the_map(client, citizen, private):
    client.force_login(citizen)
    page = client.get("/concertations/atelier-prive/")
    assert SECRET_TITLE in page.text
    assert 'data-source="/concertations/atelier-prive/donnees/propositions.geojson"' in page.text

    response = client.get("/concertations/atelier-prive/donnees/propositions.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert "private" in response["Cache-Control"]
    (feature,) = response.json()["features"]
    assert feature["properties"]["title"] == SECRET_TITLE
    assert feature["properties"]["url"] == f"/concertations/atelier-prive/propositions/{private.pk}/"
    assert feature["properties"]["commune_insee"] == "59350"
    assert feature["geometry"]["coordinates"] == pytest.approx(GRAND_PLACE_LILLE, abs=1e-5)
    assert client.get(feature["properties"]["url"]).status_code == 200


def test_the_members_map_follows_the_list_filters(client, citizen, private):
    client.force_login(citizen)
    url = "/concertations/atelier-prive/donnees/propositions.geojson"
    assert len(client.get(url, {"theme": "mobilite", "commune": "59350", "q": "dépôt"}).json()["features"]) == 1
    assert client.get(url, {"theme": "climat"}).json()["features"] == []
    assert client.get(url, {"q": "introuvable"}).json()["features"] == []


def test_a_member_sees_the_private_annotations(client, citizen, private):
    client.force_login(citizen)
    assert "ANNOTATION-SECRETE des membres" in client.get("/concertations/atelier-prive/carte/").text
    (feature,) = client.get("/concertations/atelier-prive/donnees/annotations.geojson").json()["features"]
    assert feature["properties"]["kind"] == "idee"
    assert feature["geometry"]["type"] == "Point"


@pytest.mark.parametrize("data", ["propositions", "annotations"])
def test_outsiders_and_visitors_get_a_404_from_the_members_data(client, outsider, private, data):
    url = f"/concertations/atelier-prive/donnees/{data}.geojson"
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(f"/concertations/atelier-prive/propositions/{private.pk}/").status_code == 404


def test_the_members_data_of_a_public_concertation_is_not_served(client, citizen, process):
    """Public data has one channel, the published layers."""
    client.force_login(citizen)
    assert client.get(f"/concertations/{process.slug}/donnees/propositions.geojson").status_code == 404


def test_nothing_private_reaches_the_api_the_ogc_api_wfs_or_the_tiles(client, citizen, private, process):
    public = services.proposal_create(
        author=citizen, process=process, title="Publique", body="x", geometry=Point(*GRAND_PLACE_LILLE, srid=4326)
    )
    client.force_login(citizen)  # even for a member: the feeds are public
    feeds = [
        "/api/v1/proposals/",
        "/api/v1/annotations/",
        "/ogc/collections/proposals/items?limit=10000",
        "/ogc/collections/annotations/items?limit=10000",
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals&OUTPUTFORMAT=geojson",
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=annotations&OUTPUTFORMAT=geojson",
    ]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"DEPOT-SECRET" not in body and b"ANNOTATION-SECRETE" not in body, url
        assert b"atelier-prive" not in body, url
    for z in (10, 14, 15, 18):
        x, y = tile_of(*GRAND_PLACE_LILLE, z)
        assert client.get(f"/tiles/annotations/{z}/{x}/{y}.pbf").status_code == 204, z
        (feature,) = mapbox_vector_tile.decode(client.get(f"/tiles/proposals/{z}/{x}/{y}.pbf").content)["proposals"][
            "features"
        ]
        assert feature["properties"].get("count", 1) == 1
        assert feature["properties"].get("id", public.pk) == public.pk
