"""EPSG:3950 (CC50), EPSG:4258 (ETRS89) and EPSG:3035 (ETRS89-LAEA Europe) on WFS and the OGC API, with the axis
order of each spelling, wide and tiny boxes, and the coordinates that pyproj and GDAL compute."""

import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pyproj
import pytest
from django.db import connection
from gisserver.crs import CRS

from ..factories import GRAND_PLACE_LILLE
from .test_bbox import as_text, assert_found, flipped, lon_lat_boxes, projected_boxes
from .test_wfs import FES, NS, wfs

NEW_SRIDS = (3950, 4258, 3035)
GET_FEATURE = {"REQUEST": "GetFeature", "TYPENAMES": "proposals"}


def expected(srid, north_first=False):
    """The Grand-Place in `srid` as pyproj computes it, x first unless `north_first`."""
    x, y = pyproj.Transformer.from_crs(4326, srid, always_xy=True).transform(*GRAND_PLACE_LILLE)
    return (y, x) if north_first else (x, y)


def tolerance(srid):
    """The feeds' precision: 1 cm, or 1e-6 degree (about 10 cm)."""
    return 1e-6 if srid == 4258 else 0.01


def ogc_items(client, **params):
    response = client.get("/ogc/collections/proposals/items", {"limit": 10000, **params})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, json.loads(content)


def grand_place_feature(features, published):
    return next(f for f in features if f["properties"]["id"] == published.public_proposals[0].pk)


def test_postgis_knows_each_new_crs_and_transforms_as_pyproj_does_within_a_centimetre(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT srid FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND srid = ANY(%s)", [list(NEW_SRIDS)]
        )
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(NEW_SRIDS)
        for srid in NEW_SRIDS:
            cursor.execute(
                "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2154),"
                " %s) p",
                [*GRAND_PLACE_LILLE, srid],
            )
            # Through Lambert-93, as every feed reads the stored geometry.
            lambert = pyproj.Transformer.from_crs(4326, 2154, always_xy=True).transform(*GRAND_PLACE_LILLE)
            ours = pyproj.Transformer.from_crs(2154, srid, always_xy=True).transform(*lambert)
            # 1 cm, which is 1e-7 degree at Lille's latitude.
            assert cursor.fetchone() == pytest.approx(ours, abs=1e-7 if srid == 4258 else 0.01)


def test_the_wfs_capabilities_offer_each_new_crs(db, client):
    _, text = wfs(client, REQUEST="GetCapabilities")

    for feature_type in ET.fromstring(text).iterfind(".//wfs:FeatureType", NS):
        other = {element.text for element in feature_type.iterfind("wfs:OtherCRS", NS)}
        assert {f"urn:ogc:def:crs:EPSG::{srid}" for srid in NEW_SRIDS} <= other


def test_each_ogc_collection_and_the_openapi_document_list_each_new_crs(db, client):
    uris = {f"http://www.opengis.net/def/crs/EPSG/0/{srid}" for srid in NEW_SRIDS}
    for collection in client.get("/ogc/collections").json()["collections"]:
        assert uris <= set(collection["crs"])
    parameters = client.get("/ogc/api").json()["paths"]["/collections/proposals/items"]["get"]["parameters"]
    for name in ("crs", "bbox-crs"):
        assert uris <= set(next(p for p in parameters if p["name"] == name)["schema"]["enum"])


@pytest.mark.parametrize(
    ("srs_name", "srid", "north_first"),
    [
        ("EPSG:3950", 3950, False),
        ("urn:ogc:def:crs:EPSG::3950", 3950, False),
        ("EPSG:4258", 4258, False),
        ("urn:ogc:def:crs:EPSG::4258", 4258, True),
        ("http://www.opengis.net/def/crs/EPSG/0/4258", 4258, True),
        ("EPSG:3035", 3035, False),
        ("urn:ogc:def:crs:EPSG::3035", 3035, True),
        ("http://www.opengis.net/def/crs/EPSG/0/3035", 3035, True),
    ],
)
def test_wfs_gml_follows_the_axis_order_of_the_spelling_as_for_wgs84(published, client, srs_name, srid, north_first):
    grand_place = published.public_proposals[0]
    response, text = wfs(client, REQUEST="GetFeature", RESOURCEID=f"proposals.{grand_place.pk}", SRSNAME=srs_name)

    assert response.status_code == 200, text
    position = ET.fromstring(text).find(".//gml:Point", NS)
    assert tuple(map(float, position.findtext("gml:pos", namespaces=NS).split())) == pytest.approx(
        expected(srid, north_first), abs=tolerance(srid)
    )
    # The legacy spelling is answered in its URL form, which GDAL and GeoServer read x first.
    legacy = "http://www.opengis.net/gml/srs/epsg.xml#" if srs_name.startswith("EPSG:") and srid != 3950 else None
    assert position.get("srsName") == (f"{legacy}{srid}" if legacy else f"urn:ogc:def:crs:EPSG::{srid}")


