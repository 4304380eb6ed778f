"""What the OGC API states about a collection as a whole (numberMatched, the temporal extent) and the GeoJSON text
sequences of its items, read back by parsing and by GDAL."""

import datetime
import json
import subprocess

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal
from layers import metadata, ogc
from layers.registry import all_layers

from ..factories import point
from .conftest import SECRET
from .test_ogc_api import ITEMS, all_items, get, get_json

LAYERS = [layer.id for layer in all_layers()]
GDAL = pytest.mark.skipif(
    subprocess.run(["which", "ogrinfo"], capture_output=True).returncode != 0, reason="GDAL tools are not installed"
)


def records(body):
    """The features of an RFC 8142 text sequence: each opens with RS and ends with LF."""
    assert body == b"" or (body.startswith(b"\x1e") and body.endswith(b"\n"))
    return [json.loads(record) for record in body.split(b"\x1e")[1:]]


def number_matched(layer_id, **params):
    response, page = get_json(ITEMS.format(layer_id), **params)
    assert response.status_code == 200, page
    return page.get("numberMatched")


def sequence_pages(layer_id, **params):
    """Follows the Link headers of the text sequence, as a streaming client would."""
    features, url, params = [], ITEMS.format(layer_id), {"f": "geojson-seq", **params}
    while url:
        response, body = get(url, **params)
        assert response.status_code == 200, body
        assert response["Content-Type"] == "application/geo+json-seq"
        features += records(body)
        link = response.get("Link")
        url = link[1 : link.index(">")].removeprefix("http://testserver") if link else None
        params = {}
    return features


@pytest.mark.parametrize("layer_id", LAYERS)
def test_an_unfiltered_collection_says_how_many_features_paging_through_it_delivers(published, layer_id):
    assert number_matched(layer_id, limit=7) == len(all_items(layer_id))


def test_every_page_of_a_collection_states_the_same_number_matched(published):
    _, first = get_json(ITEMS.format("proposals"), limit=10)
    after = first["features"][-1]["id"]
    assert number_matched("proposals", limit=10, after=after) == first["numberMatched"] == 30


def officer():
    """The officer of the published data."""
    return User.objects.get(is_staff=True)


def test_the_number_of_proposals_follows_publication_hiding_and_private_spaces(published):
    before = number_matched("proposals")
    services.content_hide(target=published.public_proposals[0], officer=officer(), category="spam", reason="Publicité")
    assert number_matched("proposals") == before - 1
    Proposal.objects.filter(pk=published.unpublished_proposal.pk).update(published_at=timezone.now())
    assert number_matched("proposals") == before
    services.content_unhide(target=published.public_proposals[0], officer=officer())
    assert number_matched("proposals") == before + 1
    assert number_matched("proposals") == len(all_items("proposals"))


def test_a_proposal_outside_the_communes_is_counted_as_it_is_delivered(published):
    # The service refuses such a place; the back-office or a bulk load may still write one.
    first = published.public_proposals[0]
    outside = Proposal.objects.create(
        process=first.process, author=first.author, title="Paris", geom=point(2.35, 48.85), published_at=timezone.now()
    )
    outside.refresh_from_db()
    assert outside.commune_id is None
    assert number_matched("proposals") == len(all_items("proposals")) == 31


def test_the_annotations_and_their_parts_are_counted_by_geometry_type(published):
    whole = number_matched("annotations")
    parts = [number_matched(part) for part in ("annotations_points", "annotations_lines", "annotations_polygons")]
    assert parts == [1, 1, 1]
    assert whole == sum(parts)


def test_the_kept_counts_are_those_of_a_recount_after_writes_of_every_kind(published):
    services.content_hide(target=published.public_proposals[1], officer=officer(), category="spam", reason="Publicité")
    Proposal.objects.filter(pk=published.public_proposals[2].pk).delete()
    Proposal.objects.filter(pk=published.public_proposals[3].pk).update(geom=point(3.1, 50.7))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, process_id, geometry_type, commune_id, features FROM layers_layer_count "
            "WHERE features <> 0 ORDER BY 1, 2, 3, 4"
        )
        kept = cursor.fetchall()
        cursor.execute(
            """SELECT kind, process_id, geometry_type, COALESCE(commune_id, 0), count(*)::integer FROM (
                   SELECT 'annotations' AS kind, process_id, GeometryType(geom) AS geometry_type, commune_id,
                          published_at, hidden_at
                   FROM participation_annotation
                   UNION ALL SELECT 'meetings', process_id, GeometryType(geom), commune_id, published_at, hidden_at
                   FROM participation_meeting
                   UNION ALL SELECT 'proposals', process_id, GeometryType(geom), commune_id, published_at, hidden_at
                   FROM participation_proposal
               ) r WHERE participation_published(published_at, hidden_at) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"""
        )
        assert kept == cursor.fetchall()


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "3.0,50.55,3.1,50.65"},
        {"datetime": "../2100-01-01T00:00:00Z", "process": "plan-climat"},
        {"commune_insee": "59350"},
        {"title": "personne"},
    ],
)
def test_a_filtered_page_says_how_many_features_paging_through_the_filter_delivers(published, params):
    delivered = len(all_items("proposals", **params))
    assert number_matched("proposals", limit=7, **params) == delivered
    assert number_matched("proposals", limit=100, **params) == delivered


def test_a_filter_matching_more_than_the_counted_bound_goes_without_number_matched(published, monkeypatch):
    monkeypatch.setattr(metadata, "COUNT_BOUND", 10)
    assert number_matched("proposals", limit=5, bbox="2.5,50,3.5,51") is None
    assert number_matched("proposals", limit=1, bbox="3.0,50.55,3.05,50.6") == 2
    # The whole collection's number is kept, not counted.
    assert number_matched("proposals", limit=5) == 30


