"""`make bench`: each workload timed against a baseline measured in the same run, on 1,000,000 contributions.

Run by scripts/bench.sh, which prepares the database, the seeded data and the peers (pygeoapi, tipg). This script
starts the service under gunicorn on loopback, and each peer on its own port, times every workload and its baseline
alternately, and writes bench/results/latest.{md,json}.
"""

import asyncio
import datetime
import http.client
import json
import math
import os
import platform
import runpy
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoparticipation.settings")
django.setup()

from django.db import connection  # noqa: E402

from geoparticipation.accounts.models import User  # noqa: E402
from geoparticipation.console.models import Role  # noqa: E402
from geoparticipation.participation.models import Process, Proposal  # noqa: E402
from layers import definitions  # noqa: E402
from layers.http import data_version  # noqa: E402
from layers.rendering import FeatureQuery  # noqa: E402

APP_PORT = int(os.environ.get("BENCH_APP_PORT", 8701))
PEER_PORT = int(os.environ.get("BENCH_PEER_PORT", 8702))
TIPG_PORT = int(os.environ.get("BENCH_TIPG_PORT", 8703))
REPEAT = int(os.environ.get("BENCH_REPEAT", 9))
WARMUP = int(os.environ.get("BENCH_WARMUP", 12))
RESULTS = ROOT / "bench" / "results"


def http_get(port, path, headers=None, expect=(200,)):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status not in expect:
        raise RuntimeError(f"GET {path} on :{port} answered {response.status}: {body[:300]!r}")
    return body


def number_of_features(body):
    """How many features a GeoJSON or GML 3.2 page holds."""
    if body.lstrip().startswith(b"{"):
        return len(json.loads(body)["features"])
    return body.count(b"<wfs:member>")


def check_features(port, path, expected):
    """The bench compares like with like: a page must hold the features its baseline returns."""
    found = number_of_features(http_get(port, path))
    if found != expected:
        raise RuntimeError(f"GET {path} on :{port} returned {found} features, not {expected}")


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(prepare=None, **candidates):
    """Times each candidate REPEAT times, interleaved so that drift affects them alike, after a warm-up.

    The warm-up runs each candidate WARMUP times, so that every gunicorn thread has opened its connection and
    loaded PostGIS (about 0.5 s, once per connection): the figures are the steady state. `prepare` maps a
    candidate to what runs, untimed, before each of its runs.
    """
    prepare = prepare or {}
    for name, fn in candidates.items():
        for _ in range(WARMUP):
            prepare.get(name, lambda: None)()
            fn()
    samples = {name: [] for name in candidates}
    for _ in range(REPEAT):
        for name, fn in candidates.items():
            prepare.get(name, lambda: None)()
            samples[name].append(timed(fn))
    return samples


def summary(seconds):
    ordered = sorted(seconds)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "min_ms": round(ordered[0] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "n": len(ordered),
    }


def raw_sql(sql, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return run


def wait_for(port, path, seconds=60, process=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for :{port} exited with status {process.returncode}")
        try:
            http_get(port, path)
            return
        except (OSError, RuntimeError):
            time.sleep(0.3)
    raise RuntimeError(f"nothing answered on :{port}{path}")


def start_app():
    env = {**os.environ, "DEBUG": "0"}
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "geoparticipation.wsgi",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{APP_PORT}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(ROOT / "var/bench/gunicorn.log"),
        ],
        cwd=ROOT,
        env=env,
    )
    wait_for(APP_PORT, "/ogc/conformance")
    return process


PYGEOAPI_CONFIG = """
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {{default_items: 10, max_items: 10000}}
  map: {{url: "http://127.0.0.1/{{z}}/{{x}}/{{y}}.png", attribution: none}}
logging: {{level: ERROR}}
metadata:
  identification: {{title: bench, description: bench, keywords: [bench], keywords_type: theme,
                    terms_of_service: none, url: http://127.0.0.1}}
  license: {{name: Licence Ouverte, url: http://127.0.0.1}}
  provider: {{name: bench, url: http://127.0.0.1}}
  contact: {{name: bench, position: bench, address: bench, city: Lille, stateorprovince: Nord, postalcode: "59000",
            country: France, phone: "0", fax: "0", email: bench@example.org, url: http://127.0.0.1, hours: "0",
            instructions: none, role: pointOfContact}}
resources:
  proposals:
    type: collection
    title: proposals
    description: the layer_proposals view of the service, read by pygeoapi's PostgreSQL provider
    keywords: [bench]
    extents: {{spatial: {{bbox: [2.78, 50.49, 3.28, 50.80], crs: "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: {host}, port: {db_port}, dbname: {name}, user: {user}, password: "{password}",
               search_path: [public]}}
        id_field: id
        table: layer_proposals
        geom_field: geom
        storage_crs: http://www.opengis.net/def/crs/EPSG/0/{srid}
"""


def database():
    from django.conf import settings

    db = settings.DATABASES["default"]
    return {
        "host": db["HOST"] or "127.0.0.1",
        "db_port": db["PORT"] or 5432,
        "name": db["NAME"],
        "user": db["USER"],
        "password": db["PASSWORD"] or "",
    }


def start_pygeoapi(venv, port):
    """pygeoapi 0.21.0 with its PostgreSQL provider on the same view, under the same gunicorn settings as the
    service."""
    from django.conf import settings

    config = ROOT / "var/bench/pygeoapi.yml"
    config.write_text(PYGEOAPI_CONFIG.format(port=port, srid=settings.STORAGE_SRID, **database()))
    openapi = ROOT / "var/bench/pygeoapi-openapi.yml"
    env = {**os.environ, "PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    subprocess.run(
        [str(venv / "bin/pygeoapi"), "openapi", "generate", str(config), "--output-file", str(openapi)],
        env=env,
        check=True,
        capture_output=True,
    )
    return subprocess.Popen(
        [
            str(venv / "bin/gunicorn"),
            "pygeoapi.flask_app:APP",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(ROOT / "var/bench/pygeoapi.log"),
        ],
        cwd=ROOT / "var/bench",
        env=env,
    )


def start_tipg(venv, port):
    """tipg 1.6.1 under uvicorn with as many worker processes as our gunicorn, publishing only the layer_proposals
    view, its tiles cut with our tiles' extent and buffer."""
    from tiles import rendering

    db = database()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://{quote(db['user'])}:{quote(db['password'])}@{db['host']}:{db['db_port']}/"
        f"{quote(db['name'])}",
        "TIPG_DB_SCHEMAS": '["public"]',
        "TIPG_DB_TABLES": '["public.layer_proposals"]',
        # tipg also publishes PostGIS's set-returning functions (ST_SquareGrid...) unless told not to.
        "TIPG_DB_EXCLUDE_FUNCTION_SCHEMAS": '["public"]',
        "TIPG_TABLE_CONFIG__public_layer_proposals__PK": "id",
        "TIPG_TILE_RESOLUTION": str(rendering.EXTENT),
        "TIPG_TILE_BUFFER": str(rendering.BUFFER),
        # Its default of 10,000 would cut a z15 tile over Lille at 10,000,000 contributions.
        "TIPG_MAX_FEATURES_PER_TILE": "100000",
    }
    workers = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    return subprocess.Popen(
        [str(venv / "bin/uvicorn"), "tipg.main:app", "--host", "127.0.0.1", "--port", str(port)]
        + ["--workers", str(workers), "--no-access-log", "--log-level", "warning"],
        cwd=ROOT / "var/bench",
        env=env,
        stderr=(ROOT / "var/bench/tipg.log").open("w"),
    )


@dataclass
class Peer:
    """Another server of the same layer_proposals view, installed by scripts/bench.sh into its virtual environment
    and timed beside ours. `paths` holds its path for each kind of request it is compared on (format() fields:
    limit, bbox, id, z, x, y, properties)."""

    name: str
    key: str
    venv: str
    port: int
    start: Callable
    ready: str
    paths: dict
    process: object = None
    unavailable: str | None = None

    def launch(self):
        """Starts the peer; a peer that is not installed or does not start is noted unavailable, never an error."""
        venv = ROOT / self.venv
        if not venv.exists():
            self.unavailable = f"not installed in {self.venv}"
            return
        try:
            self.process = self.start(venv, self.port)
            wait_for(self.port, self.ready, seconds=120, process=self.process)
        except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
            self.unavailable = f"did not start ({str(error)[:120]})"
            self.stop()

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.process = None

    def get(self, kind, **fields):
        return http_get(self.port, self.paths[kind].format(**fields))


