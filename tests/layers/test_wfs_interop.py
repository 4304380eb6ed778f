"""WFS requests as the clients of issue #16 write them: PropertyIsLike matchCase, GML 3.1.1 envelopes, numberMatched,
and the geometry types that GDAL reads from DescribeFeatureType and GetFeature."""

import json
import xml.etree.ElementTree as ET

import pytest

from geoparticipation.participation.models import Proposal
from layers import wfs_output
from layers.models import AnnotationLineFeature

from .test_wfs import FES, GET_FEATURE_BY_ID, GML, NS, box, feature_ids, get_feature, wfs

OWS = "{http://www.opengis.net/ows/1.1}"


def like(pattern, match_case=None):
    attribute = "" if match_case is None else f' matchCase="{match_case}"'
    return (
        f'<fes:Filter {FES}><fes:PropertyIsLike wildCard="*" singleChar="." escapeChar="!"{attribute}>'
        f"<fes:ValueReference>title</fes:ValueReference><fes:Literal>{pattern}</fes:Literal></fes:PropertyIsLike>"
        "</fes:Filter>"
    )


def titles(client, filter_xml):
    response, text = get_feature(client, "proposals", OUTPUTFORMAT="geojson", FILTER=filter_xml)
    assert response.status_code == 200, text
    return sorted(Proposal.objects.filter(pk__in=feature_ids(text, "geojson")).values_list("title", flat=True))


PROPOSITIONS_1 = sorted(["Proposition 1", *(f"Proposition {n}" for n in range(10, 20))])


@pytest.mark.parametrize("match_case", ["false", "0", " false "])
def test_property_is_like_with_match_case_false_ignores_case(published, client, match_case):
    assert titles(client, like("*PROPOSITION 1*", match_case)) == PROPOSITIONS_1


@pytest.mark.parametrize("match_case", [None, "true", "1"])
def test_property_is_like_stays_case_sensitive_by_default_and_with_match_case_true(published, client, match_case):
    assert titles(client, like("*PROPOSITION 1*", match_case)) == []
    assert titles(client, like("*Proposition 1*", match_case)) == PROPOSITIONS_1


def test_a_case_insensitive_like_still_finds_only_public_proposals(published, client):
    assert titles(client, like("*secret*", "false")) == []


def test_a_case_insensitive_like_keeps_its_single_character_wildcard(published, client):
    assert titles(client, like("PROPOSITION 1.", "false")) == [f"Proposition {n}" for n in range(10, 20)]


def compare(operator, value, match_case=None):
    attribute = "" if match_case is None else f' matchCase="{match_case}"'
    return (
        f"<fes:Filter {FES}><fes:{operator}{attribute}><fes:ValueReference>title</fes:ValueReference>"
        f"<fes:Literal>{value}</fes:Literal></fes:{operator}></fes:Filter>"
    )


def test_property_is_equal_to_with_match_case_false_ignores_case(published, client):
    assert titles(client, compare("PropertyIsEqualTo", "PROPOSITION 12", "false")) == ["Proposition 12"]
    assert titles(client, compare("PropertyIsEqualTo", "PROPOSITION 12")) == []
    assert titles(client, compare("PropertyIsEqualTo", "Proposition 12", "true")) == ["Proposition 12"]


def test_property_is_not_equal_to_with_match_case_false_leaves_out_every_spelling(published, client):
    everything = titles(client, like("*"))
    others = titles(client, compare("PropertyIsNotEqualTo", "PROPOSITION 12", "false"))

    assert others == [title for title in everything if title != "Proposition 12"]
    assert titles(client, compare("PropertyIsNotEqualTo", "PROPOSITION 12")) == everything


def test_a_match_case_that_is_not_a_boolean_on_an_equality_is_an_exception_report(published, client):
    response, text = get_feature(client, "proposals", FILTER=compare("PropertyIsEqualTo", "x", "non"))

    assert response.status_code == 400
    assert "matchCase vaut true ou false" in ET.fromstring(text).findtext(f".//{OWS}ExceptionText")


def test_a_match_case_that_is_not_a_boolean_is_an_exception_report_on_the_filter(published, client):
    response, text = get_feature(client, "proposals", FILTER=like("*piste*", "peut-être"))

    assert response.status_code == 400
    report = ET.fromstring(text)
    assert "matchCase vaut true ou false" in report.findtext(f".//{OWS}ExceptionText")


def test_a_match_case_that_is_not_a_boolean_is_an_exception_report_in_a_post_body_too(published, client):
    body = (
        '<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0">'
        f'<wfs:Query typeNames="proposals">{like("*piste*", "oui")}</wfs:Query></wfs:GetFeature>'
    )
    response = client.post("/wfs", body, content_type="text/xml")

    assert response.status_code == 400
    assert "matchCase vaut true ou false" in response.content.decode()


