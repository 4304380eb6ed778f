import pytest
from django.contrib.gis.geos import LineString
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geoparticipation.accounts.models import User
from geoparticipation.participation import services

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, point
from .conftest import features, tile_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def grand_place_tile():
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)
    return f"/tiles/proposals/15/{x}/{y}.pbf"


def test_a_tile_can_be_kept_by_clients_for_a_few_minutes(client, published, grand_place_tile):
    response = client.get(grand_place_tile)
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"].startswith('"')


def test_an_unchanged_tile_is_answered_with_304(client, published, grand_place_tile):
    etag = client.get(grand_place_tile)["ETag"]
    response = client.get(grand_place_tile, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_a_second_request_is_served_from_the_server_cache(client, published, grand_place_tile):
    first = client.get(grand_place_tile)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(grand_place_tile)
    assert second.content == first.content
    assert not [q for q in queries.captured_queries if "ST_AsMVT" in q["sql"]]


def test_a_new_proposal_changes_the_tile_and_its_etag(client, published, grand_place_tile):
    before = client.get(grand_place_tile)
    author = User.objects.get(email="camille@example.org")
    process = published.public_proposals[0].process
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)
    new = services.proposal_create(
        author=author, process=process, title="Nouvelle", body="Texte", geometry=point(3.0635, 50.6372)
    )

    after = client.get(grand_place_tile, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert new.pk in {f["id"] for f in features(client, "proposals", 15, x, y)}


def test_a_hidden_proposal_leaves_the_cached_low_zoom_tile(client, published, grand_place_tile):
    x, y = tile_of(*GRAND_PLACE_LILLE, 10)
    before = sum(f["properties"]["count"] for f in features(client, "proposals", 10, x, y))
    proposal = published.public_proposals[0]
    officer = User.objects.get(email="agent@example.org")
    services.content_hide(target=proposal, officer=officer, reason="Hors sujet")

    after = sum(f["properties"]["count"] for f in features(client, "proposals", 10, x, y))

    assert after == before - 1


def served_from_cache(client, path):
    """Whether a request for the tile is answered without rendering it."""
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return not [q for q in queries.captured_queries if "ST_AsMVT" in q["sql"]]


def test_a_new_proposal_invalidates_only_the_tiles_around_it(client, published):
    lille, roubaix = (
        "/tiles/proposals/15/{}/{}.pbf".format(*tile_of(*place, 15)) for place in (GRAND_PLACE_LILLE, MAIRIE_ROUBAIX)
    )
    metropolis = "/tiles/proposals/9/{}/{}.pbf".format(*tile_of(*GRAND_PLACE_LILLE, 9))
    roubaix_before = client.get(roubaix)
    for path in (lille, metropolis):
        client.get(path)
    services.proposal_create(
        author=User.objects.get(email="camille@example.org"),
        process=published.public_proposals[0].process,
        title="Nouvelle",
        body="Texte",
        geometry=point(3.0635, 50.6372),
    )
    assert not served_from_cache(client, lille)
    assert not served_from_cache(client, metropolis)  # the low-zoom tile that holds Lille
    assert served_from_cache(client, roubaix)
    assert client.get(roubaix, HTTP_IF_NONE_MATCH=roubaix_before["ETag"]).status_code == 304


def test_unpublishing_a_concertation_invalidates_every_tile(client, published):
    x, y = tile_of(*MAIRIE_ROUBAIX, 15)
    path = f"/tiles/proposals/15/{x}/{y}.pbf"
    client.get(path)
    process = published.public_proposals[0].process
    process.published = False
    process.save()
    assert not served_from_cache(client, path)
    assert features(client, "proposals", 15, x, y) == []


def test_a_drawing_across_the_metropolis_invalidates_every_tile_of_its_kind(client, published):
    x, y = tile_of(*MAIRIE_ROUBAIX, 15)
    path = f"/tiles/annotations/15/{x}/{y}.pbf"
    client.get(path)
    services.annotation_create(
        author=User.objects.get(email="camille@example.org"),
        process=published.public_proposals[0].process,
        kind="remarque",
        comment="Une longue ligne",
        geometry=LineString((2.95, 50.55), (3.25, 50.75), srid=4326),
    )
    assert not served_from_cache(client, path)
