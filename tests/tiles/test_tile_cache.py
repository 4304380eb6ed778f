import concurrent.futures
import time
import urllib.request

import pytest
from django.contrib.gis.geos import LineString
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from tiles import rendering

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, point
from ..layers.conftest import build_published_data, lonlat_square
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
    services.content_hide(target=proposal, officer=officer, category="off_topic", reason="Hors sujet")

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


def annotate(published, geometry):
    return services.annotation_create(
        author=User.objects.get(email="camille@example.org"),
        process=published.public_proposals[0].process,
        kind="remarque",
        comment="Un grand tracé",
        geometry=geometry,
    )


def test_a_line_across_the_metropolis_invalidates_the_tiles_it_crosses_and_no_other(client, published):
    crossed, away = (
        "/tiles/annotations/15/{}/{}.pbf".format(*tile_of(*place, 15)) for place in ((3.10, 50.63), MAIRIE_ROUBAIX)
    )
    metropolis = "/tiles/annotations/9/{}/{}.pbf".format(*tile_of(*GRAND_PLACE_LILLE, 9))
    for path in (crossed, away, metropolis):
        client.get(path)
    annotate(published, LineString((2.90, 50.63), (3.30, 50.63), srid=4326))  # 28 km, west to east through Lille
    assert not served_from_cache(client, crossed)
    assert not served_from_cache(client, metropolis)
    assert served_from_cache(client, away)


def test_a_large_area_invalidates_the_tiles_under_it_only(client, published):
    inside, away = (
        "/tiles/annotations/15/{}/{}.pbf".format(*tile_of(*place, 15)) for place in (GRAND_PLACE_LILLE, MAIRIE_ROUBAIX)
    )
    for path in (inside, away):
        client.get(path)
    annotate(published, lonlat_square(*GRAND_PLACE_LILLE, half=0.03))  # about 4 km by 7 km, 28 km²
    assert not served_from_cache(client, inside)
    assert served_from_cache(client, away)


def test_simultaneous_requests_for_a_cold_tile_render_it_once(committed_territory, live_server, monkeypatch):
    build_published_data()
    renders = []
    render = rendering.render

    def slow_render(*args, **kwargs):
        renders.append(args[1:4])
        time.sleep(0.5)  # long enough for every request to arrive while the first renders
        return render(*args, **kwargs)

    monkeypatch.setattr(rendering, "render", slow_render)
    x, y = tile_of(*GRAND_PLACE_LILLE, 12)
    url = f"{live_server.url}/tiles/proposals/12/{x}/{y}.pbf"
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: urllib.request.urlopen(url).read(), range(6)))
    assert renders == [(12, x, y)]
    assert len(set(answers)) == 1 and answers[0]
