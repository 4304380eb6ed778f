"""Bad input to the REST API gets a 400 with a French message, each field named, and stores nothing: the causes
of 500s found by fuzzing, one test each."""

import json

import pytest
from rest_framework.test import APIClient

from geoparticipation.participation.models import Annotation, Proposal

from ..factories import GRAND_PLACE_LILLE

pytestmark = pytest.mark.django_db
PROPOSALS = "/api/v1/proposals/"
ANNOTATIONS = "/api/v1/annotations/"


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


def feature(geometry, **properties):
    defaults = {"process": "plan-climat", "title": "Un banc", "body": "Place du Théâtre.", "comment": "Ici"}
    return {"type": "Feature", "geometry": geometry, "properties": defaults | properties}


def pin(*coordinates, crs=None):
    return {"type": "Point", "coordinates": list(coordinates)} | ({} if crs is None else {"crs": crs})


def named_crs(name):
    return {"type": "name", "properties": {"name": name}}


def post(api, url, body):
    return api.post(url, json.dumps(body), content_type="application/json")


def test_a_json_body_nested_100000_deep_is_a_400(api, process):
    response = api.post(PROPOSALS, "[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert "trop imbriqué" in response.json()["detail"]


def test_a_json_body_deeper_than_any_feature_is_a_400(api, process):
    nested = feature(pin(*GRAND_PLACE_LILLE))
    for _ in range(40):
        nested = {"properties": nested}
    response = post(api, PROPOSALS, nested)
    assert response.status_code == 400
    assert "au plus 32 niveaux" in response.json()["detail"]


@pytest.mark.parametrize("field", ["process", "title", "theme"])
def test_a_nul_in_a_json_field_is_refused_naming_the_field(api, process, field):
    response = post(api, PROPOSALS, feature(pin(*GRAND_PLACE_LILLE), **{field: "plan\x00climat"}))
    assert response.status_code == 400
    assert response.json() == {field: ["Caractère nul (U+0000) interdit."]}
    assert not Proposal.objects.exists()


def test_a_gps_pin_with_an_elevation_is_stored_without_it(api, process):
    response = post(api, PROPOSALS, feature(pin(*GRAND_PLACE_LILLE, 10)))
    assert response.status_code == 201, response.content
    assert response.json()["geometry"]["coordinates"] == pytest.approx(list(GRAND_PLACE_LILLE), abs=1e-6)
    assert not Proposal.objects.get().geom.hasz


def test_a_gps_track_with_elevations_is_stored_without_them(api, process):
    track = {"type": "LineString", "coordinates": [[3.06, 50.63, 21.5], [3.07, 50.64, 23.0]]}
    response = post(api, ANNOTATIONS, feature(track))
    assert response.status_code == 201, response.content
    assert response.json()["geometry"]["coordinates"] == [[3.06, 50.63], [3.07, 50.64]]
    assert not Annotation.objects.get().geom.hasz


def test_a_position_with_a_measure_is_refused_with_a_message(api, process):
    response = post(api, PROPOSALS, feature(pin(*GRAND_PLACE_LILLE, 10, 5)))
    assert response.status_code == 400
    assert response.json() == {"geometry": ["Positions à 4 dimensions non acceptées : attendu [longitude, latitude]."]}


@pytest.mark.parametrize("name", ["EPSG:99999", "urn:ogc:def:crs:EPSG::99999"])
def test_a_crs_of_an_unknown_epsg_code_is_refused_and_nothing_is_stored_as_wgs84(api, process, name):
    response = post(api, PROPOSALS, feature(pin(*GRAND_PLACE_LILLE, crs=named_crs(name))))
    assert response.status_code == 400
    assert "EPSG:99999 non accepté" in response.json()["geometry"][0]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "crs",
    [
        named_crs("/etc/passwd"),
        named_crs("+proj=longlat +datum=WGS84"),
        named_crs("EPSG:0"),
        {"type": "link", "properties": {"href": "http://example.org/crs.wkt"}},
        "EPSG:4326",
        {"type": "name", "properties": "EPSG:4326"},
    ],
    ids=["a file", "a proj string", "EPSG:0", "a link", "a bare string", "properties that are not an object"],
)
def test_a_crs_member_that_names_no_epsg_code_is_refused_with_a_message(api, process, crs):
    response = post(api, PROPOSALS, feature(pin(*GRAND_PLACE_LILLE, crs=crs)))
    assert response.status_code == 400
    [message] = response.json()["geometry"]
    assert "crs" in message or "Système de coordonnées" in message
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "geometry",
    [
        pin(*GRAND_PLACE_LILLE, crs=named_crs("urn:ogc:def:crs:OGC:1.3:CRS84")),
        pin(*GRAND_PLACE_LILLE, crs=named_crs("http://www.opengis.net/def/crs/EPSG/0/4326")),
        pin(704_464, 7_060_006, crs=named_crs("EPSG:2154")),
    ],
    ids=["CRS84", "WGS84 by its URI", "Lambert-93"],
)
def test_a_crs_member_naming_wgs84_or_lambert_93_is_accepted(api, process, geometry):
    response = post(api, PROPOSALS, feature(geometry))
    assert response.status_code == 201, response.content
    assert response.json()["properties"]["commune_insee"] == "59350"


def test_a_line_whose_two_vertices_are_one_point_in_lambert_93_is_refused(api, process):
    lon, lat = GRAND_PLACE_LILLE
    line = {"type": "LineString", "coordinates": [[lon, lat], [lon + 1e-15, lat]]}
    response = post(api, ANNOTATIONS, feature(line))
    assert response.status_code == 400
    assert "sommets confondus" in response.json()["geometry"][0]
    assert not Annotation.objects.exists()
