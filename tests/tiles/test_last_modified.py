"""Last-Modified on tiles and TileJSON: the time of the data a tile was built from, moving with its ETag, so that a
client asking If-Modified-Since gets a 304 while its tile holds."""

import datetime

import pytest
from django.db import connection
from django.utils.http import http_date, parse_http_date

from geoparticipation.accounts.models import User
from geoparticipation.participation import services

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, point
from .conftest import tile_of

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def tile_path(place, z=15):
    x, y = tile_of(*place, z)
    return f"/tiles/proposals/{z}/{x}/{y}.pbf"


def data_last_changed_at(moment):
    """As if the published data had last changed at that moment (a test's writes all share its transaction's time)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE layers_data_version SET modified = %s WHERE id = 1", [moment])


def propose_at(published, lon, lat):
    services.proposal_create(
        author=User.objects.get(email="camille@example.org"),
        process=published.public_proposals[0].process,
        title="Nouvelle",
        body="Texte",
        geometry=point(lon, lat),
    )


def test_a_tile_states_when_its_data_last_changed_and_answers_304_since_then(client, published):
    data_last_changed_at(LONG_AGO)
    first = client.get(tile_path(GRAND_PLACE_LILLE))
    assert first.status_code == 200
    assert first["Last-Modified"] == http_date(LONG_AGO.timestamp())
    again = client.get(tile_path(GRAND_PLACE_LILLE), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    earlier = http_date(LONG_AGO.timestamp() - 60)
    assert client.get(tile_path(GRAND_PLACE_LILLE), HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_change_elsewhere_leaves_the_tile_s_etag_and_last_modified(client, published):
    data_last_changed_at(LONG_AGO)
    first = client.get(tile_path(GRAND_PLACE_LILLE))
    propose_at(published, *MAIRIE_ROUBAIX)
    later = client.get(tile_path(GRAND_PLACE_LILLE), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert later.status_code == 304
    assert (later["ETag"], later["Last-Modified"]) == (first["ETag"], first["Last-Modified"])


def test_a_change_under_the_tile_moves_its_etag_and_its_last_modified_together(client, published):
    data_last_changed_at(LONG_AGO)
    first = client.get(tile_path(GRAND_PLACE_LILLE))
    propose_at(published, 3.0635, 50.6372)
    changed = client.get(tile_path(GRAND_PLACE_LILLE), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    cached = client.get(tile_path(GRAND_PLACE_LILLE))
    assert (cached["ETag"], cached["Last-Modified"]) == (changed["ETag"], changed["Last-Modified"])


def test_an_empty_tile_outside_the_territory_has_a_last_modified_too(client, published):
    response = client.get("/tiles/proposals/15/0/0.pbf")
    assert response.status_code == 204
    again = client.get("/tiles/proposals/15/0/0.pbf", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_tilejson_answers_304_to_if_modified_since(client, published):
    first = client.get("/tiles/proposals.json")
    assert first.status_code == 200
    again = client.get("/tiles/proposals.json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    propose_at(published, 3.0635, 50.6372)
    data_last_changed_at(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1))
    assert client.get("/tiles/proposals.json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