PEERS = (
    Peer(
        name="pygeoapi 0.21.0",
        key="pygeoapi",
        venv="var/bench/pygeoapi-venv",
        port=PEER_PORT,
        start=start_pygeoapi,
        ready="/conformance?f=json",
        paths={"items": "/collections/proposals/items?f=json&limit={limit}"},
    ),
    Peer(
        name="tipg 1.6.1",
        key="tipg",
        venv="var/bench/tipg-venv",
        port=TIPG_PORT,
        start=start_tipg,
        ready="/collections/public.layer_proposals",
        paths={
            "items": "/collections/public.layer_proposals/items?limit={limit}",
            "bbox": "/collections/public.layer_proposals/items?limit={limit}&bbox={bbox}",
            "item": "/collections/public.layer_proposals/items/{id}",
            "tile": "/collections/public.layer_proposals/tiles/WebMercatorQuad/{z}/{x}/{y}?properties={properties}",
        },
    ),
)


def peers_for(kind):
    """The peers compared on this kind of request, whether they run or not."""
    return [peer for peer in PEERS if kind in peer.paths]


def feature_ids(body):
    return [str(feature["id"]) for feature in json.loads(body)["features"]]


def tile_ids(body):
    """The ids of the points inside the tile itself: ours also carries those of its 64-pixel buffer, which tipg
    does not select."""
    import mapbox_vector_tile

    layers = mapbox_vector_tile.decode(body)
    return sorted(
        # tipg writes the id as a property only; ours is the feature id too.
        str(feature["properties"].get("id", feature.get("id")))
        for layer in layers.values()
        for feature in layer["features"]
        if all(0 <= c <= layer["extent"] for c in feature["geometry"]["coordinates"])
    )


def compared_peers(kind, ours, ids_of=feature_ids, **fields):
    """The running peers of this kind that return our features, as a candidate each, and notes saying how many of
    their ids are ours, or why a peer is left out. A peer may differ by a feature on an edge (a bbox's edges
    transformed straight, a point rounded onto a tile's border), not by more than 1 %."""
    expected = ids_of(ours)
    candidates, notes = {}, {}
    for peer in peers_for(kind):
        if peer.process is None:
            notes[peer.key] = f"unavailable, {peer.unavailable}"
            continue
        try:
            found = ids_of(peer.get(kind, **fields))
        except (OSError, RuntimeError) as error:
            notes[peer.key] = f"left out: {str(error)[:120]}"
            continue
        common = len(set(found) & set(expected))
        if found == expected:
            notes[f"{peer.key}_features"] = f"the same {len(found)} ids"
        else:
            notes[f"{peer.key}_features"] = f"{common} of our {len(expected)} ids, and {len(found) - common} others"
        if max(len(expected), len(found)) - common > 0.01 * len(expected):
            notes[peer.key] = "left out: not the same features"
            continue

        def run(peer=peer):
            peer.get(kind, **fields)

        candidates[peer.name] = run
    return candidates, notes


def speedups(row, samples, own):
    """Each compared peer's median over ours (above 1: we are faster)."""
    for peer in PEERS:
        if peer.name in samples:
            row[f"{peer.key}_speedup"] = round(statistics.median(samples[peer.name]) / own, 2)


OGC_ITEMS = "/ogc/collections/proposals/items?limit=%d"
WFS_GEOJSON = (
    "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals&COUNT=%d"
    "&OUTPUTFORMAT=geojson&SRSNAME=urn:ogc:def:crs:OGC::CRS84"
)
WFS_GML = "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals&COUNT=%d"


def naive_serializer(limit):
    """The textbook djangorestframework-gis way to the same features: a GeoFeatureModelSerializer over the
    Proposal model, the published columns read through `select_related` relations, one Python object and one
    geometry encoding per feature, reprojected to WGS84 by PostGIS. `select_related("commune")` also reads each
    commune's boundary, as the textbook way does.

    Timed in this process, without HTTP: that favours it over the endpoints it is compared with."""
    from django.contrib.gis.db.models.functions import Transform
    from rest_framework import serializers
    from rest_framework_gis.serializers import GeoFeatureModelSerializer, GeometryField

    class NaiveProposalSerializer(GeoFeatureModelSerializer):
        wgs84 = GeometryField(precision=6)
        process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
        theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
        theme_name = serializers.CharField(source="theme.name", default=None)
        author = serializers.CharField(source="author.pseudonym", default="Participant supprimé")
        commune_insee = serializers.CharField(source="commune.insee", default=None)
        commune_nom = serializers.CharField(source="commune.nom", default=None)
        url = serializers.SerializerMethodField()

        class Meta:
            model = Proposal
            geo_field = "wgs84"
            fields = ["wgs84", *definitions.proposals.columns]

        def get_url(self, proposal):
            return f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"

    def run():
        queryset = (
            Proposal.objects.public()
            .select_related("process", "theme", "author", "commune")
            .annotate(wgs84=Transform("geom", 4326))
            .order_by("id")[:limit]
        )
        json.dumps(NaiveProposalSerializer(queryset, many=True).data)

    return run


OGC_BBOX = "/ogc/collections/proposals/items?limit={limit}&bbox={bbox}"
OGC_ITEM = "/ogc/collections/proposals/items/{id}"
# A map panning over the centre of Lille.
LILLE_BBOX = (3.03, 50.62, 3.08, 50.65)


def bench_features_geojson(results):
    limit = 10_000
    sql, params = FeatureQuery(definitions.proposals, limit=limit).page_sql()
    check_features(APP_PORT, OGC_ITEMS % limit, limit)
    check_features(APP_PORT, WFS_GEOJSON % limit, limit)
    peers, notes = compared_peers("items", http_get(APP_PORT, OGC_ITEMS % limit), limit=limit)
    samples = measure(
        **{
            "raw SQL (same features)": raw_sql(sql, params),
            "OGC API items": lambda: http_get(APP_PORT, OGC_ITEMS % limit),
            "WFS GetFeature GeoJSON": lambda: http_get(APP_PORT, WFS_GEOJSON % limit),
            "naive DRF-gis serializer": naive_serializer(limit),
            **peers,
        }
    )
    raw = statistics.median(samples["raw SQL (same features)"])
    for name in ("OGC API items", "WFS GetFeature GeoJSON"):
        own = statistics.median(samples[name])
        row = {
            "workload": f"1. {name}, 10,000 features",
            "baseline": "raw SQL",
            **summary(samples[name]),
            "baseline_median_ms": round(raw * 1000, 1),
            "ratio": round(own / raw, 2),
            "target": "≤ 1.25 × raw",
        }
        row["naive_serializer_speedup"] = round(statistics.median(samples["naive DRF-gis serializer"]) / own, 1)
        speedups(row, samples, own)
        results.append({**row, **notes})
    bench_items_concurrent(results, limit, peers, notes)


def bench_items_concurrent(results, limit, peers, notes, connections=4, seconds=10):
    """The 10,000-feature page at 4 connections (wrk, 2 threads), ours then each peer that serves the same features."""
    ours = throughput(APP_PORT, OGC_ITEMS % limit, connections, seconds)
    row = {
        "workload": f"1. OGC API items, 10,000 features, {connections} connections for {seconds} s",
        "baseline": "none",
        "throughput_per_s": ours,
        "target": "throughput reported, ahead of the peers",
    }
    for peer in PEERS:
        if peer.name in peers:
            theirs = throughput(peer.port, peer.paths["items"].format(limit=limit), connections, seconds)
            row[f"{peer.key}_throughput_per_s"] = theirs
            row[f"{peer.key}_speedup"] = round(ours / theirs, 2) if theirs else None
    results.append({**row, **notes})


