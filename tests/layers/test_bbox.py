"""Bounding boxes on every feed: the REST API, the OGC API and WFS read them alike and refuse the same bad ones."""

import json
import xml.etree.ElementTree as ET

import pytest

from layers import bbox

from ..factories import GRAND_PLACE_LILLE, point
from .test_wfs import FES

OWS = "{http://www.opengis.net/ows/1.1}"
GET_FEATURE = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "proposals"}
BAD_BOXES = {
    "swapped corners": "3.07,50.65,3.05,50.62",
    "an empty box": "3.05,50.62,3.05,50.65",
    "three numbers": "3.05,50.62,3.07",
    "a word": "3.05,50.62,3.07,nord",
    "infinity": "3.05,50.62,inf,50.65",
    "not a number": "nan,50.62,3.07,50.65",
    "an overflowing number": "3.05,50.62,1e999,50.65",
}


@pytest.mark.parametrize("value", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_a_bad_box_is_refused_with_a_message_in_french_and_in_english(value):
    with pytest.raises(bbox.BadBox) as error:
        bbox.parse(value, 4326)
    assert str(error.value).startswith("bbox : ") and value in str(error.value)
    assert error.value.english.startswith("The box ") or error.value.english.startswith("Expected a box")


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_the_rest_api_answers_a_bad_box_with_a_400_naming_bbox(client, value):
    response = client.get("/api/v1/proposals/", {"bbox": value})

    assert response.status_code == 400
    assert response.json()["bbox"][0].startswith("bbox : ")


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_the_ogc_api_answers_a_bad_box_with_an_ogc_exception(client, value):
    response = client.get("/ogc/collections/proposals/items", {"bbox": value})

    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"
    assert response.json()["description"].startswith("bbox : ")


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_wfs_answers_a_bad_box_with_an_exception_report_on_bbox(client, value):
    response = client.get("/wfs", {**GET_FEATURE, "BBOX": f"{value},urn:ogc:def:crs:OGC::CRS84"})

    assert response.status_code == 400
    exception = ET.fromstring(response.content).find(f"{OWS}Exception")
    assert exception.get("locator") == "bbox"
    assert "box" in exception.findtext(f"{OWS}ExceptionText")


def lon_lat_boxes():
    """(name, (minlon, minlat, maxlon, maxlat), public proposals inside): 30 in all, the Grand-Place's alone."""
    lon, lat = GRAND_PLACE_LILLE
    return [
        ("the world", (-180, -90, 180, 90), 30),
        ("the north-eastern hemisphere", (0, 0, 180, 90), 30),
        ("a strip half round the globe", (0, 50, 180, 51), 30),
        ("a box of 200 degrees of longitude", (-100, 40, 100, 60), 30),
        ("the west up to the antimeridian", (-180, 0, 3.5, 90), 30),
        ("a box on the antimeridian", (170, -90, 180, 90), 0),
        ("the Grand-Place", (lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001), 1),
    ]


def projected_boxes(srid):
    x, y = point(*GRAND_PLACE_LILLE).transform(srid, clone=True).coords
    world = 20037508.34 if srid == 3857 else 1e8
    return [
        ("the world", (-world, -world, world, world), 30),
        ("the north-eastern quarter", (0, 0, world, world), 30),
        ("the Grand-Place", (x - 100, y - 100, x + 100, y + 100), 1),
    ]


def flipped(box):
    return (box[1], box[0], box[3], box[2])


def as_text(box):
    return ",".join(f"{value:.12g}" for value in box)


def cases(crs_spellings):
    """(crs spelling, the box as sent, expected count) for each CRS: lon/lat, lat/lon or projected (its SRID)."""
    params = []
    for spelling, kind in crs_spellings.items():
        boxes = lon_lat_boxes() if kind in ("lon/lat", "lat/lon") else projected_boxes(kind)
        for name, box, expected in boxes:
            sent = as_text(flipped(box) if kind == "lat/lon" else box)
            params.append(pytest.param(spelling, sent, expected, id=f"{name} in {spelling}"))
    return params


OGC_CRS = {
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84": "lon/lat",
    "http://www.opengis.net/def/crs/EPSG/0/4326": "lat/lon",
    "http://www.opengis.net/def/crs/EPSG/0/3857": 3857,
    "http://www.opengis.net/def/crs/EPSG/0/2154": 2154,
}
WFS_CRS = {
    "urn:ogc:def:crs:OGC::CRS84": "lon/lat",
    "EPSG:4326": "lon/lat",
    "urn:ogc:def:crs:EPSG::4326": "lat/lon",
    "EPSG:3857": 3857,
    "urn:ogc:def:crs:EPSG::2154": 2154,
}


def assert_found(features, published, expected):
    ids = {feature["properties"]["id"] for feature in features}
    assert len(features) == len(ids) == expected
    if expected:
        assert published.public_proposals[0].pk in ids


@pytest.mark.parametrize(("crs", "box", "expected"), cases({"WGS84": "lon/lat"}))
def test_the_rest_api_finds_what_a_box_covers_however_wide(published, client, crs, box, expected):
    response = client.get("/api/v1/proposals/", {"bbox": box, "page_size": 1000})

    assert response.status_code == 200
    assert_found(response.json()["features"], published, expected)


@pytest.mark.parametrize(("crs", "box", "expected"), cases(OGC_CRS))
def test_the_ogc_api_finds_what_a_box_covers_in_every_crs(published, client, crs, box, expected):
    response = client.get("/ogc/collections/proposals/items", {"bbox": box, "bbox-crs": crs, "limit": 10000})

    assert response.status_code == 200
    assert_found(json.loads(b"".join(response.streaming_content))["features"], published, expected)


@pytest.mark.parametrize(("crs", "box", "expected"), cases(WFS_CRS))
def test_wfs_finds_what_a_bbox_covers_in_every_crs(published, client, crs, box, expected):
    response = client.get("/wfs", {**GET_FEATURE, "OUTPUTFORMAT": "geojson", "BBOX": f"{box},{crs}"})

    assert response.status_code == 200
    assert_found(json.loads(b"".join(response.streaming_content))["features"], published, expected)


def test_wfs_gives_qgis_every_annotation_for_its_lat_lon_world_box(published, client):
    response = client.get(
        "/wfs",
        {
            **GET_FEATURE,
            "TYPENAMES": "annotations",
            "OUTPUTFORMAT": "geojson",
            "BBOX": "-90,-180,90,180,urn:ogc:def:crs:EPSG::4326",
        },
    )

    assert response.status_code == 200
    features = json.loads(b"".join(response.streaming_content))["features"]
    assert sorted(f["geometry"]["type"] for f in features) == ["LineString", "Point", "Polygon"]


@pytest.mark.parametrize(
    ("envelope", "expected"),
    [
        ('srsName="urn:ogc:def:crs:EPSG::4326"><gml:lowerCorner>-90 -180</gml:lowerCorner><gml:upperCorner>90 180', 30),
        ('srsName="urn:ogc:def:crs:OGC::CRS84"><gml:lowerCorner>170 -90</gml:lowerCorner><gml:upperCorner>180 90', 0),
        ("><gml:lowerCorner>-1e8 -1e8</gml:lowerCorner><gml:upperCorner>1e8 1e8", 30),
    ],
    ids=["the world in lat/lon", "a box on the antimeridian", "a huge box in the layer's CRS"],
)
def test_a_wfs_filter_envelope_finds_what_it_covers_however_wide(published, client, envelope, expected):
    request = (
        f'<wfs:GetFeature service="WFS" version="2.0.0" outputFormat="geojson" {FES} '
        'xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:Query typeNames="proposals"><fes:Filter><fes:BBOX>'
        f"<fes:ValueReference>geom</fes:ValueReference><gml:Envelope {envelope}</gml:upperCorner></gml:Envelope>"
        "</fes:BBOX></fes:Filter></wfs:Query></wfs:GetFeature>"
    )
    response = client.post("/wfs", request, content_type="text/xml")

    assert response.status_code == 200
    assert_found(json.loads(b"".join(response.streaming_content))["features"], published, expected)


def test_a_box_beyond_wgs84_is_still_refused(db, client):
    response = client.get("/ogc/collections/proposals/items", {"bbox": "-180,-90,180,95"})
    assert response.status_code == 400
    assert "hors des limites de WGS84" in response.json()["description"]
