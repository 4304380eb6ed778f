"""The read feeds from a streaming replica: where they are read, read-your-writes, a late replica, one that goes away.

They need a real replica of the test database's cluster, which `make test` starts (scripts/postgres.sh
start-replica) and then requires; elsewhere they run when DATABASE_REPLICA_URLS names one. A proposal written while
the replica's replay is paused (`pg_wal_replay_pause()`) is what tells, from the answers alone, which database
served them.
"""

import os
import subprocess
import time
from pathlib import Path

import mapbox_vector_tile
import psycopg
import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from rest_framework.authtoken.models import Token

from geoparticipation import replicas
from geoparticipation.accounts.models import User
from geoparticipation.participation.models import Process

from ..factories import GRAND_PLACE_LILLE, make_process, make_proposal
from ..tiles.conftest import tile_of

# Saved before the tests' own settings send every read to the primary (tests/conftest.py).
REPLICAS = list(django_settings.DATABASE_REPLICAS)
# Set by scripts/test.sh: the replica is the private cluster's, these tests must run, and may stop it.
PRIVATE_REPLICA = os.environ.get("TEST_PRIVATE_REPLICA") == "1"
ROOT = Path(__file__).resolve().parents[2]
# Committed rows, which the replica replays; Django lets the tests reach the replicas' aliases.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", *REPLICAS])

WFS = "/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=proposals&outputFormat=application/json"
FEEDS = [WFS, "/ogc/collections/proposals/items", "/api/v1/proposals/"]
Z = 14
TILE = f"/tiles/proposals/{Z}/{'/'.join(map(str, tile_of(*GRAND_PLACE_LILLE, Z)))}.pbf"


def unavailable(reason):
    if PRIVATE_REPLICA:
        pytest.fail(reason)
    pytest.skip(reason)


def primary_position():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


def wait_for(replica, sql, params=(), seconds=15):
    deadline = time.monotonic() + seconds
    while not replica.execute(sql, params).fetchone()[0]:
        assert time.monotonic() < deadline, f"the replica never answered true to {sql}"
        time.sleep(0.05)


def caught_up(replica):
    wait_for(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [primary_position()])


def pause(replica):
    replica.execute("SELECT pg_wal_replay_pause()")
    wait_for(replica, "SELECT pg_get_wal_replay_pause_state() = 'paused'")


@pytest.fixture
def replica(settings, committed_territory):
    """A connection to the replica's copy of the test database, which the feeds read once it is no more than a
    minute late (checked on every request); its replay runs again after the test."""
    if not REPLICAS:
        pytest.skip("DATABASE_REPLICA_URLS is not set: no streaming replica to test (make test starts one)")
    db = django_settings.DATABASES[REPLICAS[0]]
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"] or None}
    params |= {"dbname": db["NAME"], "autocommit": True, "connect_timeout": 5}
    try:
        replica = psycopg.connect(**params)
    except psycopg.OperationalError as exc:
        unavailable(f"the replica of DATABASE_REPLICA_URLS has no copy of the test database: {exc}")
    with replica:
        if not replica.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
            unavailable("DATABASE_REPLICA_URLS names a database that is not a streaming replica")
    settings.DATABASE_REPLICAS = REPLICAS
    settings.DATABASE_REPLICA_MAX_LAG = 60
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0
    replicas.forget_health()
    replica = psycopg.connect(**params)
    try:
        yield replica
    finally:
        replica.close()
        # A new connection: the test may have stopped and restarted the replica.
        with psycopg.connect(**params) as again:
            again.execute("SELECT pg_wal_replay_resume()")
        replicas.forget_health()


@pytest.fixture
def camille(committed_territory):
    """Camille, who published « Un abri vélo » before the test."""
    author = User.objects.create_user("camille@example.org", "Camille59", "un-mot-de-passe-solide")
    make_proposal(make_process(), author, title="Un abri vélo")
    return author


def publish(author, title):
    """A proposal published on the primary, as if by another citizen's request."""
    make_proposal(Process.objects.get(slug="plan-climat"), author, title=title)


def titles(response):
    assert response.status_code == 200, response.content
    return {feature["properties"]["title"] for feature in response.json()["features"]}


