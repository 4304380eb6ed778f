"""WFS requests as the clients of issue #16 write them: PropertyIsLike matchCase, GML 3.1.1 envelopes, numberMatched,
and the geometry types that GDAL reads from DescribeFeatureType and GetFeature."""

import xml.etree.ElementTree as ET

import pytest

from geoparticipation.participation.models import Proposal

from .test_wfs import FES, feature_ids, get_feature

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