def test_each_collection_with_a_date_declares_the_span_of_its_published_rows(published):
    Proposal.objects.filter(pk=published.private_proposal.pk).update(published_at="2001-01-01T00:00:00Z")
    Proposal.objects.filter(pk=published.hidden_proposal.pk).update(published_at="2100-01-01T00:00:00Z")
    first = published.public_proposals[0]
    Proposal.objects.filter(pk=first.pk).update(published_at="2020-03-04T05:06:07.250000Z")
    _, body = get_json("/ogc/collections")
    collections = {collection["id"]: collection for collection in body["collections"]}
    temporal = collections["proposals"]["extent"]["temporal"]
    assert temporal["trs"] == "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
    [[start, end]] = temporal["interval"]
    assert start == "2020-03-04T05:06:07.250000Z"
    published_at = [feature["properties"]["published_at"] for feature in all_items("proposals")]
    assert datetime.datetime.fromisoformat(end) == max(map(datetime.datetime.fromisoformat, published_at))
    _, meetings = get_json("/ogc/collections/meetings")
    [[start, end]] = meetings["extent"]["temporal"]["interval"]
    assert start == end
    assert "temporal" not in collections["communes"].get("extent", {})


def test_the_datetime_filter_on_the_declared_interval_finds_every_feature(published):
    _, collection = get_json("/ogc/collections/proposals")
    [[start, end]] = collection["extent"]["temporal"]["interval"]
    assert len(all_items("proposals", datetime=f"{start}/{end}")) == len(all_items("proposals"))


def test_items_come_as_a_geojson_text_sequence_with_f_or_accept(published):
    _, page = get_json(ITEMS.format("proposals"), limit=10)
    response, body = get(ITEMS.format("proposals"), limit=10, f="geojson-seq")
    assert response["Content-Type"] == "application/geo+json-seq"
    assert records(body) == page["features"]
    accepted = Client().get(ITEMS.format("proposals"), {"limit": 10}, HTTP_ACCEPT="application/geo+json-seq")
    body = b"".join(accepted.streaming_content)
    assert accepted["Content-Type"] == "application/geo+json-seq"
    assert records(body) == page["features"]
    assert "Accept" in accepted["Vary"]
    assert "f=geojson-seq" in accepted["Link"]


def test_a_text_sequence_takes_the_same_filters_and_pages_through_every_feature(published):
    assert sequence_pages("proposals", limit=7) == all_items("proposals")
    params = {"bbox": "3.0,50.55,3.1,50.65", "crs": "http://www.opengis.net/def/crs/EPSG/0/2154"}
    assert sequence_pages("proposals", limit=3, **params) == all_items("proposals", **params)
    assert sequence_pages("proposals", limit=1500) == all_items("proposals")
    assert not [f for f in sequence_pages("annotations") if SECRET in json.dumps(f)]


@pytest.mark.parametrize("sortby", [None, "-published_at,title", "+theme"])
def test_a_text_sequence_longer_than_a_batch_pages_through_every_feature_in_its_order(published, monkeypatch, sortby):
    # A page longer than the batch read first is measured before it is sent, in the page's own order.
    monkeypatch.setattr(ogc, "BATCH", 2)
    params = {"sortby": sortby} if sortby else {}
    assert sequence_pages("proposals", limit=5, **params) == all_items("proposals", **params)


def test_a_page_links_to_its_text_sequence_and_the_collection_to_both_kinds_of_items(published):
    _, page = get_json(ITEMS.format("meetings"), limit=5)
    [alternate] = [link for link in page["links"] if link["rel"] == "alternate"]
    assert alternate["type"] == "application/geo+json-seq"
    response, body = get(alternate["href"].removeprefix("http://testserver"))
    assert records(body) == page["features"]
    _, collection = get_json("/ogc/collections/meetings")
    assert {link["type"] for link in collection["links"] if link["rel"] == "items"} == {
        "application/geo+json",
        "application/geo+json-seq",
    }


def test_the_api_definition_declares_the_text_sequence(published):
    _, api = get_json("/ogc/api")
    operation = api["paths"]["/collections/proposals/items"]["get"]
    assert "application/geo+json-seq" in operation["responses"]["200"]["content"]
    [f] = [param for param in operation["parameters"] if param["name"] == "f"]
    assert "geojson-seq" in f["schema"]["enum"]


def test_an_unknown_format_is_a_french_400_that_names_the_text_sequence(published):
    response, body = get_json(ITEMS.format("proposals"), f="geojsonseq")
    assert response.status_code == 400
    assert body["code"] == "InvalidParameterValue"
    assert "f=geojson-seq" in body["description"]
    response, body = get_json(f"{ITEMS.format('proposals')}/{published.public_proposals[0].pk}", f="geojson-seq")
    assert response.status_code == 400


@GDAL
def test_gdal_reads_the_number_of_features_and_the_time_span_of_a_collection(live_server, live_published):
    summary = subprocess.run(
        ["ogrinfo", "-ro", "-so", f"OAPIF:{live_server.url}/ogc", "proposals"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert summary.returncode == 0, summary.stderr
    assert "Feature Count: 30" in summary.stdout
    assert "TEMPORAL_INTERVAL_MIN=" in summary.stdout


@GDAL
def test_gdal_reads_the_text_sequence_of_a_collection(tmp_path, live_server, live_published):
    destination = tmp_path / "proposals.geojson"
    url = f"{live_server.url}/ogc/collections/proposals/items?f=geojson-seq&limit=1000"
    result = subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", str(destination), f"GeoJSONSeq:{url}"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    features = json.loads(destination.read_text())["features"]
    assert sorted(f["properties"]["id"] for f in features) == sorted(p.pk for p in live_published.public_proposals)
