"""The QGIS styles. QGIS is not installed here (no qgis_process): the documents are checked as QGIS reads them, a
rule-based renderer whose rules name the symbols of its <symbols>."""

from xml.etree import ElementTree

import pytest
from django.test import Client

from geoparticipation.participation.models import Annotation

pytestmark = pytest.mark.django_db

GEOMETRY_RULES = {
    "geometry_type(@geometry) = 'Point'": "marker",
    "geometry_type(@geometry) = 'Line'": "line",
    "geometry_type(@geometry) = 'Polygon'": "fill",
}


def qml(url):
    response = Client().get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.qgis.qml")
    doctype, document = response.content.split(b"\n", 1)
    assert doctype.startswith(b"<!DOCTYPE qgis")
    root = ElementTree.fromstring(document)
    assert root.tag == "qgis"
    return root.find("renderer-v2")


def test_the_mixed_annotations_style_draws_points_lines_and_polygons_each_by_kind():
    renderer = qml("/ogc/collections/annotations/style.qml")
    assert renderer.get("type") == "RuleRenderer"
    symbols = {symbol.get("name"): symbol.get("type") for symbol in renderer.find("symbols")}
    geometry_rules = renderer.find("rules").findall("rule")
    assert {rule.get("filter") for rule in geometry_rules} == set(GEOMETRY_RULES)
    for rule in geometry_rules:
        kinds = rule.findall("rule")
        assert [kind.get("label") for kind in kinds] == list(Annotation.Kind.labels)
        assert [kind.get("filter") for kind in kinds] == [f"\"kind\" = '{value}'" for value in Annotation.Kind.values]
        assert {symbols[kind.get("symbol")] for kind in kinds} == {GEOMETRY_RULES[rule.get("filter")]}
    assert len(symbols) == 3 * len(Annotation.Kind)


def test_every_rule_key_of_the_mixed_style_is_unique():
    renderer = qml("/ogc/collections/annotations/style.qml")
    keys = [rule.get("key") for rule in renderer.iter("rule")]
    assert len(keys) == len(set(keys)) == 3 + 3 * len(Annotation.Kind)


@pytest.mark.parametrize("geometry, symbol_type", [("Point", "marker"), ("LineString", "line"), ("Polygon", "fill")])
def test_one_geometry_type_of_the_mixed_layer_is_still_a_categorized_style(geometry, symbol_type):
    renderer = qml(f"/ogc/collections/annotations/style.qml?geometry={geometry}")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "kind"
    assert {symbol.get("type") for symbol in renderer.find("symbols")} == {symbol_type}


@pytest.mark.parametrize("layer_id", ["annotations_points", "annotations_lines", "annotations_polygons"])
def test_the_per_type_layers_keep_their_categorized_style(layer_id):
    assert qml(f"/ogc/collections/{layer_id}/style.qml").get("type") == "categorizedSymbol"


def test_the_annotations_abstracts_point_qgis_users_at_the_per_type_layers():
    collection = Client().get("/ogc/collections/annotations").json()
    capabilities = ElementTree.fromstring(Client().get("/wfs?SERVICE=WFS&REQUEST=GetCapabilities").content)
    wfs = "{http://www.opengis.net/wfs/2.0}"
    [wfs_abstract] = [
        feature_type.findtext(f"{wfs}Abstract")
        for feature_type in capabilities.iter(f"{wfs}FeatureType")
        if feature_type.findtext(f"{wfs}Name").endswith("annotations")
    ]
    for text in (collection["description"], wfs_abstract):
        assert "QGIS" in text
        assert all(name in text for name in ("annotations_points", "annotations_lines", "annotations_polygons"))
