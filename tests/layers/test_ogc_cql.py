"""OGC API - Features Part 3 on the layer views: queryables, CQL2 filters (text and JSON), sortby and properties."""

import json
import subprocess

import pytest
from django.test import Client

from geoparticipation.participation.models import Proposal, Theme

from .conftest import SECRET

ITEMS = "/ogc/collections/{}/items"
L93 = "http://www.opengis.net/def/crs/EPSG/0/2154"


def get(url, **params):
    response = Client().get(url, params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, json.loads(body)


def titles(layer_id="proposals", **params):
    """The titles of every feature the filter keeps, following the next links."""
    found, url, params = [], ITEMS.format(layer_id), {"limit": 7, **params}
    while url:
        response, page = get(url, **params)
        assert response.status_code == 200, page
        found += [feature["properties"].get("title") for feature in page["features"]]
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
        params = {}
    return found


def assert_refused(params, *words, layer_id="proposals"):
    response, body = get(ITEMS.format(layer_id), **params)
    assert response.status_code == 400, body
    assert body["code"] == "InvalidParameterValue"
    for word in words:
        assert word in body["description"], body["description"]


@pytest.fixture
def varied(published):
    """The published data with a few states, themes and support counts to filter and sort on."""
    proposals = published.public_proposals
    Proposal.objects.filter(pk__in=[p.pk for p in proposals[1:4]]).update(state="accepted")
    Proposal.objects.filter(pk=proposals[4].pk).update(state="rejected")
    Proposal.objects.filter(pk__in=[p.pk for p in proposals[:10]]).update(theme=Theme.objects.get(slug="climat"))
    Proposal.objects.filter(pk__in=[p.pk for p in proposals[10:12]]).update(theme=Theme.objects.get(slug="mobilite"))
    return published


@pytest.mark.django_db
def test_the_queryables_are_a_json_schema_of_the_layer_declaration():
    _, collection = get("/ogc/collections/proposals")
    [link] = [link for link in collection["links"] if link["rel"].endswith("/ogc/1.0/queryables")]
    response = Client().get(link["href"].replace("http://testserver", ""))
    assert response["Content-Type"] == "application/schema+json"
    schema = json.loads(response.content)
    assert schema["type"] == "object" and schema["$id"] == link["href"]
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["properties"]["geometry"]["format"] == "geometry-point"
    assert schema["properties"]["geometry"]["x-ogc-role"] == "primary-geometry"
    assert schema["properties"]["supports_count"]["type"] == "integer"
    assert schema["properties"]["published_at"] == {
        "title": "published_at",
        "description": "Date et heure de publication (ISO 8601)",
        "type": "string",
        "format": "date-time",
        "x-ogc-role": "primary-instant",
    }
    assert set(schema["properties"]["state"]["enum"]) == set(Proposal.State.values)
    assert "id" not in schema["properties"]


@pytest.mark.django_db
def test_an_unknown_collection_has_no_queryables():
    response, body = get("/ogc/collections/nope/queryables")
    assert response.status_code == 404 and body["code"] == "NotFound"


@pytest.mark.django_db
def test_the_conformance_declares_filtering_in_cql2_text_and_json():
    _, body = get("/ogc/conformance")
    for uri in [
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    ]:
        assert uri in body["conformsTo"]


@pytest.mark.parametrize(
    "cql, expected",
    [
        ("state = 'accepted'", {"Proposition 1", "Proposition 2", "Proposition 3"}),
        ("state IN ('rejected', 'withdrawn')", {"Proposition 4"}),
        ("state <> 'published' AND NOT title = 'Proposition 1'", {"Proposition 2", "Proposition 3", "Proposition 4"}),
        ("title LIKE 'Proposition 2_'", {f"Proposition {n}" for n in range(20, 30)}),
        ("CASEI(title) LIKE '%sition 1_'", {f"Proposition {n}" for n in range(10, 20)}),
        ("theme = 'mobilite' OR title = 'Proposition 0'", {"Proposition 0", "Proposition 10", "Proposition 11"}),
        ("supports_count BETWEEN 0 AND 0.5 AND title = 'Proposition 7'", {"Proposition 7"}),
    ],
)
def test_a_cql2_text_filter_keeps_exactly_the_matching_public_proposals(varied, cql, expected):
    assert set(titles(filter=cql)) == expected


def test_a_null_theme_is_found_with_is_null(varied):
    assert len(titles(filter="theme IS NULL")) == len(varied.public_proposals) - 12
    assert len(titles(filter="theme IS NOT NULL")) == 12


def test_the_json_encoding_finds_what_the_text_finds(varied):
    tree = {
        "op": "and",
        "args": [
            {"op": "=", "args": [{"property": "state"}, "accepted"]},
            {"op": "<>", "args": [{"property": "title"}, "Proposition 2"]},
        ],
    }
    found = titles(filter=json.dumps(tree), **{"filter-lang": "cql2-json"})
    assert set(found) == set(titles(filter="state = 'accepted' AND title <> 'Proposition 2'"))
    assert set(found) == {"Proposition 1", "Proposition 3"}


def test_hidden_unpublished_and_private_rows_never_match_a_filter(published):
    assert titles(filter=f"title = '{SECRET}'") == []
    assert titles(filter=f"body LIKE '%{SECRET}%' OR TRUE") == titles()
    assert len(titles(filter="TRUE")) == len(published.public_proposals)
    assert titles(layer_id="meetings", filter=f"title = '{SECRET}' OR address = '{SECRET}'") == []


def test_spatial_functions_compare_with_literals_in_crs84_or_in_the_filter_crs(published):
    near_grand_place = "S_INTERSECTS(geometry, BBOX(3.05,50.62,3.07,50.65))"
    assert titles(filter=near_grand_place) == ["Proposition 0"]
    polygon = "POLYGON((3.05 50.62,3.07 50.62,3.07 50.65,3.05 50.65,3.05 50.62))"
    assert titles(filter=f"S_WITHIN(geometry, {polygon})") == ["Proposition 0"]
    assert len(titles(filter=f"S_DISJOINT(geometry, {polygon})")) == len(published.public_proposals) - 1
    x, y = 704_464, 7_060_006
    l93_box = f"S_INTERSECTS(geometry, BBOX({x - 200},{y - 200},{x + 200},{y + 200}))"
    assert titles(filter=l93_box, **{"filter-crs": L93}) == ["Proposition 0"]
    latitude_first = {"filter-crs": "http://www.opengis.net/def/crs/EPSG/0/4326"}
    assert titles(filter="S_INTERSECTS(geometry, BBOX(50.62,3.05,50.65,3.07))", **latitude_first) == ["Proposition 0"]
    flipped = "POLYGON((50.62 3.05,50.62 3.07,50.65 3.07,50.65 3.05,50.62 3.05))"
    assert titles(filter=f"S_WITHIN(geometry, {flipped})", **latitude_first) == ["Proposition 0"]


def test_a_world_wide_literal_finds_every_feature_instead_of_failing(published):
    assert len(titles(filter="S_INTERSECTS(geometry, BBOX(-180,-90,180,90))")) == len(published.public_proposals)
    world = "POLYGON((-179 -89,179 -89,179 89,-179 89,-179 -89))"
    assert len(titles(filter=f"S_WITHIN(geometry, {world})")) == len(published.public_proposals)
    assert titles(filter="S_INTERSECTS(geometry, POINT(-120 40))") == []


def test_temporal_functions_and_date_comparisons_use_the_publication_date(published):
    everything = len(published.public_proposals)
    assert len(titles(filter="T_AFTER(published_at, TIMESTAMP('2000-01-01T00:00:00Z'))")) == everything
    assert titles(filter="T_BEFORE(published_at, DATE('2000-01-01'))") == []
    assert len(titles(filter="T_INTERSECTS(published_at, INTERVAL('2000-01-01', '..'))")) == everything
    assert titles(filter="published_at < DATE('2000-01-01')") == []
    today = published.public_proposals[0].published_at.date().isoformat()
    assert len(titles(filter=f"published_at = DATE('{today}')")) == everything


def test_a_filter_combines_with_bbox_datetime_property_parameters_and_paging(varied):
    found = titles(filter="state <> 'published'", bbox="2.9,50.5,3.3,50.8", datetime="2000-01-01T00:00:00Z/..")
    assert set(found) == {"Proposition 1", "Proposition 2", "Proposition 3", "Proposition 4"}
    assert titles(filter="state <> 'published'", state="accepted", limit=1) == [
        "Proposition 1",
        "Proposition 2",
        "Proposition 3",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, words",
    [
        ({"filter": "nope = 1"}, ["propriété inconnue « nope »", "state"]),
        ({"filter": "supports_count = 'beaucoup'"}, ["supports_count", "un entier"]),
        ({"filter": "title > 3"}, ["title", "un texte"]),
        ({"filter": "published_at > 'hier'"}, ["hier", "RFC 3339"]),
        ({"filter": "state = "}, ["cql2-text invalide"]),
        ({"filter": "{", "filter-lang": "cql2-json"}, ["cql2-json invalide"]),
        ({"filter": "state = 'x'", "filter-lang": "ecql"}, ["filter-lang", "cql2-text"]),
        ({"filter": "title + 1 = 2"}, ["+"]),
        ({"filter": "ACCENTI(title) = ACCENTI('é')"}, ["ACCENTI"]),
        ({"filter": "S_INTERSECTS(geometry, 3)"}, ["S_INTERSECTS", "géométrie"]),
        ({"filter": "S_INTERSECTS(geometry, POLYGON((3 50,4 51,4 50,3 51,3 50)))"}, ["géométrie invalide"]),
        ({"filter": "S_INTERSECTS(geometry, BBOX(4,50,3,51))"}, ["coins inversés"]),
        ({"filter": "S_INTERSECTS(geometry, POINT EMPTY)"}, ["cql2-text invalide", "position"]),
        ({"filter": "T_AFTER(title, DATE('2026-01-01'))"}, ["T_AFTER", "published_at"]),
        ({"filter": "geometry = 1"}, ["S_INTERSECTS"]),
        ({"filter": "state = 'x'", "filter-crs": "EPSG:9999"}, ["filter-crs", "CRS non pris en charge"]),
        ({"filter-lang": "cql2-text"}, ["filter-lang", "avec filter"]),
        ({"filter": "(" * 30_000 + "state = 'x'" + ")" * 30_000}, ["au plus 20000 caractères"]),
        ({"sortby": "-nope"}, ["sortby", "nope"]),
        ({"sortby": "title,-title"}, ["sortby", "deux fois"]),
        ({"sortby": "--title"}, ["sortby", "--title"]),
        ({"sortby": "title", "after": "12"}, ["after", "curseur invalide"]),
        ({"sortby": "title", "after": '["x", "y"]'}, ["after", "curseur invalide"]),
        ({"properties": "title,secret"}, ["properties", "« secret »"]),
        ({"properties": ""}, ["properties", "«  »"]),
    ],
)
def test_bad_filters_sorts_and_property_lists_are_a_400_naming_the_problem(params, words):
    assert_refused(params, *words)


@pytest.mark.django_db
def test_a_literal_of_more_than_ten_thousand_vertices_is_refused():
    ring = [[3 + i * 1e-5, 50.6] for i in range(10_001)] + [[3, 50.7], [3, 50.6]]
    tree = {"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Polygon", "coordinates": [ring]}]}
    assert_refused({"filter": json.dumps(tree), "filter-lang": "cql2-json"}, "10000 sommets")


