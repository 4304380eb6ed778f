"""Real GIS clients against the live /wfs: GDAL/OGR (what QGIS uses underneath) and OWSLib."""

import json
import re
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import pytest
from owslib import fes2
from owslib.etree import etree
from owslib.wfs import WebFeatureService

from geoparticipation.participation.models import Proposal
from layers.registry import all_layers

from ..factories import GRAND_PLACE_LILLE
from .test_wfs import NS, box

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "ogr2ogr"], capture_output=True).returncode != 0, reason="GDAL tools are not installed"
)
OGR_PAGING = ["--config", "OGR_WFS_PAGE_SIZE", "10", "--config", "OGR_WFS_PAGING_ALLOWED", "ON"]


def run(*command):
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def ogr2ogr_ids(tmp_path, live_wfs_url, *options):
    destination = tmp_path / "proposals.geojson"
    run("ogr2ogr", "-f", "GeoJSON", str(destination), f"WFS:{live_wfs_url}", "gp:proposals", *OGR_PAGING, *options)
    return [feature["properties"]["id"] for feature in json.loads(destination.read_text())["features"]]


def public_ids(queryset=None):
    return sorted((queryset or Proposal.objects.public()).values_list("pk", flat=True))


def test_ogrinfo_lists_every_layer_with_its_geometry_type(live_wfs_url):
    listing = run("ogrinfo", "-ro", "-q", f"WFS:{live_wfs_url}")

    layers = dict(re.findall(r"^\d+: gp:(\w+) \(title: .*?\)(?: \(([^()]+)\))?$", listing, re.MULTILINE))
    assert set(layers) == {layer.id for layer in all_layers()}
    # Linear types, not the Compound Curve, Curve Polygon and Multi Surface that GML 3.2's property types alone give.
    assert layers == {
        "proposals": "Point",
        "meetings": "Point",
        "annotations": "",
        "annotations_points": "Point",
        "annotations_lines": "Line String",
        "annotations_polygons": "Polygon",
        "communes": "Multi Polygon",
        "survey_answers": "Multi Polygon",
        "debates": "Point",
        "debate_arguments": "Point",
    }


@pytest.mark.parametrize(
    ("layer", "geometry_type"),
    [("annotations_lines", "LINESTRING"), ("annotations_polygons", "POLYGON"), ("communes", "MULTIPOLYGON")],
)
def test_ogr2ogr_makes_a_geopackage_without_the_curve_extension(tmp_path, live_wfs_url, layer, geometry_type):
    destination = tmp_path / f"{layer}.gpkg"
    run("ogr2ogr", "-f", "GPKG", str(destination), f"WFS:{live_wfs_url}", f"gp:{layer}", "-nln", layer)

    with sqlite3.connect(destination) as geopackage:
        [(declared,)] = geopackage.execute("SELECT geometry_type_name FROM gpkg_geometry_columns").fetchall()
        extensions = [name for (name,) in geopackage.execute("SELECT extension_name FROM gpkg_extensions")]
        rows = geopackage.execute(f"SELECT count(*) FROM {layer}").fetchone()[0]
    assert declared == geometry_type
    assert not [name for name in extensions if "CURVE" in name.upper()]
    assert rows > 0


def test_ogr2ogr_pages_through_every_public_proposal(tmp_path, live_wfs_url):
    ids = ogr2ogr_ids(tmp_path, live_wfs_url)

    assert sorted(ids) == public_ids()
    assert len(ids) == len(set(ids)) == Proposal.objects.public().count() == 30


def test_ogr2ogr_spatial_filter_returns_exactly_the_proposals_inside(tmp_path, live_wfs_url):
    ids = ogr2ogr_ids(tmp_path, live_wfs_url, "-spat", "3.00", "50.60", "3.10", "50.65", "-spat_srs", "EPSG:4326")

    inside = public_ids(Proposal.objects.public().filter(geom__intersects=box(3.00, 50.60, 3.10, 50.65)))
    assert 0 < len(inside) < 30
    assert sorted(ids) == inside


def test_owslib_bbox_in_lambert_93_gets_only_the_proposals_in_the_box(live_wfs_url):
    service = WebFeatureService(live_wfs_url, version="2.0.0")
    lambert_box = (700000, 7055000, 712000, 7068000)

    response = service.getfeature(
        typename=["gp:proposals"],
        bbox=(*lambert_box, "urn:ogc:def:crs:EPSG::2154"),
        srsname="urn:ogc:def:crs:EPSG::2154",
    )

    collection = ET.fromstring(response.read())
    ids = sorted(int(element.text) for element in collection.iterfind("wfs:member/*/gp:id", NS))
    inside = public_ids(Proposal.objects.public().filter(geom__intersects=box(*lambert_box, srid=2154)))
    assert 0 < len(inside) < 30
    assert ids == inside
    for position in collection.iterfind(".//gp:geom//gml:pos", NS):
        x, y = map(float, position.text.split())
        assert 700000 <= x <= 712000 and 7055000 <= y <= 7068000


