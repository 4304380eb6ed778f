"""Hypothesis on the REST API: random query parameters, ids and bodies (GeoJSON Features with random geometries and
CRSs, any JSON) get no 5xx, and a refused contribution stores nothing."""

import json

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given, note
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from geoparticipation.participation.models import Annotation, Comment, Proposal, Report

from ..factories import GRAND_PLACE_LILLE
from ..fuzzing import fuzz_settings, nasty_texts, no_server_error
from ..layers.conftest import build_published_data

LISTS = ["proposals", "annotations", "meetings", "communes", "processes"]
PARAMS = ["bbox", "process", "commune", "theme", "state", "kind", "q", "page", "page_size", "format", "foo"]
CONTRIBUTIONS = {"proposals": Proposal, "annotations": Annotation}


@pytest.fixture
def data(db):
    published = build_published_data()
    token = Token.objects.create(user=published.public_proposals[0].author)
    return published, Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def request(client, method, url, **kwargs):
    """One request in a savepoint, so that a failure in the database leaves the test's transaction usable."""
    note(f"{method.upper()} {url} {kwargs}")
    with transaction.atomic():
        return getattr(client, method)(url, **kwargs)


def bboxes():
    number = st.one_of(st.floats(), st.sampled_from([3.0, 50.6, 3.1, 50.7, -180, 180, 90, -90]))
    return st.lists(number, min_size=0, max_size=6).map(lambda values: ",".join(map(str, values)))


@given(
    name=st.sampled_from(LISTS),
    params=st.dictionaries(st.sampled_from(PARAMS) | st.text(max_size=8), nasty_texts() | bboxes(), max_size=4),
)
@fuzz_settings(examples=60)
def test_any_query_parameters_of_the_lists_get_no_server_error(data, name, params):
    _, client = data
    no_server_error(request(client, "get", f"/api/v1/{name}/", data=params))


@given(name=st.sampled_from(LISTS), key=st.text(min_size=1, max_size=30) | nasty_texts())
@fuzz_settings(examples=40)
def test_any_id_of_a_feature_gets_no_server_error(data, name, key):
    _, client = data
    response = request(client, "get", f"/api/v1/{name}/{key.replace('/', '')}/")
    no_server_error(response)


numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=2.9, max_value=3.3),
    st.floats(min_value=50.5, max_value=50.8),
    st.integers(),
)
position = st.lists(numbers, min_size=0, max_size=5)
coordinates = st.recursive(position, lambda children: st.lists(children, max_size=5), max_leaves=30)
crs_members = st.one_of(
    st.none(),
    st.sampled_from(
        ["EPSG:4326", "EPSG:2154", "EPSG:3857", "EPSG:99999", "EPSG:0", "urn:ogc:def:crs:OGC:1.3:CRS84", "/etc/passwd"]
    ).map(lambda name: {"type": "name", "properties": {"name": name}}),
    st.builds(lambda href: {"type": "link", "properties": {"href": href}}, st.text(max_size=20)),
    st.text(max_size=10),
)
geometries = st.one_of(
    st.builds(
        lambda kind, coords, crs: {"type": kind, "coordinates": coords} | ({} if crs is None else {"crs": crs}),
        st.sampled_from(["Point", "LineString", "Polygon", "MultiPoint", "MultiPolygon", "GeometryCollection", "x"]),
        coordinates,
        crs_members,
    ),
    st.just({"type": "Point", "coordinates": [*GRAND_PLACE_LILLE, 10.0]}),
    st.text(max_size=20),
    st.none(),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
properties = st.fixed_dictionaries(
    {},
    optional={
        # The token's account is a member of « prive »: its contributions there are created too.
        "process": st.sampled_from(["plan-climat", "prive"]) | nasty_texts(),
        "title": nasty_texts(),
        "body": nasty_texts(),
        "theme": st.sampled_from(["climat", "mobilite"]) | nasty_texts() | st.integers(),
        "kind": st.sampled_from(["idee", "probleme"]) | nasty_texts(),
        "comment": nasty_texts(),
    },
)
features = st.builds(
    lambda geometry, props: {"type": "Feature", "geometry": geometry, "properties": props}, geometries, properties
)
# Nearly right: a pin or a drawing in Lille, with or without an elevation, a CRS, a theme, a text.
near_lille = st.builds(
    lambda lon, lat, z: [lon, lat] if z is None else [lon, lat, z],
    st.floats(min_value=3.03, max_value=3.09),
    st.floats(min_value=50.62, max_value=50.65),
    st.none() | st.floats(-100, 1000),
)
nearly_right = st.builds(
    lambda kind, positions, crs, props: {
        "type": "Feature",
        "geometry": {"type": kind, "coordinates": positions[0] if kind == "Point" else positions}
        | ({} if crs is None else {"crs": crs}),
        "properties": {"process": "plan-climat", "title": "Un titre", "body": "Un texte", "comment": "Vu"} | props,
    },
    st.sampled_from(["Point", "LineString"]),
    st.lists(near_lille, min_size=2, max_size=4),
    crs_members,
    properties,
)
bodies = st.one_of(
    nearly_right,
    features,
    properties.flatmap(lambda p: geometries.map(lambda g: {**p, "geometry": g})),
    json_values,
)


@given(name=st.sampled_from(list(CONTRIBUTIONS)), body=bodies)
@fuzz_settings(examples=120)
def test_a_random_contribution_gets_no_server_error_and_is_stored_only_when_created(data, name, body):
    _, client = data
    model = CONTRIBUTIONS[name]
    before = model.objects.count()
    response = request(client, "post", f"/api/v1/{name}/", data=json.dumps(body), content_type="application/json")
    no_server_error(response)
    assert model.objects.count() == before + (response.status_code == 201)


@given(action=st.sampled_from(["comments", "report", "support", "follow"]), body=json_values)
@fuzz_settings(examples=40)
def test_random_bodies_of_the_actions_on_a_proposal_get_no_server_error(data, action, body):
    published, client = data
    url = f"/api/v1/proposals/{published.public_proposals[0].pk}/{action}/"
    counts = Comment.objects.count(), Report.objects.count()
    response = request(client, "post", url, data=json.dumps(body), content_type="application/json")
    no_server_error(response)
    if response.status_code >= 400:
        assert (Comment.objects.count(), Report.objects.count()) == counts