def throughput(port, path, connections, seconds):
    """Requests per second that wrk completes on one path; its timeout raised so that a slow answer is counted."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "120s", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(output.split("Requests/sec:")[1].split()[0])


def bench_items_small(results):
    """A page of 100 in a bbox over Lille and one item by id, against the statement that selects them."""
    from django.conf import settings

    bbox = ",".join(map(str, LILLE_BBOX))
    envelope = f"geom && ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), {settings.STORAGE_SRID})"
    in_bbox = FeatureQuery(definitions.proposals, limit=100).filter(envelope, *LILLE_BBOX)
    page = http_get(APP_PORT, OGC_BBOX.format(limit=100, bbox=bbox))
    one_id = feature_ids(page)[50]
    one = FeatureQuery(definitions.proposals, limit=1).filter("id = %s", one_id)
    workloads = (
        ("items 100 in a bbox over Lille", in_bbox, OGC_BBOX, "bbox", {"limit": 100, "bbox": bbox}, "≤ 20 ms"),
        ("one item by id", one, OGC_ITEM, "item", {"id": one_id}, "≤ 1.25 × raw"),
    )
    for label, query, path, kind, fields, target in workloads:
        body = http_get(APP_PORT, path.format(**fields))
        ids_of = feature_ids if kind != "item" else (lambda body: [str(json.loads(body)["id"])])
        peers, notes = compared_peers(kind, body, ids_of, **fields)
        samples = measure(
            raw=raw_sql(*query.page_sql()),
            served=lambda path=path, fields=fields: http_get(APP_PORT, path.format(**fields)),
            **peers,
        )
        row = ratio_row(f"1. OGC API {label}", "raw SQL", {"raw": samples["raw"], "served": samples["served"]}, target)
        speedups(row, samples, statistics.median(samples["served"]))
        results.append({**row, **notes})


def bench_bbox_pages(results):
    """Where the id-ordered walk of a bbox page could go long: the next pages over Lille (keyset, `after`), a page deep
    into the newest rows, and a sparse bbox (the smallest commune, a few hundred matches), against their statements."""
    from django.conf import settings

    envelope = f"geom && ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), {settings.STORAGE_SRID})"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) "
            "AS b FROM territory_commune WHERE population = (SELECT min(population) FROM territory_commune)) AS e"
        )
        sparse = tuple(round(x, 4) for x in cursor.fetchone())
        cursor.execute("SELECT max(id) FROM layer_proposals")
        newest = cursor.fetchone()[0]
    first = feature_ids(http_get(APP_PORT, OGC_BBOX.format(limit=100, bbox=",".join(map(str, LILLE_BBOX)))))
    cases = (
        ("100 in a bbox over Lille, page 2", LILLE_BBOX, int(first[-1])),
        ("100 in a bbox over Lille, after the newest 20,000", LILLE_BBOX, newest - 20_000),
        ("100 in a sparse bbox (the smallest commune)", sparse, None),
    )
    for label, box, after in cases:
        query = FeatureQuery(definitions.proposals, limit=100).filter(envelope, *box)
        path = OGC_BBOX.format(limit=100, bbox=",".join(map(str, box)))
        if after is not None:
            query.after = after
            path += f"&after={after}"
        samples = measure(raw=raw_sql(*query.page_sql()), served=lambda path=path: http_get(APP_PORT, path))
        results.append(ratio_row(f"1. OGC API {label}", "raw SQL", samples, "≤ 20 ms"))


def bench_gml(results):
    limit = 10_000
    raw = raw_sql(
        "SELECT id, process, title, body, theme, theme_name, state, answer, supports_count, comments_count, author,"
        " commune_insee, commune_nom, published_at, url, ST_AsGML(3, geom, 15, 1) FROM layer_proposals"
        " ORDER BY id LIMIT %s",
        [limit],
    )
    check_features(APP_PORT, WFS_GML % limit, limit)
    samples = measure(raw=raw, wfs=lambda: http_get(APP_PORT, WFS_GML % limit))
    results.append(ratio_row("2. WFS GetFeature GML 3.2, 10,000 features", "raw ST_AsGML", samples, "≤ 1.5 × raw"))


def bench_communes(results):
    samples = measure(
        raw=raw_sql(
            "SELECT commune_id, count(*) FROM participation_proposal WHERE published_at IS NOT NULL"
            " AND hidden_at IS NULL GROUP BY commune_id"
        ),
        layer=lambda: http_get(APP_PORT, "/ogc/collections/communes/items?limit=100"),
        attributes=lambda: http_get(
            APP_PORT, "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=communes&OUTPUTFORMAT=csv"
        ),
    )
    row = ratio_row(
        "5. communes layer with its aggregates (OGC API, GeoJSON with boundaries)",
        "raw GROUP BY",
        {"raw": samples["raw"], "layer": samples["layer"]},
        "≤ 50 ms",
    )
    row["csv_median_ms"] = summary(samples["attributes"])["median_ms"]
    results.append(row)


def ratio_row(workload, baseline, samples, target):
    own = statistics.median(samples[[k for k in samples if k != "raw"][0]])
    raw = statistics.median(samples["raw"])
    return {
        "workload": workload,
        "baseline": baseline,
        **summary(samples[[k for k in samples if k != "raw"][0]]),
        "baseline_median_ms": round(raw * 1000, 1),
        "ratio": round(own / raw, 2),
        "target": target,
    }


async def read_response(reader):
    """(status, body) of one HTTP/1.1 response, and whether the server closes the connection after it."""
    status = int((await reader.readline()).split()[1])
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip().lower()
    if headers.get(b"transfer-encoding") == b"chunked":
        body = b""
        while size := int((await reader.readline()).strip(), 16):
            body += await reader.readexactly(size + 2)
        await reader.readline()
    else:
        body = await reader.readexactly(int(headers.get(b"content-length", 0)))
    return status, body, headers.get(b"connection") == b"close"


async def post_proposals(token, process, deadline, statuses, latencies, seed):
    """One client on a kept-alive connection: POSTs until the deadline, then waits for its last answer."""
    import random

    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", APP_PORT)
    try:
        while time.monotonic() < deadline:
            lon, lat = 3.03 + rng.random() * 0.08, 50.60 + rng.random() * 0.07
            body = json.dumps(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"process": process, "title": "Proposition de charge", "body": "Mesure de débit."},
                }
            ).encode()
            head = (
                f"POST /api/v1/proposals/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            sent = time.perf_counter()
            writer.write(head.encode() + body)
            status, _, close = await read_response(reader)
            latencies.append(time.perf_counter() - sent)
            statuses.append(status)
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", APP_PORT)
    finally:
        writer.close()


def contributor_tokens(prefix, count):
    """API tokens of `count` bench participants (<prefix>-<n>@bench.geoparticipation.invalid), created once."""
    from rest_framework.authtoken.models import Token

    tokens = []
    for i in range(count):
        user, _ = User.objects.get_or_create(
            email=f"{prefix}-{i}@bench.geoparticipation.invalid", defaults={"pseudonym": f"{prefix}-{i}"}
        )
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    return tokens


def cpu_seconds(pids):
    """CPU time (user and system) used so far by these processes, from /proc; one that ended counts nothing."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def server_processes(app):
    """The gunicorn workers of the app, and the PostgreSQL sessions of this database other than the bench's own."""
    workers = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == app.pid:
                workers.append(int(entry.name))
        except OSError:
            continue
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        sessions = [pid for (pid,) in cursor.fetchall()]
    return workers, sessions


