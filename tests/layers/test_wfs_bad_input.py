"""Bad WFS input gets an OGC exception report with a 400 (or 404), never a 500."""

import xml.etree.ElementTree as ET

import pytest

OWS = "{http://www.opengis.net/ows/1.1}"
FES = 'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"'
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
BOMB_FILTER = (
    f"{BILLION_LAUGHS}<fes:Filter {FES}><fes:PropertyIsEqualTo><fes:ValueReference>title</fes:ValueReference>"
    "<fes:Literal>&lol3;</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>"
)
BOMB_REQUEST = (
    f'{BILLION_LAUGHS}<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0">'
    '<wfs:Query typeNames="proposals"><fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo>'
    "<fes:ValueReference>title</fes:ValueReference><fes:Literal>&lol3;</fes:Literal></fes:PropertyIsEqualTo>"
    "</fes:Filter></wfs:Query></wfs:GetFeature>"
)
UNREADABLE_RING = (
    f"<fes:Filter {FES}><fes:Intersects><fes:ValueReference>geom</fes:ValueReference>"
    '<gml:Polygon gml:id="p" srsName="urn:ogc:def:crs:EPSG::2154"><gml:exterior><gml:LinearRing>'
    "<gml:posList>700000 7050000 720000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"
    "</fes:Intersects></fes:Filter>"
)
GET_FEATURE = {"REQUEST": "GetFeature", "TYPENAMES": "proposals"}

BAD_REQUESTS = {
    "malformed filter XML": {**GET_FEATURE, "FILTER": f"<fes:Filter {FES}><fes:PropertyIsEqualTo>"},
    "XML bomb in the filter": {**GET_FEATURE, "FILTER": BOMB_FILTER},
    "unreadable GML geometry in the filter": {**GET_FEATURE, "FILTER": UNREADABLE_RING},
    "unknown property in the filter": {
        **GET_FEATURE,
        "FILTER": f"<fes:Filter {FES}><fes:PropertyIsEqualTo><fes:ValueReference>email</fes:ValueReference>"
        "<fes:Literal>camille@example.org</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>",
    },
    "text compared with a number": {
        **GET_FEATURE,
        "FILTER": f"<fes:Filter {FES}><fes:PropertyIsEqualTo><fes:ValueReference>id</fes:ValueReference>"
        "<fes:Literal>douze</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>",
    },
    "unknown type name": {"REQUEST": "GetFeature", "TYPENAMES": "emails"},
    "unknown type name in DescribeFeatureType": {"REQUEST": "DescribeFeatureType", "TYPENAMES": "emails"},
    "unknown CRS": {**GET_FEATURE, "SRSNAME": "EPSG:999999"},
    "CRS the layer does not offer": {**GET_FEATURE, "SRSNAME": "EPSG:32631"},
    "CRS that is not a CRS": {**GET_FEATURE, "SRSNAME": "Lambert-93"},
    "negative count": {**GET_FEATURE, "COUNT": "-1"},
    "negative startIndex": {**GET_FEATURE, "STARTINDEX": "-10"},
    "count that is not a number": {**GET_FEATURE, "COUNT": "dix"},
    "bbox with its corners swapped": {**GET_FEATURE, "BBOX": "720000,7070000,700000,7050000,EPSG:2154"},
    "bbox with its corners swapped in lat/lon": {
        **GET_FEATURE,
        "BBOX": "50.70,3.10,50.60,3.00,urn:ogc:def:crs:EPSG::4326",
    },
    "filter envelope with its corners swapped": {
        **GET_FEATURE,
        "FILTER": f"<fes:Filter {FES}><fes:BBOX><fes:ValueReference>geom</fes:ValueReference><gml:Envelope>"
        "<gml:lowerCorner>712000 7068000</gml:lowerCorner><gml:upperCorner>700000 7055000</gml:upperCorner>"
        "</gml:Envelope></fes:BBOX></fes:Filter>",
    },
    "bbox with three numbers": {**GET_FEATURE, "BBOX": "1,2,3"},
    "bbox in an unknown CRS": {**GET_FEATURE, "BBOX": "1,2,3,4,EPSG:999999"},
    "unknown request": {"REQUEST": "GetMap"},
    "unknown service": {"SERVICE": "WMS", "REQUEST": "GetCapabilities"},
    "unknown output format": {**GET_FEATURE, "OUTPUTFORMAT": "application/vnd.ms-excel"},
    "unknown resultType": {**GET_FEATURE, "RESULTTYPE": "everything"},
    "unknown stored query": {"REQUEST": "GetFeature", "STOREDQUERY_ID": "urn:example:DropTables"},
    "GetFeatureById of an unknown feature": {
        "REQUEST": "GetFeature",
        "STOREDQUERY_ID": "urn:ogc:def:query:OGC-WFS::GetFeatureById",
        "ID": "proposals.999999",
    },
}


def assert_exception_report(response):
    assert response.status_code in (400, 404), response.content[:500]
    report = ET.fromstring(response.content)
    assert report.tag == f"{OWS}ExceptionReport"
    assert report.find(f"{OWS}Exception").get("exceptionCode")


@pytest.mark.parametrize("params", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_a_bad_get_request_gets_an_exception_report(db, client, params):
    response = client.get("/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", **params})

    assert_exception_report(response)


@pytest.mark.parametrize(
    "body",
    [
        BOMB_REQUEST,
        "ceci n'est pas du XML",
        '<wfs:GetFeature service="WFS" version="2.0.0" count="-5" xmlns:wfs="http://www.opengis.net/wfs/2.0">'
        '<wfs:Query typeNames="proposals"/></wfs:GetFeature>',
        '<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0">'
        '<wfs:Query typeNames="emails"/></wfs:GetFeature>',
        '<wfs:GetFeature service="WFS" version="2.0.0" resultType="everything" '
        'xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:Query typeNames="proposals"/></wfs:GetFeature>',
    ],
    ids=["XML bomb", "not XML", "negative count", "unknown type name", "unknown result type"],
)
def test_a_bad_post_request_gets_an_exception_report(db, client, body):
    response = client.post("/wfs", body, content_type="text/xml")

    assert_exception_report(response)