def test_a_deeply_nested_filter_is_answered_without_taking_the_process_down(published):
    # cql2-rs overflowed a thread's usual stack (a segmentation fault) at about 3,000 nested parentheses.
    response, page = get(ITEMS.format("proposals"), filter="(" * 5000 + "state = 'x'" + ")" * 5000)
    assert response.status_code == 200 and page["features"] == []
    assert_refused({"filter": "NOT " * 4000 + "state = 'x'"}, "filter")


def test_sortby_orders_the_features_and_paging_keeps_every_one_once(varied):
    by_title = titles(sortby="-title")
    assert by_title == sorted(by_title, reverse=True)
    assert sorted(by_title) == sorted(p.title for p in varied.public_proposals)
    # Several rows per theme and many without: the cursor must step through ties and NULLs.
    by_theme = titles(sortby="+theme,-title", limit=3)
    assert len(by_theme) == len(set(by_theme)) == len(varied.public_proposals)
    assert by_theme[:2] == ["Proposition 9", "Proposition 8"]
    assert by_theme[10:12] == ["Proposition 11", "Proposition 10"]
    assert by_theme[12:] == sorted(by_theme[12:], reverse=True)


def test_sortby_with_a_filter_and_a_plus_sign_sent_unencoded(varied):
    # In an address, sortby=+state reaches the server as " state".
    assert titles(filter="state <> 'published'", sortby=" state,-title") == [
        "Proposition 3",
        "Proposition 2",
        "Proposition 1",
        "Proposition 4",
    ]