def bench_contributing(results, app, clients=8, seconds=10, repeat=3, target="≥ 300/s, rows = 201s"):
    """`clients` asyncio clients in one process (8, or 50 for issue #17's p99), each a participant with its token
    on a kept-alive connection, POST proposals at random points around Lille, `repeat` times after a warm-up; the
    rows created are counted in the database after each round.

    The CPU time the gunicorn workers and their PostgreSQL sessions spend per 201 is measured too: on a machine
    shared with other work the throughput says how much CPU we got, the CPU per POST what the path costs, and
    2 cores divided by it the rate this machine would sustain on its own."""

    process = Process.objects.get(slug="charge-synthetique")
    tokens = contributor_tokens("bench", clients)
    cpu = {"django": 0.0, "postgresql": 0.0, "created": 0}

    def run(duration, counted=True):
        statuses, latencies = [], []

        async def clients_together():
            deadline = time.monotonic() + duration
            await asyncio.gather(
                *(
                    post_proposals(token, process.slug, deadline, statuses, latencies, i)
                    for i, token in enumerate(tokens)
                )
            )

        before = Proposal.objects.filter(process=process).count()
        workers, sessions = server_processes(app)
        django_before, postgresql_before = cpu_seconds(workers), cpu_seconds(sessions)
        start = time.perf_counter()
        asyncio.run(clients_together())
        elapsed = time.perf_counter() - start
        if counted:
            cpu["django"] += cpu_seconds(workers) - django_before
            cpu["postgresql"] += cpu_seconds(sessions) - postgresql_before
            cpu["created"] += statuses.count(201)
        rows = Proposal.objects.filter(process=process).count() - before
        return statuses.count(201) / elapsed, statuses, rows, latencies

    # The warm-up also opens every worker thread's database session, so that the rounds see them all.
    run(2, counted=False)
    rounds = [run(seconds) for _ in range(repeat)]
    per_post = {name: cpu[name] * 1000 / max(cpu["created"], 1) for name in ("django", "postgresql")}
    # The next run starts from the same million, vacuumed, so that no autovacuum of the table runs during a timing.
    Proposal.objects.filter(author__email__endswith="@bench.geoparticipation.invalid").delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) participation_proposal")
    rates = sorted(rate for rate, *_ in rounds)
    statuses = [status for _, round_statuses, *_ in rounds for status in round_statuses]
    latencies = sorted(t for *_, round_latencies in rounds for t in round_latencies)
    results.append(
        {
            "workload": f"6. concurrent authenticated POSTs of proposals ({clients} asyncio clients, "
            f"{len(rounds)} × {seconds} s)",
            "baseline": "none",
            "throughput_per_s": f"{statistics.median(rates):.1f} ({rates[0]:.1f}–{rates[-1]:.1f})",
            "responses_201": statuses.count(201),
            "rows_created": sum(rows for *_, rows, _ in rounds),
            "other_responses": len(statuses) - statuses.count(201),
            "mean_latency_ms": round(statistics.mean(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1),
            "cpu_ms_per_post": f"{per_post['django']:.2f} gunicorn + {per_post['postgresql']:.2f} PostgreSQL",
            "posts_per_s_on_2_idle_cores": round(2000 / max(sum(per_post.values()), 0.01)),
            "load": os.getloadavg()[0],
            "target": target,
        }
    )


async def contribute_through_outage(token, process, deadline, log, seed):
    """One contributor on a kept-alive connection: each proposal carries its own Idempotency-Key, and an answer
    that is not final (a 503, any 5xx, a cut connection) is retried with the same key half a second later, as a
    careful client would. Logs (key, first sent, status or error, latency) for every attempt."""
    import random
    import uuid

    rng = random.Random(seed)
    connection_pair = None
    while time.monotonic() < deadline:
        key = uuid.uuid4().hex
        lon, lat = 3.03 + rng.random() * 0.08, 50.60 + rng.random() * 0.07
        body = json.dumps(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"process": process, "title": f"Panne {key}", "body": "Mesure de reprise."},
            }
        ).encode()
        head = (
            f"POST /api/v1/proposals/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
            f"Idempotency-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        while True:
            sent = time.perf_counter()
            try:
                if connection_pair is None:
                    connection_pair = await asyncio.open_connection("127.0.0.1", APP_PORT)
                reader, writer = connection_pair
                writer.write(head.encode() + body)
                status, _, close = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                status, close = "connection", True
            log.append((key, time.monotonic(), status, time.perf_counter() - sent))
            if close and connection_pair is not None:
                connection_pair[1].close()
                connection_pair = None
            if status not in ("connection", 500, 502, 503, 504) or time.monotonic() > deadline + 30:
                break
            await asyncio.sleep(0.5)
    if connection_pair is not None:
        connection_pair[1].close()


def restart_postgresql():
    """Stops the private cluster (fast: open sessions are cut, as in a crash or a failover) and starts it again;
    returns the seconds it was down."""
    stopped = time.monotonic()
    subprocess.run(["bash", str(ROOT / "scripts/postgres.sh"), "stop"], check=True)
    subprocess.run(["bash", str(ROOT / "scripts/postgres.sh"), "start"], check=True, capture_output=True)
    return time.monotonic() - stopped


def bench_outage(results, clients=50, seconds=60, restart_at=20):
    """50 contributors for 60 s with a PostgreSQL restart at 20 s: every acknowledged write must be a row and every
    row an acknowledged write, no answer a 500; 503s, and the p99 latency before and after the restart."""

    if os.environ.get("BENCH_PRIVATE_CLUSTER") != "1":
        print("outage: skipped, the database is not the private cluster that this script may restart")
        return
    process = Process.objects.get(slug="charge-synthetique")
    tokens = contributor_tokens("outage", clients)
    log = []
    down = {}

    async def everything():
        start = time.monotonic()
        deadline = start + seconds

        async def restart():
            await asyncio.sleep(restart_at)
            down["at"] = time.monotonic()
            down["seconds"] = await asyncio.to_thread(restart_postgresql)

        await asyncio.gather(
            restart(),
            *(contribute_through_outage(token, process.slug, deadline, log, i) for i, token in enumerate(tokens)),
        )

    asyncio.run(everything())
    connection.close()  # the bench's own session did not survive the restart
    created = set(Proposal.objects.filter(process=process, title__startswith="Panne ").values_list("title", flat=True))
    rows = {title.removeprefix("Panne ") for title in created}
    final = {}
    for key, _, status, _ in log:
        final[key] = status
    acknowledged = {key for key, status in final.items() if status == 201}
    statuses = [status for _, _, status, _ in log]
    before = [t for _, at, _, t in log if at < down["at"]]
    after = [t for _, at, _, t in log if at > down["at"] + down["seconds"] + 2]
    Proposal.objects.filter(author__email__endswith="@bench.geoparticipation.invalid").delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) participation_proposal")

    def p99(latencies):
        return round(sorted(latencies)[int(len(latencies) * 0.99)] * 1000, 1) if latencies else None

    results.append(
        {
            "workload": f"8. {clients} contributors for {seconds} s, PostgreSQL restarted at {restart_at} s "
            "(Idempotency-Key, retries after 0.5 s)",
            "baseline": "none",
            "acknowledged_writes": len(acknowledged),
            "rows_created": len(rows),
            "rows_without_acknowledgement": len(rows - acknowledged),
            "acknowledged_without_row": len(acknowledged - rows),
            "responses_503": statuses.count(503),
            "responses_500": statuses.count(500),
            "cut_connections": statuses.count("connection"),
            "database_down_s": round(down["seconds"], 1),
            "p99_ms_before": p99(before),
            "p99_ms_after": p99(after),
            "target": "acknowledged = rows, no 500",
        }
    )


LILLE = (3.0630, 50.6370)


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def clear_tile_cache():
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tiles_cache")


def rendered(layer, z, x, y, clip):
    """The tile's statement as the service runs it, planner setting included (tiles/rendering.render)."""
    from django.db import transaction

    from tiles import rendering

    def run():
        with transaction.atomic():
            rendering.render(layer, z, x, y, clip)

    return run


# BENCH_TILE_ZOOMS=15,16 times only those zooms of the cold tiles.
TILE_ZOOMS = [int(z) for z in os.environ.get("BENCH_TILE_ZOOMS", ",".join(map(str, range(6, 17)))).split(",")]


def bench_tiles_cold(results):
    """Each tile served from an empty cache (emptied before each run, untimed). Up to z14 (a grid of counts summed
    from the cells the triggers keep), against the statement that aggregated every point under the tile before
    them; from z15 (every point), against the ST_AsMVT statement as the service runs it, and the peers' tiles of
    the same columns too (tipg keeps no tile cache: every tile it serves is cold)."""
    from layers import registry
    from tiles import rendering

    layer = registry.get("proposals")
    version = data_version()[0]
    cold_samples = []
    for z in TILE_ZOOMS:
        x, y = tile_of(*LILLE, z)
        clip = rendering.clip_box(version, z, x, y)
        path = f"/tiles/proposals/{z}/{x}/{y}.pbf"
        body = http_get(APP_PORT, path)
        peers, notes = {}, {}
        if layer.tiles.aggregates(z):
            raw = raw_sql(*rendering.points_aggregate_sql(layer, z, x, y, clip))
            baseline, target = "aggregating every point", "≤ 100 ms"
        else:
            raw = rendered(layer, z, x, y, clip)
            baseline, target = "raw ST_AsMVT", "≤ 1.2 × raw, ≤ 1.0 × tipg"
            fields = {"z": z, "x": x, "y": y, "properties": ",".join(rendering.properties(layer))}
            peers, notes = compared_peers("tile", body, tile_ids, **fields)

        samples = measure(
            prepare={"served": clear_tile_cache},
            raw=raw,
            served=lambda path=path: http_get(APP_PORT, path),
            **peers,
        )
        cold_samples += samples["served"]
        row = ratio_row(f"3. vector tile z{z} over Lille ({x}/{y}), cold", baseline, samples, target)
        if layer.tiles.aggregates(z):
            # The ratio rounds to 0.0 here: how many times faster than aggregating every point says more.
            row["times_faster"] = round(statistics.median(samples["raw"]) / statistics.median(samples["served"]))
        row["tile_kb"] = round(len(body) / 1024, 1)
        speedups(row, samples, statistics.median(samples["served"]))
        if "tipg_speedup" in row:
            row["tipg_ratio"] = round(1 / row["tipg_speedup"], 2)
        results.append({**row, **notes})
    ordered = sorted(cold_samples)
    results.append(
        {
            "workload": f"3. cold tiles z{TILE_ZOOMS[0]}–z{TILE_ZOOMS[-1]}, all samples",
            "baseline": "none",
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1),
            "target": "every cold tile ≤ 100 ms",
        }
    )