GEOMETRY_TYPES = {
    "proposals": ("gml:PointPropertyType", None),
    "meetings": ("gml:PointPropertyType", None),
    "annotations": ("gml:GeometryPropertyType", None),
    "annotations_points": ("gml:PointPropertyType", None),
    "annotations_lines": ("gml:CurvePropertyType", "LineString"),
    "annotations_polygons": ("gml:SurfacePropertyType", "Polygon"),
    "communes": ("gml:MultiSurfacePropertyType", "MultiPolygon"),
    "survey_answers": ("gml:MultiSurfacePropertyType", "MultiPolygon"),
}


@pytest.mark.parametrize("layer", GEOMETRY_TYPES)
def test_the_schema_says_which_linear_geometry_a_curve_or_surface_property_holds(db, client, layer):
    property_type, restricted_to = GEOMETRY_TYPES[layer]

    response, text = wfs(client, REQUEST="DescribeFeatureType", TYPENAMES=layer)

    assert response.status_code == 200
    [geometry_line] = [line for line in text.splitlines() if 'name="geom"' in line]
    assert f'type="{property_type}"' in geometry_line
    if restricted_to:
        # The comment GDAL writes in its own GML 3.2 schemas, and reads back as the layer's type.
        assert geometry_line.endswith(f"/> <!-- restricted to {restricted_to} -->")
    else:
        assert "<!--" not in geometry_line


@pytest.mark.parametrize(
    ("layer", "member"),
    [("annotations_lines", "LineString"), ("annotations_polygons", "Polygon"), ("annotations", "LineString")],
)
def test_gml_pages_write_lines_as_line_strings_and_polygons_as_polygons(published, client, layer, member):
    response, text = get_feature(client, layer)

    assert response.status_code == 200
    geometries = [geom[0].tag for geom in ET.fromstring(text).iterfind("wfs:member/*/gp:geom", NS)]
    assert f"{{{NS['gml']}}}{member}" in geometries
    assert not {f"{{{NS['gml']}}}Curve", f"{{{NS['gml']}}}Surface"} & set(geometries)


def test_get_feature_by_id_writes_a_line_as_a_line_string_too(published, client):
    [line_id] = AnnotationLineFeature.objects.values_list("pk", flat=True)
    response, text = wfs(
        client, REQUEST="GetFeature", STOREDQUERY_ID=GET_FEATURE_BY_ID, ID=f"annotations_lines.{line_id}"
    )

    assert response.status_code == 200, text
    [geometry] = ET.fromstring(text).find("gp:geom", NS)
    assert geometry.tag == f"{{{NS['gml']}}}LineString"
    assert geometry.get(f"{{{NS['gml']}}}id") == f"AnnotationLineFeature.{line_id}.1"
    assert len(geometry.findtext("gml:posList", namespaces=NS).split()) == 4


GML311 = 'xmlns:gml311="http://www.opengis.net/gml"'
LILLE_BOX = {"lower": "50.60 3.00", "upper": "50.65 3.10"}  # latitude first, as urn:ogc:def:crs:EPSG::4326 says


def bbox_filter(envelope, value_reference="geom"):
    return (
        f"<fes:Filter {FES} {GML311}><fes:BBOX><fes:ValueReference>{value_reference}</fes:ValueReference>"
        f"{envelope}</fes:BBOX></fes:Filter>"
    )


def gml311_envelope(lower, upper, srs=' srsName="urn:ogc:def:crs:EPSG::4326"'):
    return (
        f"<gml311:Envelope{srs}><gml311:lowerCorner>{lower}</gml311:lowerCorner>"
        f"<gml311:upperCorner>{upper}</gml311:upperCorner></gml311:Envelope>"
    )


def ids_in(client, filter_xml):
    response, text = get_feature(client, "proposals", OUTPUTFORMAT="geojson", FILTER=filter_xml)
    assert response.status_code == 200, text
    return feature_ids(text, "geojson")


def public_ids_inside(polygon):
    return sorted(Proposal.objects.public().filter(geom__intersects=polygon).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "filter_xml",
    [
        bbox_filter(gml311_envelope(**LILLE_BOX)),
        bbox_filter(gml311_envelope("3.00 50.60", "3.10 50.65", srs=' srsName="EPSG:4326"')),
        # What OWSLib's fes2.BBox writes: CSW's ows:BoundingBox, its prefix not even declared.
        bbox_filter(gml311_envelope(**LILLE_BOX), value_reference="ows:BoundingBox"),
    ],
    ids=["GML 3.1.1", "GML 3.1.1, legacy EPSG:4326", "on ows:BoundingBox"],
)
def test_a_bbox_with_a_gml_3_1_1_envelope_finds_the_proposals_in_the_box(published, client, filter_xml):
    inside = public_ids_inside(box(3.00, 50.60, 3.10, 50.65))
    assert 0 < len(inside) < 30
    assert ids_in(client, filter_xml) == inside