@pytest.mark.parametrize("srs_name", ["EPSG:3950", "urn:ogc:def:crs:EPSG::4258", "urn:ogc:def:crs:EPSG::3035"])
def test_wfs_geojson_is_x_first_in_each_new_crs(published, client, srs_name):
    srid = int(srs_name.rpartition(":")[2])
    _, text = wfs(client, **GET_FEATURE, SRSNAME=srs_name, OUTPUTFORMAT="geojson")

    collection = json.loads(text)
    assert collection["crs"]["properties"]["name"] == f"urn:ogc:def:crs:EPSG::{srid}"
    feature = grand_place_feature(collection["features"], published)
    assert feature["geometry"]["coordinates"] == pytest.approx(expected(srid), abs=tolerance(srid))


@pytest.mark.parametrize(("srid", "north_first"), [(3950, False), (4258, True), (3035, True)])
def test_ogc_api_items_and_item_come_in_the_authority_axis_order_of_the_crs(published, client, srid, north_first):
    uri = f"http://www.opengis.net/def/crs/EPSG/0/{srid}"
    response, collection = ogc_items(client, crs=uri)

    assert response.status_code == 200
    assert response["Content-Crs"] == f"<{uri}>"
    feature = grand_place_feature(collection["features"], published)
    assert feature["geometry"]["coordinates"] == pytest.approx(expected(srid, north_first), abs=tolerance(srid))
    single = client.get(f"/ogc/collections/proposals/items/{published.public_proposals[0].pk}", {"crs": uri})
    assert single["Content-Crs"] == f"<{uri}>"
    assert single.json()["geometry"] == feature["geometry"]


def box_cases(spellings):
    """(spelling, box as sent, expected count): world, hemisphere or quarter, and the Grand-Place alone."""
    params = []
    for spelling, (srid, north_first) in spellings.items():
        boxes = lon_lat_boxes() if srid == 4258 else projected_boxes(srid)
        for name, box, count in boxes:
            sent = as_text(flipped(box) if north_first else box)
            params.append(pytest.param(spelling, sent, count, id=f"{name} in {spelling}"))
    return params


OGC_CRS = {f"http://www.opengis.net/def/crs/EPSG/0/{srid}": (srid, srid != 3950) for srid in NEW_SRIDS}
WFS_CRS = {
    "EPSG:3950": (3950, False),
    "EPSG:4258": (4258, False),
    "urn:ogc:def:crs:EPSG::4258": (4258, True),
    "EPSG:3035": (3035, False),
    "urn:ogc:def:crs:EPSG::3035": (3035, True),
}


@pytest.mark.parametrize(("crs", "box", "count"), box_cases(OGC_CRS))
def test_the_ogc_api_finds_what_a_box_covers_in_each_new_crs(published, client, crs, box, count):
    response, collection = ogc_items(client, bbox=box, **{"bbox-crs": crs})

    assert response.status_code == 200
    assert_found(collection["features"], published, count)


@pytest.mark.parametrize(("crs", "box", "count"), box_cases(WFS_CRS))
def test_wfs_finds_what_a_bbox_covers_in_each_new_crs(published, client, crs, box, count):
    _, text = wfs(client, **GET_FEATURE, OUTPUTFORMAT="geojson", BBOX=f"{box},{crs}")

    assert_found(json.loads(text)["features"], published, count)