def test_properties_keeps_only_the_named_ones_with_the_id_and_the_geometry(published):
    _, page = get(ITEMS.format("proposals"), properties="title,state", limit=2)
    for feature in page["features"]:
        assert set(feature["properties"]) == {"id", "title", "state"}
        assert feature["geometry"]["type"] == "Point" and feature["id"] == feature["properties"]["id"]


@pytest.mark.django_db
def test_the_openapi_description_documents_filter_sortby_and_properties():
    _, api = get("/ogc/api")
    params = {param["name"]: param for param in api["paths"]["/collections/proposals/items"]["get"]["parameters"]}
    assert {"filter", "filter-lang", "filter-crs", "sortby", "properties"} <= set(params)
    assert "cql2-json" in params["filter-lang"]["schema"]["enum"]
    assert "/collections/proposals/queryables" in api["paths"]


def test_gdal_sends_its_where_clause_as_a_filter_and_counts_what_it_keeps(live_server, live_published):
    Proposal.objects.filter(pk__in=[p.pk for p in live_published.public_proposals[:3]]).update(state="accepted")
    result = subprocess.run(
        [
            "ogrinfo",
            "-ro",
            "-so",
            "--config",
            "CPL_CURL_VERBOSE",
            "YES",
            f"OAPIF:{live_server.url}/ogc/",
            "proposals",
            "-where",
            "state = 'accepted' AND published_at > '2000-01-01'",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Feature Count: 3" in result.stdout, result.stdout + result.stderr
    assert "filter-lang=cql-text" in result.stderr
