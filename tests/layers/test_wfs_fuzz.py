"""Hypothesis on the WFS key-value parameters and on small FES filters: whatever they hold, the answer is a page or
an OWS exception report, never a 5xx."""

import xml.etree.ElementTree as ET

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given, note
from hypothesis import strategies as st

from ..fuzzing import fuzz_settings, nasty_texts, no_server_error
from .conftest import build_published_data

OWS = "{http://www.opengis.net/ows/1.1}"
FES = 'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"'
TYPE_NAMES = ["proposals", "meetings", "annotations", "communes", "survey_answers", "gp:proposals", "emails", ""]
CRS = [
    "EPSG:2154",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:3857",
    "urn:ogc:def:crs:OGC::CRS84",
    "EPSG:99999",
    "EPSG:+4326",
    "/etc/passwd",
    "+proj=longlat",
    "http://example.com/crs",
]
COLUMNS = ["id", "title", "process", "published_at", "supports_count", "suppressed", "geom", "gp:title[1]", "@id", "x"]

numbers = st.one_of(
    st.floats(), st.integers(-(2**70), 2**70), st.sampled_from([3.0, 50.6, 700000, 7050000, 720000, 7070000])
)
bbox_values = st.builds(
    lambda values, crs: ",".join(map(str, values)) + ("" if crs is None else f",{crs}"),
    st.lists(numbers, max_size=6),
    st.none() | st.sampled_from(CRS),
)
XINCLUDE = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'
literals = st.one_of(nasty_texts(), st.just(XINCLUDE))


def escaped(text):
    return text.replace("&", "&amp;").replace("<", "&lt;")


conditions = st.one_of(
    st.builds(
        lambda operator, column, value, raw: (
            f"<fes:{operator}><fes:ValueReference>{column}</fes:ValueReference>"
            f"<fes:Literal>{value if raw else escaped(value)}</fes:Literal></fes:{operator}>"
        ),
        st.sampled_from(["PropertyIsEqualTo", "PropertyIsLessThan", "PropertyIsLike", "PropertyIsNull", "Foo"]),
        st.sampled_from(COLUMNS),
        literals,
        st.booleans(),
    ),
    st.builds(
        lambda corners, srs: (
            "<fes:BBOX><fes:ValueReference>geom</fes:ValueReference>"
            f"<gml:Envelope{'' if srs is None else f' srsName={srs!r}'}>"
            f"<gml:lowerCorner>{corners[0]} {corners[1]}</gml:lowerCorner>"
            f"<gml:upperCorner>{corners[2]} {corners[3]}</gml:upperCorner></gml:Envelope></fes:BBOX>"
        ),
        st.lists(numbers, min_size=4, max_size=4),
        st.none() | st.sampled_from(CRS),
    ),
    st.builds(
        lambda rid: f'<fes:ResourceId rid="{escaped(rid)}"/>',
        st.sampled_from(["proposals.1", ".1", "x"]) | nasty_texts(),
    ),
)
filters = st.recursive(
    conditions,
    lambda children: st.one_of(
        children.map(lambda child: f"<fes:Not>{child}</fes:Not>"),
        st.builds(
            lambda operator, items: f"<fes:{operator}>{''.join(items)}</fes:{operator}>",
            st.sampled_from(["And", "Or"]),
            st.lists(children, min_size=1, max_size=3),
        ),
    ),
    max_leaves=6,
).map(lambda body: f"<fes:Filter {FES}>{body}</fes:Filter>")

parameters = st.fixed_dictionaries(
    {"SERVICE": st.just("WFS"), "VERSION": st.just("2.0.0")},
    optional={
        "REQUEST": st.sampled_from(["GetFeature", "GetPropertyValue", "DescribeFeatureType", "GetCapabilities"]),
        "TYPENAMES": st.sampled_from(TYPE_NAMES) | nasty_texts(),
        "SRSNAME": st.sampled_from(CRS) | nasty_texts(),
        "BBOX": bbox_values | nasty_texts(),
        "COUNT": nasty_texts(),
        "STARTINDEX": nasty_texts(),
        "RESOURCEID": st.sampled_from(["proposals.1", ".1", "proposals.", "proposals.x,meetings.2"]) | nasty_texts(),
        "VALUEREFERENCE": st.sampled_from(COLUMNS) | nasty_texts(),
        "PROPERTYNAME": st.sampled_from(COLUMNS) | nasty_texts(),
        "SORTBY": st.sampled_from(["title DESC", "id ASC", "x", "title[1]"]) | nasty_texts(),
        "FILTER": filters | nasty_texts(),
        "OUTPUTFORMAT": st.sampled_from(["geojson", "csv", "application/gml+xml; version=3.2"]) | nasty_texts(),
        "RESULTTYPE": st.sampled_from(["hits", "results"]) | nasty_texts(),
        "STOREDQUERY_ID": st.just("urn:ogc:def:query:OGC-WFS::GetFeatureById") | nasty_texts(),
        "ID": st.sampled_from(["proposals.1", ".1"]) | nasty_texts(),
    },
)


@pytest.fixture
def published(db):
    return build_published_data()


@given(params=parameters)
@fuzz_settings(examples=150)
def test_any_wfs_parameters_get_a_page_or_an_exception_report(published, params):
    note(repr(params))
    with transaction.atomic():
        response = Client().get("/wfs", params)
    body = no_server_error(response)
    if response.status_code >= 400:
        assert ET.fromstring(body).tag == f"{OWS}ExceptionReport"


@given(query=filters)
@fuzz_settings(examples=60)
def test_any_filter_posted_in_a_get_feature_gets_a_page_or_an_exception_report(published, query):
    request = (
        '<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0">'
        f'<wfs:Query typeNames="proposals">{query}</wfs:Query></wfs:GetFeature>'
    )
    note(request)
    with transaction.atomic():
        response = Client().post("/wfs", request, content_type="text/xml")
    body = no_server_error(response)
    if response.status_code >= 400:
        assert ET.fromstring(body).tag == f"{OWS}ExceptionReport"