@pytest.mark.parametrize(
    ("srs_name", "srid", "north_first"),
    [
        ("urn:ogc:def:crs:EPSG::3035", 3035, True),
        ("EPSG:4258", 4258, False),
        ("urn:ogc:def:crs:EPSG::3950", 3950, False),
    ],
)
def test_a_wfs_filter_envelope_in_a_new_crs_finds_the_grand_place(published, client, srs_name, srid, north_first):
    x, y = expected(srid)
    half = 0.001 if srid == 4258 else 100
    lower, upper = (x - half, y - half), (x + half, y + half)
    if north_first:
        lower, upper = lower[::-1], upper[::-1]
    request = (
        f'<wfs:GetFeature service="WFS" version="2.0.0" outputFormat="geojson" {FES} '
        'xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:Query typeNames="proposals"><fes:Filter><fes:BBOX>'
        f'<fes:ValueReference>geom</fes:ValueReference><gml:Envelope srsName="{srs_name}">'
        f"<gml:lowerCorner>{lower[0]} {lower[1]}</gml:lowerCorner><gml:upperCorner>{upper[0]} {upper[1]}"
        "</gml:upperCorner></gml:Envelope></fes:BBOX></fes:Filter></wfs:Query></wfs:GetFeature>"
    )
    response = client.post("/wfs", request, content_type="text/xml")

    assert response.status_code == 200
    assert_found(json.loads(b"".join(response.streaming_content))["features"], published, 1)


def test_an_etrs89_box_beyond_its_limits_is_a_french_400_on_the_ogc_api_and_an_exception_report_on_wfs(db, client):
    response, body = ogc_items(
        client, bbox="-200,0,10,10", **{"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/4258"}
    )
    assert response.status_code == 400
    assert body["code"] == "InvalidParameterValue"
    assert body["description"] == "bbox : coordonnées hors des limites d'ETRS89 (longitude ±180, latitude ±90)."

    response, text = wfs(client, **GET_FEATURE, BBOX="-200,0,10,10,EPSG:4258")
    assert response.status_code == 400
    assert "beyond the limits of ETRS89" in ET.fromstring(text).findtext(".//ows:ExceptionText", namespaces=NS)


def test_a_crs_the_feeds_do_not_speak_is_still_refused(db, client):
    response, body = ogc_items(client, crs="http://www.opengis.net/def/crs/EPSG/0/3949")
    assert response.status_code == 400
    assert body["description"].startswith("CRS non pris en charge")
    response, text = wfs(client, **GET_FEATURE, SRSNAME="EPSG:3949")
    assert response.status_code == 400
    assert "does not support CRS" in text


def test_gisserver_reads_the_epsg_code_of_latitude_first_crss_x_first_and_their_urns_in_the_authority_order():
    assert CRS.from_string("EPSG:4258").force_xy and CRS.from_string("EPSG:3035").force_xy
    assert not CRS.from_string("urn:ogc:def:crs:EPSG::4258").force_xy
    assert not CRS.from_string("http://www.opengis.net/def/crs/epsg/0/3035").force_xy
    # Easting first in the authority's order: the legacy spelling changes nothing, and stays a URN in the output.
    assert not CRS.from_string("EPSG:3950").force_xy


gdal = pytest.mark.skipif(
    subprocess.run(["which", "ogrinfo"], capture_output=True).returncode != 0, reason="GDAL tools are not installed"
)


def ogrinfo_point(live_wfs_url, srs_name, feature_id):
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-q", f"WFS:{live_wfs_url}?SRSNAME={srs_name}", "gp:proposals"]
        + ["-where", f"id = {feature_id}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return tuple(map(float, re.search(r"POINT \(([-\d.]+) ([-\d.]+)\)", result.stdout).groups()))


@gdal
@pytest.mark.parametrize(
    "srs_name", ["EPSG:3950", "urn:ogc:def:crs:EPSG::3950", "urn:ogc:def:crs:EPSG::4258", "urn:ogc:def:crs:EPSG::3035"]
)
def test_ogrinfo_reads_a_wfs_getfeature_in_a_new_crs_at_the_coordinates_pyproj_computes(
    live_wfs_url, live_published, srs_name
):
    srid = int(srs_name.rpartition(":")[2])
    # GDAL gives x first whatever the order in the GML: it reads the URN's latitude or northing first.
    point = ogrinfo_point(live_wfs_url, srs_name, live_published.public_proposals[0].pk)

    assert point == pytest.approx(expected(srid), abs=tolerance(srid))