@pytest.mark.parametrize(
    ("srs_name", "expected"),
    [("EPSG:4326", GRAND_PLACE_LILLE), ("urn:ogc:def:crs:EPSG::4326", tuple(reversed(GRAND_PLACE_LILLE)))],
    ids=["EPSG:4326 is lon-lat", "the URN is lat-lon"],
)
def test_owslib_reads_the_grand_place_in_the_axis_order_of_the_crs_spelling(
    live_wfs_url, live_published, srs_name, expected
):
    service = WebFeatureService(live_wfs_url, version="2.0.0")
    grand_place = live_published.public_proposals[0]

    response = service.getfeature(
        typename=["gp:proposals"], featureid=[f"proposals.{grand_place.pk}"], srsname=srs_name
    )

    position = ET.fromstring(response.read()).find(".//gp:geom//gml:pos", NS)
    assert tuple(map(float, position.text.split())) == pytest.approx(expected, abs=1e-6)


def test_ogrinfo_reads_every_layer_with_exactly_its_published_columns(live_wfs_url):
    for layer in all_layers():
        summary = run("ogrinfo", "-ro", "-so", f"WFS:{live_wfs_url}", f"gp:{layer.id}")

        fields = re.findall(r"^(\w+): \w+", summary.split("Geometry Column", 1)[1], re.MULTILINE)
        assert [name for name in fields if name != "gml_id"] == list(layer.columns), layer.id


def test_owslib_reads_every_layer_schema_with_its_columns(live_wfs_url):
    service = WebFeatureService(live_wfs_url, version="2.0.0")
    for layer in all_layers():
        schema = service.get_schema(f"gp:{layer.id}")

        # OWSLib knows no gml:CurvePropertyType: that geometry stays among the properties.
        assert [name for name in schema["properties"] if name != "geom"] == list(layer.columns), layer.id


def owslib_bbox_filter(*corners):
    """OWSLib's own spatial filter: a fes:BBOX on ows:BoundingBox with a GML 3.1.1 gml:Envelope."""
    return etree.tostring(fes2.Filter(fes2.BBox(corners, crs="urn:ogc:def:crs:EPSG::4326")).toXML()).decode()


def test_owslib_bbox_filter_posted_gets_only_the_proposals_in_a_small_box_over_lille(live_wfs_url):
    service = WebFeatureService(live_wfs_url, version="2.0.0")
    lon, lat = GRAND_PLACE_LILLE

    response = service.getfeature(
        typename="gp:proposals",
        filter=owslib_bbox_filter(lat - 0.01, lon - 0.01, lat + 0.01, lon + 0.01),
        method="Post",
    )

    ids = sorted(int(element.text) for element in ET.fromstring(response.read()).iterfind("wfs:member/*/gp:id", NS))
    inside = public_ids(
        Proposal.objects.public().filter(geom__intersects=box(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01))
    )
    assert 0 < len(inside) < 30
    assert ids == inside


def test_owslib_get_sends_its_filter_as_an_unknown_query_parameter_which_is_ignored(live_wfs_url):
    # docs/upstream/owslib-wfs2-get-filter.md: OWSLib writes query=<filter> instead of FILTER=; as GeoServer does,
    # the unknown parameter is ignored, so every proposal comes back.
    service = WebFeatureService(live_wfs_url, version="2.0.0")
    lon, lat = GRAND_PLACE_LILLE

    response = service.getfeature(
        typename="gp:proposals", filter=owslib_bbox_filter(lat - 0.01, lon - 0.01, lat + 0.01, lon + 0.01)
    )

    assert len(ET.fromstring(response.read()).findall("wfs:member", NS)) == 30


@pytest.mark.parametrize(("operator", "count"), [("ILIKE", 11), ("LIKE", 0)])
def test_ogr_sends_ilike_as_a_case_insensitive_property_is_like(live_wfs_url, operator, count):
    # GDAL writes ILIKE as PropertyIsLike matchCase="false" and LIKE as matchCase="true", both sent to the server.
    listing = run(
        "ogrinfo", "-ro", "-q", f"WFS:{live_wfs_url}", "gp:proposals", "-where", f"title {operator} '%PROPOSITION 1%'"
    )

    assert len(re.findall(r"^OGRFeature\(gp:proposals\)", listing, re.MULTILINE)) == count