def bench_tiles_warm(results, seconds=10):
    """Warm cache: wrk (8 connections, 2 threads) over the z12–z15 tiles around Lille."""
    paths = []
    for z in range(12, 16):
        cx, cy = tile_of(*LILLE, z)
        paths += [f"/tiles/proposals/{z}/{x}/{y}.pbf" for x in range(cx - 2, cx + 3) for y in range(cy - 2, cy + 3)]
    for path in paths:
        http_get(APP_PORT, path, expect=(200, 204))
    script = ROOT / "var/bench/tiles.lua"
    script.write_text(
        "paths = {" + ",".join(f'"{p}"' for p in paths) + "}\n"
        "request = function() return wrk.format(nil, paths[math.random(#paths)]) end\n"
    )
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", str(script), f"http://127.0.0.1:{APP_PORT}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(output.split("Requests/sec:")[1].split()[0])
    latency = output.split("Latency")[1].split()[0]
    results.append(
        {
            "workload": f"4. warm vector tiles, {len(paths)} tiles around Lille, wrk 8 connections",
            "baseline": "none",
            "throughput_per_s": rate,
            "mean_latency": latency,
            "target": "throughput reported (2 cores)",
        }
    )


def process_tree_rss(root_pid):
    """Resident memory (bytes) of a process and all its descendants, read from /proc."""
    children = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(status.parent.name))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


class PeakMemory:
    """The largest resident memory of the app's processes above `idle`, sampled while `request()` runs."""

    def __init__(self, app):
        self.app = app
        self.idle = process_tree_rss(app.pid)
        self.peak = 0

    def during(self, request):
        running = threading.Event()

        def sample():
            while running.is_set():
                self.peak = max(self.peak, process_tree_rss(self.app.pid) - self.idle)
                time.sleep(0.05)

        running.set()
        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            request()
        finally:
            running.clear()
            sampler.join()

    def mb(self):
        return round(self.peak / 2**20)