def test_a_gml_3_1_1_envelope_without_srs_name_is_in_the_layer_crs(published, client):
    envelope = gml311_envelope("700000 7055000", "712000 7068000", srs="")

    inside = public_ids_inside(box(700000, 7055000, 712000, 7068000, srid=2154))
    assert 0 < len(inside) < 30
    assert ids_in(client, bbox_filter(envelope)) == inside


def test_a_gml_3_1_1_envelope_serves_other_spatial_operators_too(published, client):
    filter_xml = bbox_filter(gml311_envelope(**LILLE_BOX)).replace("fes:BBOX", "fes:Intersects")

    assert ids_in(client, filter_xml) == public_ids_inside(box(3.00, 50.60, 3.10, 50.65))


@pytest.mark.parametrize(
    "envelope",
    [gml311_envelope("50.65 3.10", "50.60 3.00"), gml311_envelope("50.60", "50.65 3.10")],
    ids=["swapped corners", "a corner of one number"],
)
def test_a_bad_gml_3_1_1_envelope_is_an_exception_report(published, client, envelope):
    response, text = get_feature(client, "proposals", FILTER=bbox_filter(envelope))

    assert response.status_code == 400
    assert ET.fromstring(text).findtext(f".//{OWS}ExceptionText")


def number_matched(client, output_format, **params):
    response, text = get_feature(client, "proposals", OUTPUTFORMAT=output_format, **params)
    assert response.status_code == 200, text
    if output_format == "geojson":
        return json.loads(text)["numberMatched"]
    return ET.fromstring(text).get("numberMatched")


def hits(client, **params):
    response, text = get_feature(client, "proposals", RESULTTYPE="hits", **params)
    return int(ET.fromstring(text).get("numberMatched"))


@pytest.mark.parametrize("start", [0, 10, 25, 29])
def test_every_gml_page_states_how_many_proposals_match_as_hits_does(published, client, start):
    assert number_matched(client, GML, COUNT=10, STARTINDEX=start) == str(hits(client)) == "30"


def test_geojson_pages_state_how_many_proposals_match(published, client):
    assert number_matched(client, "geojson", COUNT=10) == number_matched(client, "geojson", COUNT=10, STARTINDEX=20)
    assert number_matched(client, "geojson", COUNT=10) == hits(client) == 30


def test_a_filtered_page_states_how_many_proposals_the_filter_matches(published, client):
    filter_xml = like("*PROPOSITION 1*", "false")

    assert number_matched(client, GML, COUNT=5, FILTER=filter_xml) == str(hits(client, FILTER=filter_xml)) == "11"


def test_a_filtered_page_beyond_the_last_proposal_does_not_guess_how_many_match(published, client):
    everything = like("*", "true")

    assert number_matched(client, GML, COUNT=10, STARTINDEX=40, FILTER=everything) == "unknown"
    assert number_matched(client, "geojson", COUNT=10, STARTINDEX=40, FILTER=everything) is None
    assert number_matched(client, GML, COUNT=10, STARTINDEX=40) == "30"


def test_filtered_results_beyond_the_counted_rows_are_unknown_until_their_end_is_in_sight(
    published, client, monkeypatch
):
    # The page's count reads at most NUMBER_MATCHED_REACH rows: a filter is never counted whole for a page.
    monkeypatch.setattr(wfs_output, "NUMBER_MATCHED_REACH", 15)
    everything = like("*", "true")

    assert number_matched(client, GML, COUNT=10, FILTER=everything) == "unknown"
    assert number_matched(client, GML, COUNT=10, STARTINDEX=15, FILTER=everything) == "unknown"
    assert number_matched(client, GML, COUNT=10, STARTINDEX=16, FILTER=everything) == "30"
    assert number_matched(client, GML, COUNT=29, FILTER=everything) == "unknown"  # a full page and the row after it
    assert number_matched(client, GML, COUNT=30, FILTER=everything) == "30"


@pytest.mark.parametrize("start", [0, 10, 29])
def test_every_page_of_a_whole_layer_states_its_kept_total_without_counting_it(published, client, monkeypatch, start):
    monkeypatch.setattr(wfs_output, "NUMBER_MATCHED_REACH", 5)

    assert number_matched(client, GML, COUNT=3, STARTINDEX=start) == str(hits(client)) == "30"
    assert number_matched(client, "geojson", COUNT=3, STARTINDEX=start) == 30
