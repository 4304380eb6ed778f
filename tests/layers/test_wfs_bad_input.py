"""Bad WFS input gets an OGC exception report with a 400 (or 404), never a 500."""

import time
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
ENVELOPE = (
    f"<fes:Filter {FES}><fes:BBOX><fes:ValueReference>geom</fes:ValueReference><gml:Envelope{{srs}}>"
    "<gml:lowerCorner>700000 7050000</gml:lowerCorner><gml:upperCorner>720000 7070000</gml:upperCorner>"
    "</gml:Envelope></fes:BBOX></fes:Filter>"
)
TITLE_IS_A = (
    "<fes:PropertyIsEqualTo><fes:ValueReference>title</fes:ValueReference><fes:Literal>a</fes:Literal>"
    "</fes:PropertyIsEqualTo>"
)
XINCLUDE_FILTER = (
    f"<fes:Filter {FES}><fes:PropertyIsEqualTo><fes:ValueReference>title</fes:ValueReference><fes:Literal>"
    '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>'
    "</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>"
)
DEEP_FILTER = f"<fes:Filter {FES}>{'<fes:Not>' * 2000}{TITLE_IS_A}{'</fes:Not>' * 2000}</fes:Filter>"

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
    "startIndex beyond PostgreSQL's bigint": {**GET_FEATURE, "STARTINDEX": "9223372036854775808"},
    "resource id without a type name": {"REQUEST": "GetFeature", "RESOURCEID": ".1"},
    "GetFeatureById without a type name": {
        "REQUEST": "GetFeature",
        "STOREDQUERY_ID": "urn:ogc:def:query:OGC-WFS::GetFeatureById",
        "ID": ".1",
    },
    "type name that is an empty QName": {"REQUEST": "GetFeature", "TYPENAMES": ":"},
    "XPath predicate in a ValueReference": {
        "REQUEST": "GetPropertyValue",
        "TYPENAMES": "proposals",
        "VALUEREFERENCE": "gp:title[1]",
    },
    "XPath predicate in a filter": {
        **GET_FEATURE,
        "FILTER": f"<fes:Filter {FES}><fes:PropertyIsEqualTo><fes:ValueReference>gp:title[1]</fes:ValueReference>"
        "<fes:Literal>a</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>",
    },
    "srsName that is a file path": {**GET_FEATURE, "SRSNAME": "/etc/passwd"},
    "srsName that is a proj string": {**GET_FEATURE, "SRSNAME": "+proj=longlat +datum=WGS84"},
    "srsName whose code is not in ASCII digits": {**GET_FEATURE, "SRSNAME": "EPSG:٤٣٢٦"},
    "bbox in a CRS that is a URL": {**GET_FEATURE, "BBOX": "1,2,3,4,http://example.org/crs"},
    "bbox of infinities in web mercator": {**GET_FEATURE, "BBOX": "-inf,-inf,inf,inf,EPSG:3857"},
    "control character in a parameter": {"REQUEST": "GetFeature", "STOREDQUERY_ID": "\x1f"},
    "gml srsName that is a file path": {**GET_FEATURE, "FILTER": ENVELOPE.format(srs=' srsName="/etc/passwd"')},
    "gml srsName that is a URL": {
        **GET_FEATURE,
        "FILTER": ENVELOPE.format(srs=' srsName="http://example.org/crs.wkt"'),
    },
    "gml srsName that is a proj string": {**GET_FEATURE, "FILTER": ENVELOPE.format(srs=' srsName="+proj=merc"')},
    "gml srsName of an unknown EPSG code": {**GET_FEATURE, "FILTER": ENVELOPE.format(srs=' srsName="EPSG:99999"')},
    "XInclude inside a Literal": {**GET_FEATURE, "FILTER": XINCLUDE_FILTER},
    "Not nested 2,000 deep": {**GET_FEATURE, "FILTER": DEEP_FILTER},
    "GetFeatureById of an unknown feature": {
        "REQUEST": "GetFeature",
        "STOREDQUERY_ID": "urn:ogc:def:query:OGC-WFS::GetFeatureById",
        "ID": "proposals.999999",
    },
}


GET_FEATURE_BODY = (
    '<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0">'
    '<wfs:Query typeNames="proposals">{query}</wfs:Query></wfs:GetFeature>'
)


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
        GET_FEATURE_BODY.format(query=DEEP_FILTER),
        GET_FEATURE_BODY.format(query=f"<fes:Filter {FES}><fes:And>{TITLE_IS_A}</fes:And></fes:Filter>"),
        GET_FEATURE_BODY.format(
            query=f"<fes:Filter {FES}><fes:PropertyIsLike><fes:ValueReference>title</fes:ValueReference>"
            "<fes:Literal></fes:Literal></fes:PropertyIsLike></fes:Filter>"
        ),
        GET_FEATURE_BODY.format(query=XINCLUDE_FILTER),
        GET_FEATURE_BODY.format(query=ENVELOPE.format(srs=' srsName="/etc/passwd"')),
        GET_FEATURE_BODY.format(query=f'<fes:Filter {FES}><fes:ResourceId rid=".1"/></fes:Filter>'),
    ],
    ids=[
        "XML bomb",
        "not XML",
        "negative count",
        "unknown type name",
        "unknown result type",
        "Not nested 2,000 deep",
        "And of one condition",
        "like pattern that is empty",
        "XInclude inside a Literal",
        "gml srsName that is a file path",
        "resource id without a type name",
    ],
)
def test_a_bad_post_request_gets_an_exception_report(db, client, body):
    response = client.post("/wfs", body, content_type="text/xml")

    assert_exception_report(response)


def test_a_deep_filter_is_refused_before_it_is_read(db, client):
    started = time.process_time()
    response = client.get("/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", **GET_FEATURE, "FILTER": DEEP_FILTER})
    assert_exception_report(response)
    assert b"too deep" in response.content
    assert time.process_time() - started < 1


def test_a_body_larger_than_any_request_is_a_413_exception_report(db, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/wfs", GET_FEATURE_BODY.format(query=" " * 2000), content_type="text/xml")
    assert response.status_code == 413
    assert ET.fromstring(response.content).tag == f"{OWS}ExceptionReport"


@pytest.mark.parametrize(
    "srs_name",
    ["EPSG:2154", "urn:ogc:def:crs:EPSG::2154", "http://www.opengis.net/def/crs/EPSG/0/2154", "2154", None],
)
def test_an_envelope_in_lambert_93_finds_the_features_however_its_crs_is_spelt(published, client, srs_name):
    srs = "" if srs_name is None else f' srsName="{srs_name}"'
    params = {**GET_FEATURE, "FILTER": ENVELOPE.format(srs=srs), "RESULTTYPE": "hits"}
    response = client.get("/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", **params})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, body
    assert int(ET.fromstring(body).get("numberMatched")) > 0