def bench_gpkg(results, app):
    """The GeoPackage of every public proposal, built cold by the service, against ogr2ogr on the same view."""
    from opendata import exports, storage

    dsn, env = exports.pg_source()
    target = ROOT / "var/bench/ogr2ogr.gpkg"

    def baseline():
        target.unlink(missing_ok=True)
        subprocess.run(
            ["ogr2ogr", "-f", "GPKG", str(target), dsn, "-sql", "SELECT * FROM layer_proposals"], env=env, check=True
        )

    memory = PeakMemory(app)

    def served():
        for cached in storage.directory("cache").glob("proposals*"):
            cached.unlink()
        memory.during(lambda: http_get(APP_PORT, "/opendata/proposals.gpkg"))

    samples = {"raw": [], "served": []}
    for _ in range(max(2, REPEAT // 3)):
        samples["raw"].append(timed(baseline))
        samples["served"].append(timed(served))
    row = ratio_row(
        "7. GeoPackage download of every public proposal, cold",
        "ogr2ogr from PostGIS",
        samples,
        "≤ 2 × ogr2ogr, peak ≤ 300 MB",
    )
    row["peak_memory_mb_above_idle_server"] = memory.mb()
    results.append(row)


PAGES_SLUG = "charge-synthetique"
PAGES_STAFF = "pages-staff@bench.geoparticipation.invalid"


def staff_cookie():
    """The session cookie of a bench officer (is_staff, an administrator of the console, whose role opens /analyse/),
    created in the bench database at run time as contributor_tokens() creates its participants."""
    user, _ = User.objects.get_or_create(email=PAGES_STAFF, defaults={"pseudonym": "pages-staff", "is_staff": True})
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    Role.objects.get_or_create(user=user, kind=Role.Kind.ADMINISTRATOR)
    return signed_in(user)


#: the bench concertation's national debate, for the debate pages: its arguments, replies included (a tenth)
DEBATE_ARGUMENTS = 300_000
DEBATE_TITLE = "Faut-il rendre les transports en commun gratuits dans toute la métropole ?"
#: the smaller debates beside it: (title, arguments, closed)
SMALL_DEBATES = (
    ("Quelle place pour le vélo sur les grands boulevards ?", 2_000, False),
    ("Faut-il étendre la zone à faibles émissions ?", 800, False),
    ("Où planter les mille arbres de 2027 ?", 300, False),
    ("Fallait-il prolonger la ligne 2 du tramway ?", 1_200, True),
)
CLOSED_CONCLUSION = "La métropole retient les arguments de la nuance et prolonge la ligne."
DEBATE_BODIES = [
    "La gratuité attirerait enfin ceux qui prennent la voiture pour quelques arrêts, et les bus seraient pleins.",
    "Le coût serait reporté sur les impôts locaux de tous, y compris de ceux que le réseau ne dessert pas.",
    "Oui, mais seulement si la fréquence suit : un bus gratuit toutes les quarante minutes ne change rien.",
    "Dans mon quartier, le ticket est la première raison pour laquelle les jeunes ne vont pas au centre.",
    "Les villes qui l'ont fait ont vu surtout des piétons et des cyclistes passer au bus, pas des automobilistes.",
    "Il faudrait commencer par les week-ends et les jours de pollution, puis mesurer avant d'aller plus loin.",
    "La recette des tickets paie une part des conducteurs : sans elle, qui finance les nouvelles lignes ?",
    "La gratuité pour les moins de vingt-six ans et les demandeurs d'emploi serait un bon premier pas.",
]


#: the seeded participants' ids as one array, the first CTE of each debate seed statement
SEED_AUTHORS = """
            SELECT array_agg(id ORDER BY id) AS ids FROM (
                SELECT id FROM accounts_user WHERE email LIKE 'seed-%%@seed.geoparticipation.invalid'
                ORDER BY id LIMIT 100000) u
        """


def _seed_arguments(cursor, debate_id, size, started):
    """`size` arguments of one debate, a tenth of them replies, in two set-based statements (tops, replies) whose
    triggers keep the counters as the site's writes do (debates/sql/post_10_counts.sql)."""
    tops = size - size // 10
    cursor.execute(
        f"""
        WITH authors AS ({SEED_AUTHORS}), places AS (
            SELECT array_agg(geom ORDER BY id) AS geoms FROM (
                SELECT id, geom FROM participation_proposal WHERE geom IS NOT NULL ORDER BY id LIMIT 5000) p
        )
        INSERT INTO debates_argument (debate_id, stance, body, geom, published_at, created_at, supports_count,
                                      author_id, hidden_category, hidden_reason)
        SELECT %(debate)s,
               CASE WHEN n %% 20 < 9 THEN 'for' WHEN n %% 20 < 16 THEN 'against' ELSE 'nuance' END,
               (%(bodies)s::text[])[1 + n %% cardinality(%(bodies)s::text[])] || ' (' || n || ')',
               CASE WHEN n %% 20 = 5 THEN places.geoms[1 + (n / 20) %% cardinality(places.geoms)] END,
               %(started)s + n * interval '7 seconds', %(started)s + n * interval '7 seconds', 0,
               authors.ids[1 + (n * 7919) %% cardinality(authors.ids)], '', ''
        FROM generate_series(1, %(tops)s::bigint) n, authors, places
        """,
        {"debate": debate_id, "bodies": DEBATE_BODIES, "started": started, "tops": tops},
    )
    # A third of the replies go to the first fifty arguments (threads of hundreds), the rest anywhere.
    cursor.execute(
        f"""
        WITH authors AS ({SEED_AUTHORS}), firsts AS (
            SELECT min(id) AS first FROM debates_argument WHERE debate_id = %(debate)s AND parent_id IS NULL
        )
        INSERT INTO debates_argument (debate_id, parent_id, stance, body, published_at, created_at, supports_count,
                                      author_id, hidden_category, hidden_reason)
        SELECT %(debate)s, t.id, '', 'En réponse : ' || (%(bodies)s::text[])[1 + n %% cardinality(%(bodies)s::text[])],
               t.published_at + n * interval '3 seconds', t.published_at + n * interval '3 seconds', 0,
               authors.ids[1 + (n * 104729) %% cardinality(authors.ids)], '', ''
        FROM generate_series(1, %(replies)s::bigint) n CROSS JOIN authors CROSS JOIN firsts
        JOIN debates_argument t
          ON t.id = firsts.first + CASE WHEN n %% 3 = 0 THEN n %% 50 ELSE (n * 7919) %% %(tops)s END
        """,
        {"debate": debate_id, "bodies": DEBATE_BODIES, "replies": size // 10, "tops": tops},
    )


def _seed_supports(cursor, debate_id):
    """Supports on two arguments in three, a few hundred on one in a thousand; one each per participant."""
    cursor.execute(
        f"""
        WITH authors AS ({SEED_AUTHORS})
        INSERT INTO debates_argumentsupport (argument_id, user_id, created_at)
        SELECT a.id, authors.ids[1 + (a.id * 31 + k * 7919) %% cardinality(authors.ids)],
               a.published_at + k * interval '1 minute'
        FROM debates_argument a, authors,
             generate_series(1, CASE WHEN a.id %% 1000 = 0 THEN least(300, cardinality(authors.ids))
                                     ELSE least((a.id * 7919) %% 11 / 3, cardinality(authors.ids)) END) k
        WHERE a.debate_id = %(debate)s
        ON CONFLICT DO NOTHING
        """,
        {"debate": debate_id},
    )


def national_debate(process, size=DEBATE_ARGUMENTS, small=SMALL_DEBATES):
    """The concertation's national debate of `size` arguments and its smaller debates (one closed with a
    conclusion), then their supports, each step added once: skipped when the national debate is there with its
    supports. Returns the seconds it took, or None."""
    from django.db import transaction
    from django.utils import timezone

    from geoparticipation.debates.models import ArgumentSupport, Debate

    national = Debate.objects.filter(process=process, title=DEBATE_TITLE).first()
    if national is not None and ArgumentSupport.objects.filter(argument__debate=national).exists():
        return None
    start = time.perf_counter()
    started = timezone.now() - datetime.timedelta(days=60)
    titles = ((DEBATE_TITLE, size, False), *small)
    if national is None:
        with transaction.atomic(), connection.cursor() as cursor:
            for title, arguments, closed in titles:
                debate = Debate.objects.create(
                    process=process,
                    title=title,
                    description="Un débat de la concertation, pour mesurer ses pages.",
                    published_at=started,
                    state=Debate.State.CLOSED if closed else Debate.State.OPEN,
                    conclusion=CLOSED_CONCLUSION if closed else "",
                    concluded_at=timezone.now() if closed else None,
                )
                _seed_arguments(cursor, debate.pk, arguments, started)
    # The supports in a transaction of their own: their triggers rewrite the counters of arguments then committed,
    # whose foreign keys PostgreSQL would otherwise check again, row by row, at the commit.
    with transaction.atomic(), connection.cursor() as cursor:
        for debate in Debate.objects.filter(process=process, title__in=[title for title, _, _ in titles]):
            _seed_supports(cursor, debate.pk)
    return time.perf_counter() - start


def citizen_pages():
    """(label, path, target in ms) of every kind of citizen page, on the bench's concertation of 1,000,000."""
    from geoparticipation.analysis import report
    from geoparticipation.web import selectors as web_selectors

    process = Process.objects.get(slug=PAGES_SLUG)
    site = f"/concertations/{PAGES_SLUG}"
    proposal = Proposal.objects.filter(process=process).order_by("pk").values_list("pk", flat=True)[500_000]
    # The last page of the answers, as page 2,722 of 25 was.
    deep = f"{site}/bilan/?apres={report.answered(process).order_by('-state', '-title', '-pk')[25].pk}"
    return [
        ("home", "/", 200),
        ("concertation page", f"{site}/", 200),
        ("proposal list, page 2", f"{site}/?page=2", 200),
        ("proposal list by theme", f"{site}/?theme=mobilite", 200),
        ("proposal list by commune", f"{site}/?commune=59350", 200),
        ("proposal list by text", f"{site}/?q=bus", 200),
        ("a proposal", f"{site}/propositions/{proposal}/", 200),
        ("communes", "/communes/", 200),
        ("a commune", "/communes/59350/", 200),
        ("map of annotations", f"{site}/carte/", 200),
        ("meetings", f"{site}/reunions/", 200),
        ("open data", "/opendata/", 200),
        ("bilan", f"{site}/bilan/", 500),
        ("bilan, deep page", deep, 500),
        ("bilan map", f"{site}/bilan/carte/", 500),
        ("proposal list, page 5,000", f"{site}/?page=5000", 200),
        *((f"proposal list, sorted {sort}", f"{site}/?tri={sort}", 200) for sort in web_selectors.SORTS),
        *debate_pages(process),
    ]


def _unanchored(argument):
    """The query of an argument's permalink, without its #anchor (which no browser sends)."""
    from geoparticipation.debates import selectors

    return selectors.anchor_of(argument).split("#")[0]


def debate_pages(process):
    """(label, path, target in ms) of the debate pages, on the national debate of national_debate()."""
    from geoparticipation.debates import selectors
    from geoparticipation.debates.models import Argument, Debate

    debate = Debate.objects.get(process=process, title=DEBATE_TITLE)
    page = f"/concertations/{PAGES_SLUG}/debats/{debate.pk}/"
    column = selectors.column_arguments(debate, "for").order_by(*selectors.SORTS["soutiens"])
    # Page 5,000 as a reader reaches it, by « Arguments suivants » from the last argument of page 4,999.
    page_4999_last = column.values_list("pk", flat=True)[4999 * selectors.COLUMN_PAGE - 1]
    deep = column.values_list("pk", flat=True)[100_010]
    # A reply deep in the longest thread, whose permalink opens the replies from it on.
    thread = Argument.objects.filter(debate=debate, parent__isnull=False).order_by("parent_id").first().parent
    reply = thread.replies.order_by("published_at", "id")[60]
    return [
        ("debates", f"/concertations/{PAGES_SLUG}/debats/", 200),
        ("the national debate (300,000 arguments)", page, 200),
        ("the national debate, newest first", f"{page}?tri=date", 200),
        ("the national debate, column page 5,000 by its links", f"{page}?pour_apres={page_4999_last}", 200),
        ("the national debate, column ?pour=5000", f"{page}?pour=5000", 200),
        # Where the permalink of an argument deep in its column (/arguments/<id>/, a redirect) takes the reader.
        ("an argument's permalink deep in its column", page + _unanchored(Argument.objects.get(pk=deep)), 200),
        ("the replies page of an argument", page + _unanchored(reply), 200),
    ]


# News, search and notifications (#14, #17): the bench database has no article, notification or follow of its own.
NEWS_ARTICLES = 2_000
NEWS_CITIZEN = "news-citizen@bench.geoparticipation.invalid"
#: the busy citizen's notifications, all but NEWS_UNREAD read, and the proposals they follow
NEWS_NOTIFICATIONS = 10_000
NEWS_UNREAD = 150
NEWS_FOLLOWS = 300


def news_seed(process):
    """NEWS_ARTICLES articles (a tenth in the bench's concertation, one in 25 a draft), and a citizen with
    NEWS_NOTIFICATIONS notifications and NEWS_FOLLOWS follows of its proposals, added once; the seconds it took,
    None when already there."""
    from django.contrib.contenttypes.models import ContentType

    from geoparticipation.news.models import Article

    citizen, _ = User.objects.get_or_create(email=NEWS_CITIZEN, defaults={"pseudonym": "news-citizen"})
    if Article.objects.filter(slug__startswith="bench-actualite-").exists():
        return citizen, None
    start = time.perf_counter()
    proposal_type = ContentType.objects.get_for_model(Proposal)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO news_article (slug, title, summary, body, published, published_at, updated_at, process_id)
            SELECT 'bench-actualite-' || n,
                   'Actualité ' || n || ' : ' || (ARRAY['le vélo en ville', 'les lignes de bus',
                       'la concertation avance', 'une réunion publique'])[n %% 4 + 1],
                   'Les nouvelles de la participation citoyenne, numéro ' || n || '.',
                   repeat('La **concertation** continue : vélo, bus, tramway et espaces publics. ', 20),
                   n %% 25 <> 7, now() - n * interval '3 hours', now(), CASE WHEN n %% 10 = 0 THEN %s END
            FROM generate_series(1, %s) AS n
            """,
            [process.pk, NEWS_ARTICLES],
        )
        cursor.execute(
            """
            INSERT INTO notifications_notification
                (recipient_id, kind, content_type_id, object_id, subject, url, count, created_at, read_at)
            SELECT %s, (ARRAY['comment', 'reply', 'answer'])[n %% 3 + 1], %s, id, left(title, 200),
                   '/concertations/' || %s || '/propositions/' || id || '/', 1 + id %% 7,
                   now() - n * interval '20 minutes', CASE WHEN n > %s THEN now() - n * interval '10 minutes' END
            FROM (
                SELECT id, title, row_number() OVER (ORDER BY id) AS n
                FROM participation_proposal WHERE process_id = %s ORDER BY id LIMIT %s
            ) AS chosen
            """,
            [citizen.pk, proposal_type.pk, process.slug, NEWS_UNREAD, process.pk, NEWS_NOTIFICATIONS],
        )
        cursor.execute(
            """
            INSERT INTO participation_follow (user_id, content_type_id, object_id, created_at)
            SELECT %s, %s, id, now() FROM participation_proposal WHERE process_id = %s ORDER BY id LIMIT %s
            ON CONFLICT DO NOTHING
            """,
            [citizen.pk, proposal_type.pk, process.pk, NEWS_FOLLOWS],
        )
    return citizen, time.perf_counter() - start


def news_pages():
    """(label, path, target in ms, signed in) of the news, the search and the busy citizen's notifications."""
    from geoparticipation.news.models import Article

    shown = Article.objects.public().filter(slug__startswith="bench-actualite-")
    middle = shown.order_by("-published_at", "-id").values_list("slug", flat=True)[NEWS_ARTICLES // 4]
    return [
        ("home, with the news", "/", 200, False),
        ("news, page 1", "/actualites/", 200, False),
        ("news, page 150", "/actualites/?page=150", 200, False),
        ("an article", f"/actualites/{middle}/", 200, False),
        ("news feed", "/actualites/flux.atom", 200, False),
        ("a concertation's news", f"/concertations/{PAGES_SLUG}/actualites/", 200, False),
        ("search, a word", "/recherche/?q=velo", 200, False),
        ("search, a prefix", f"/recherche/?q={quote('vél')}", 200, False),
        ("search, a frequent word", "/recherche/?q=bus", 200, False),
        ("search, a rare word (in 18 proposals)", "/recherche/?q=4072", 200, False),
        ("home with the bell, busy citizen", "/", 200, True),
        ("notifications, page 1", "/comptes/notifications/", 200, True),
        ("notifications, page 400", "/comptes/notifications/?page=400", 200, True),
    ]


def bench_news_pages(results, baseline, process):
    """news_pages() against the health page, after news_seed()."""
    citizen, seeded = news_seed(process)
    results.append(
        {
            "workload": "8. seed: news, notifications, follows",
            "baseline": "–",
            "target": "once",
            "seconds": round(seeded, 1) if seeded is not None else "already there",
        }
    )
    cookie = {"Cookie": signed_in(citizen)}
    for label, path, target, signed in news_pages():
        results.append(page_row(label, path, target, baseline, headers=cookie if signed else None))


def first_byte_and_total(port, path, headers=None):
    """Seconds to the first byte of the body, and to its last, of one GET."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read(1)
    first = time.perf_counter() - start
    while response.read(1 << 16):
        pass
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path} on :{port} answered {response.status}")
    return first, time.perf_counter() - start


def page_row(label, path, target, baseline, headers=None):
    """A page timed against the trivial page, interleaved. A page slower than a second is repeated 3 times only,
    without a further warm-up, so that the workload stays minutes long whatever the pages cost; one that does not
    answer 200 (a 503 after the statement timeout) is reported with its status and its one time."""
    workload = f"8. page: {label} ({path})"
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=600)
    start = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    size = len(response.read())
    once = time.perf_counter() - start
    conn.close()
    # Each gunicorn thread's first view of a page loads its templates and its process-wide caches (the territory's
    # extent, the bilan's summary): the warm-up reaches them all on a fast page.
    for _ in range(WARMUP if once < 1 and response.status == 200 else 0):
        http_get(APP_PORT, path, headers)
    if response.status != 200:
        seconds = {"raw": [timed(baseline)], "page": [once]}
        return {**ratio_row(workload, "/sante/", seconds, f"≤ {target} ms"), "status": response.status}
    repeat = REPEAT if once < 1 else 3
    samples = {"raw": [], "page": []}
    statuses = []

    def get():
        conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=600)
        conn.request("GET", path, headers=headers or {})
        answer = conn.getresponse()
        answer.read()
        conn.close()
        statuses.append(answer.status)

    for _ in range(repeat):
        samples["raw"].append(timed(baseline))
        samples["page"].append(timed(get))
    row = {**ratio_row(workload, "/sante/", samples, f"≤ {target} ms"), "kb": round(size / 1000, 1)}
    others = [status for status in statuses if status != 200]
    return {**row, "not_200": others} if others else row


def bench_pages(results, app):
    """Every kind of citizen page, the bilan and its downloads, and the officers' pages, through gunicorn, each
    against the health page (one trivial query) in the same run: the ratio is the page's own cost."""
    from geoparticipation.analysis import report

    def baseline():
        http_get(APP_PORT, "/sante/")

    for _ in range(WARMUP):
        baseline()
    process = Process.objects.get(slug=PAGES_SLUG)
    seeded = national_debate(process)
    if seeded is not None:
        print(f"national debate of {DEBATE_ARGUMENTS:,} arguments seeded in {seeded:.0f} s")
    for label, path, target in citizen_pages():
        results.append(page_row(label, path, target, baseline))
        if label == "bilan":
            # What the first view in each worker, and each new data version, computes before the bilan shows it.
            computed = timed(lambda: report._compute_summary(process, 0))
            results[-1]["summary_computed_in_process_ms"] = round(computed * 1000, 1)
    bench_news_pages(results, baseline, process)

    csv_path = f"/concertations/{PAGES_SLUG}/bilan/reponses.csv"
    firsts, totals, raw = [], [], []
    for _ in range(max(2, REPEAT // 3)):
        raw.append(timed(baseline))
        first, total = first_byte_and_total(APP_PORT, csv_path)
        firsts.append(first)
        totals.append(total)
    row = ratio_row(
        f"8. bilan, every answer as CSV, first byte ({csv_path})", "/sante/", {"raw": raw, "csv": firsts}, "≤ 2,000 ms"
    )
    row["total_median_ms"] = summary(totals)["median_ms"]
    results.append(row)

    results.append(bench_bilan_pdf(baseline, app))

    cookie = {"Cookie": staff_cookie()}
    for path in ("/analyse/", "/analyse/indicateurs/", "/analyse/provenance/"):
        results.append(page_row(f"officers {path}", path, 1000, baseline, headers=cookie))


CONSOLE_ADMIN = "console-admin@bench.geoparticipation.invalid"
CONSOLE_LILLE = "console-lille@bench.geoparticipation.invalid"
#: reports waiting in the bench's concertation, for the moderation queue: one on every 50th proposal
CONSOLE_REPORTS = 20_000


def signed_in(user):
    """The session cookie of `user`, signed in by writing its session as a login would."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that signs people in (the first one, django-axes, only refuses locked-out logins).
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def console_officer(email, kind, commune=None):
    """A bench officer with one console role (created once), and its session cookie."""
    user, _ = User.objects.get_or_create(email=email, defaults={"pseudonym": email.split("@")[0]})
    Role.objects.get_or_create(user=user, kind=kind, commune=commune)
    return {"Cookie": signed_in(user)}


def console_reports(process):
    """CONSOLE_REPORTS reports waiting on the bench's proposals, added once (their authors report them)."""
    from django.contrib.contenttypes.models import ContentType

    from geoparticipation.participation.models import Report

    proposal_type = ContentType.objects.get_for_model(Proposal)
    if Report.objects.filter(content_type=proposal_type, reporter__email__endswith="@bench.geoparticipation.invalid"):
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO participation_report (content_type_id, object_id, reporter_id, reason, details, created_at)
            SELECT %s, id, author_id, 'spam', '', published_at + interval '1 hour'
            FROM participation_proposal WHERE process_id = %s AND id %% 50 = 0 ORDER BY id LIMIT %s
            ON CONFLICT DO NOTHING
            """,
            [proposal_type.pk, process.pk, CONSOLE_REPORTS],
        )


def console_pages(process):
    """(label, path, target in ms, who) of the console's pages on the bench's concertation of 1,000,000: "admin" is an
    administrator, "lille" the commune officer of Lille (its commune holds about a fifth of the contributions)."""
    space = f"/gestion/concertations/{PAGES_SLUG}"
    proposals = Proposal.objects.filter(process=process).order_by("pk").values_list("pk", flat=True)
    middle = proposals[500_000]
    annotations = "?bbox=3.00,50.60,3.12,50.66"
    return [
        ("dashboard", "/gestion/", 1000, "admin"),
        ("concertations", "/gestion/concertations/", 1000, "admin"),
        ("a space", f"{space}/", 1000, "admin"),
        ("a space's proposals", f"{space}/propositions/", 1000, "admin"),
        ("a space's proposals, page 40", f"{space}/propositions/?page=40", 1000, "admin"),
        (
            "a space's proposals by commune, unanswered",
            f"{space}/propositions/?commune=59350&answered=non",
            1000,
            "admin",
        ),
        ("a space's proposals, most supported", f"{space}/propositions/?sort=supports", 1000, "admin"),
        ("answers due", "/gestion/reponses/", 1000, "admin"),
        ("answers due, overdue only", "/gestion/reponses/?overdue=on", 1000, "admin"),
        ("answering a proposal", f"/gestion/propositions/{middle}/", 1000, "admin"),
        ("moderation queue", "/gestion/moderation/", 1000, "admin"),
        ("moderation queue, page 40", "/gestion/moderation/?page=40", 1000, "admin"),
        ("moderation journal", "/gestion/moderation/journal/", 1000, "admin"),
        ("a reported proposal", f"/gestion/moderation/proposition/{middle - middle % 50}/", 1000, "admin"),
        ("members", f"{space}/membres/", 1000, "admin"),
        ("bilan", f"{space}/bilan/", 1000, "admin"),
        ("bilan preview", f"{space}/bilan/apercu/", 1000, "admin"),
        ("annotations over Lille", f"{space}/annotations/donnees/{annotations}", 1000, "admin"),
        ("dashboard, commune officer", "/gestion/", 1000, "lille"),
        ("answers due, commune officer", "/gestion/reponses/", 1000, "lille"),
    ]


def bench_console(results):
    """The officers' console at 1,000,000 contributions, through gunicorn, each page against the health page."""
    from geoparticipation.territory.models import Commune

    def baseline():
        http_get(APP_PORT, "/sante/")

    for _ in range(WARMUP):
        baseline()
    process = Process.objects.get(slug=PAGES_SLUG)
    console_reports(process)
    cookies = {
        "admin": console_officer(CONSOLE_ADMIN, Role.Kind.ADMINISTRATOR),
        "lille": console_officer(CONSOLE_LILLE, Role.Kind.COMMUNE_OFFICER, Commune.objects.get(insee="59350")),
    }
    # The bilan's pages compute the concertation's summary once per gunicorn process and data version, as the public
    # bilan does (the « pages » workload times that): each process gets its first view before the timing.
    for _ in range(WARMUP):
        http_get(APP_PORT, f"/gestion/concertations/{PAGES_SLUG}/bilan/apercu/", cookies["admin"])
    for label, path, target, who in console_pages(process):
        results.append(page_row(f"console: {label}", path, target, baseline, headers=cookies[who]))


def bench_campaigns(results, rounds=2):
    """`manage.py detect_campaigns` over the 1,000,000 contributions, against one GROUP BY over them, interleaved
    (`rounds` each: a run takes tens of seconds). Issue #17 asks for under a minute."""
    from io import StringIO

    from django.core.management import call_command

    raw = raw_sql(
        "SELECT author_id, count(*) FROM participation_proposal WHERE process_id = %s"
        " AND participation_published(published_at, hidden_at) GROUP BY author_id",
        [Process.objects.get(slug=PAGES_SLUG).pk],
    )
    samples = {"raw": [], "command": []}
    for _ in range(rounds):
        samples["raw"].append(timed(raw))
        samples["command"].append(
            timed(lambda: call_command("detect_campaigns", process=PAGES_SLUG, stdout=StringIO()))
        )
    results.append(ratio_row("detect_campaigns at 1,000,000 contributions", "raw GROUP BY", samples, "< 60 s"))


def bench_bilan_pdf(baseline, app):
    """The bilan's PDF built cold (its cached file removed), with the server's memory above idle, then served."""
    from opendata import storage

    path = f"/concertations/{PAGES_SLUG}/bilan.pdf"
    http_get(APP_PORT, path)
    memory = PeakMemory(app)

    def cold():
        for cached in storage.directory("bilan").glob("bilan-*.pdf"):
            cached.unlink()
        memory.during(lambda: http_get(APP_PORT, path))

    samples = {"raw": [], "cold": []}
    for _ in range(2):
        samples["raw"].append(timed(baseline))
        samples["cold"].append(timed(cold))
    cached = [timed(lambda: http_get(APP_PORT, path)) for _ in range(REPEAT)]
    row = ratio_row(f"8. bilan PDF, first build ({path})", "/sante/", samples, "≤ 30 s, peak ≤ 300 MB")
    row["peak_memory_mb_above_idle_server"] = memory.mb()
    row["cached_median_ms"] = summary(cached)["median_ms"]
    return row


def machine():
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.strip()
        except OSError:
            return ""

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), postgis_lib_version()")
        pg, postgis = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM layer_proposals")
        proposals = cursor.fetchone()[0]
        cursor.execute("SELECT current_setting('fsync'), current_setting('synchronous_commit')")
        fsync, synchronous_commit = cursor.fetchone()
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu": first("lscpu | sed -n 's/^Model name: *//p'"),
        "cores": os.cpu_count(),
        "memory": first("free -h | awk '/Mem:/ {print $2}'"),
        "python": platform.python_version(),
        "postgresql": pg.split(",")[0],
        "postgis": postgis,
        "public_proposals": proposals,
        "fsync": fsync,
        "synchronous_commit": synchronous_commit,
    }


def write(results, info):
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps({"machine": info, "results": results}, indent=2, ensure_ascii=False)
    )
    lines = [
        f"Run {info['date']} on {info['cpu']} ({info['cores']} cores, {info['memory']}), {info['postgresql']}, "
        f"PostGIS {info['postgis']} (fsync {info['fsync']}, synchronous_commit {info['synchronous_commit']}), "
        f"Python {info['python']}; {info['public_proposals']:,} public proposals. "
        f"Medians of {REPEAT} runs after a warm-up (min–max in brackets).",
        "",
        "| workload | ours (ms) | baseline | baseline (ms) | ratio | target | notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in results:
        notes = ", ".join(
            f"{k.replace('_', ' ')}: {v}"
            for k, v in row.items()
            if k
            not in {
                "workload",
                "baseline",
                "median_ms",
                "min_ms",
                "max_ms",
                "n",
                "baseline_median_ms",
                "ratio",
                "target",
            }
        )
        ours = f"{row['median_ms']} ({row['min_ms']}–{row['max_ms']})" if "median_ms" in row else "–"
        lines.append(
            f"| {row['workload']} | {ours} | {row['baseline']} | {row.get('baseline_median_ms', '–')} | "
            f"{row.get('ratio', '–')} | {row['target']} | {notes} |"
        )
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


WORKLOADS = (
    "features",
    "bbox",
    "gml",
    "communes",
    "tiles_cold",
    "tiles_warm",
    "gpkg",
    "contributing",
    "contributing_50",
    "outage",
    "pages",
    "console",
    "campaigns",
)


def main():
    """Every workload, or those named in BENCH_ONLY (comma-separated, printed but not written to the results)."""
    only = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
    unknown = set(only) - set(WORKLOADS)
    if unknown:
        sys.exit(f"BENCH_ONLY: unknown workload(s) {', '.join(sorted(unknown))}; choose among {', '.join(WORKLOADS)}")
    selected = only or WORKLOADS
    info = machine()
    app = None
    results = []
    try:
        app = start_app()
        kinds = {"features": {"items", "bbox", "item"}, "tiles_cold": {"tile"}}
        for peer in PEERS:
            if any(kinds.get(name, set()) & set(peer.paths) for name in selected):
                peer.launch()
        runs = {
            "features": lambda: (bench_features_geojson(results), bench_items_small(results)),
            "bbox": lambda: bench_bbox_pages(results),
            "gml": lambda: bench_gml(results),
            "communes": lambda: bench_communes(results),
            "tiles_cold": lambda: bench_tiles_cold(results),
            "tiles_warm": lambda: bench_tiles_warm(results),
            "gpkg": lambda: bench_gpkg(results, app),
            "contributing": lambda: bench_contributing(results, app),
            "contributing_50": lambda: bench_contributing(
                results, app, clients=50, target="≥ 500/s, p99 < 300 ms, rows = 201s"
            ),
            "outage": lambda: bench_outage(results),
            "pages": lambda: bench_pages(results, app),
            "console": lambda: bench_console(results),
            "campaigns": lambda: bench_campaigns(results),
        }
        for name, run in runs.items():
            if name in selected:
                run()
    finally:
        for peer in PEERS:
            peer.stop()
        if app:
            app.terminate()
    if only:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        write(results, info)


if __name__ == "__main__":
    main()