def tile_proposals(response):
    """How many proposals a tile shows, each a point or counted in a cell of a low zoom's grid."""
    assert response.status_code in (200, 204), response.content
    if response.status_code == 204:
        return 0
    layers = mapbox_vector_tile.decode(response.content).values()
    return sum(feature["properties"].get("count", 1) for layer in layers for feature in layer["features"])


def test_the_feeds_are_read_from_the_replica_which_may_be_a_few_seconds_behind(live_server, replica, camille):
    caught_up(replica)
    pause(replica)
    publish(camille, "Une fontaine")

    for path in FEEDS:
        assert titles(requests.get(live_server.url + path)) == {"Un abri vélo"}, path
    # The site's pages read the primary.
    assert "Une fontaine" in requests.get(f"{live_server.url}/concertations/plan-climat/").text


def test_whoever_just_contributed_sees_the_contribution_in_the_feeds_at_once(live_server, replica, camille):
    caught_up(replica)
    pause(replica)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {Token.objects.create(user=camille).key}"
    posted = session.post(
        f"{live_server.url}/api/v1/proposals/",
        json={
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": list(GRAND_PLACE_LILLE)},
            "properties": {"process": "plan-climat", "title": "Une fontaine", "body": "Sur la place."},
        },
    )
    assert posted.status_code == 201, posted.content

    for path in FEEDS:
        assert titles(session.get(live_server.url + path)) == {"Un abri vélo", "Une fontaine"}, path
        assert titles(requests.get(live_server.url + path)) == {"Un abri vélo"}, path
    # Once the replica has replayed the contribution, it serves Camille again: her answers stay the same.
    replica.execute("SELECT pg_wal_replay_resume()")
    caught_up(replica)
    for path in FEEDS:
        assert titles(session.get(live_server.url + path)) == {"Un abri vélo", "Une fontaine"}, path
        assert titles(requests.get(live_server.url + path)) == {"Un abri vélo", "Une fontaine"}, path


def test_a_replica_later_than_the_limit_is_skipped_for_the_primary(live_server, replica, camille, settings):
    caught_up(replica)
    pause(replica)
    publish(camille, "Une fontaine")
    assert titles(requests.get(live_server.url + WFS)) == {"Un abri vélo"}

    settings.DATABASE_REPLICA_MAX_LAG = 1
    time.sleep(1.5)

    for path in FEEDS:
        assert titles(requests.get(live_server.url + path)) == {"Un abri vélo", "Une fontaine"}, path


def test_a_tile_rendered_on_a_late_replica_is_not_served_once_the_primary_knows_better(live_server, replica, camille):
    caught_up(replica)
    assert tile_proposals(requests.get(live_server.url + TILE)) == 1
    pause(replica)
    publish(camille, "Une fontaine")

    # The cache, kept on the primary, knows the tile changed; the late replica renders it without the fountain.
    assert tile_proposals(requests.get(live_server.url + TILE)) == 1
    replica.execute("SELECT pg_wal_replay_resume()")
    caught_up(replica)
    assert tile_proposals(requests.get(live_server.url + TILE)) == 2
    assert tile_proposals(requests.get(live_server.url + TILE)) == 2


@pytest.fixture
def replica_stopped(replica):
    if not PRIVATE_REPLICA:
        pytest.skip("the replica is not the private cluster's (make test): this test stops only a replica it started")
    subprocess.run(["bash", "scripts/postgres.sh", "stop-replica"], cwd=ROOT, check=True)
    try:
        yield
    finally:
        subprocess.run(["bash", "scripts/postgres.sh", "start-replica"], cwd=ROOT, check=True)


def test_when_the_replica_goes_away_the_feeds_still_answer_from_the_primary(live_server, replica, camille, request):
    caught_up(replica)
    for path in [*FEEDS, TILE]:
        assert requests.get(live_server.url + path).status_code == 200, path
    request.getfixturevalue("replica_stopped")
    publish(camille, "Une fontaine")

    for path in FEEDS:
        assert titles(requests.get(live_server.url + path)) == {"Un abri vélo", "Une fontaine"}, path
    assert tile_proposals(requests.get(live_server.url + TILE)) == 2
