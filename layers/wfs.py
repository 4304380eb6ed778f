"""WFS 2.0 at /wfs, spoken by django-gisserver from the layer declarations."""

import dataclasses
import functools
import math
import os
import re
from xml.etree.ElementTree import ParseError, tostring

import pyproj
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from django.conf import settings
from django.contrib.gis.gdal import AxisOrder, GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import RequestDataTooBig
from django.db import models
from gisserver.crs import CRS, CRS84, WEB_MERCATOR, WGS84
from gisserver.exceptions import (
    ExternalParsingError,
    ExternalValueError,
    InvalidParameterValue,
    OperationParsingFailed,
    OptionNotSupported,
)
from gisserver.features import FeatureType, ServiceDescription, field
from gisserver.operations import wfs20
from gisserver.output import DBGeoJsonRenderer, DBGML32Renderer, XmlSchemaRenderer
from gisserver.output.utils import tag_escape
from gisserver.parsers.ast import tag_registry
from gisserver.parsers.fes20.lookups import FesLike
from gisserver.parsers.fes20.operators import (
    FES_VALUE_REFERENCE,
    BinaryComparisonName,
    BinaryComparisonOperator,
    BinarySpatialOperator,
    LikeOperator,
    SpatialDescription,
    SpatialOperatorName,
)
from gisserver.parsers.gml.geometries import GEOSGMLGeometry
from gisserver.parsers.xml import xmlns
from gisserver.types import XsdTypes
from gisserver.views import WFSView

from . import bbox, crs, gisserver_internals
from .gisserver_internals import parse_tag_with, raised_by_request_readers, raised_in, read_bbox_with
from .registry import all_layers
from .wfs_output import (
    PagedFeatureCollection,
    PostGISGeoJsonRenderer,
    PostGISGML32Renderer,
    StreamedFeatureCollection,
)

STORAGE_CRS = CRS.from_srid(settings.STORAGE_SRID)
POSTGIS_RENDERERS = {DBGeoJsonRenderer: PostGISGeoJsonRenderer, DBGML32Renderer: PostGISGML32Renderer}


def feature_type(layer):
    return FeatureType(
        layer.queryset().order_by(layer.id_column),
        name=layer.id,
        title=layer.title,
        abstract=layer.abstract,
        keywords=list(layer.keywords),
        fields=[*(field(name, abstract=text) for name, text in layer.columns.items()), "geom"],
        crs=STORAGE_CRS,
        other_crs=[WGS84, CRS84, WEB_MERCATOR, *map(CRS.from_srid, crs.REGIONAL_SRIDS)],
        # Without a display field gisserver writes "ProposalFeature object (1)" as gml:name and as an extra
        # GeoJSON property; the published columns are exactly the declared ones.
        show_name_field=False,
    )


# PostgreSQL's OFFSET is a bigint, and gisserver reads one row beyond a page to know whether a next one exists.
MAX_START_INDEX = 2**63 - 1 - settings.GISSERVER_DEFAULT_MAX_PAGE_SIZE - 1


class PagingInRange:
    """gisserver slices the queryset with COUNT and STARTINDEX as given, so a negative one, or a STARTINDEX beyond
    PostgreSQL's bigint, ends in a 500."""

    def validate_request(self, ows_request):
        for locator in ("count", "startIndex"):
            value = getattr(ows_request, locator)
            if value is not None and value < 0:
                raise InvalidParameterValue(f"{locator} must be zero or more, not {value}.", locator=locator)
        if ows_request.startIndex is not None and ows_request.startIndex > MAX_START_INDEX:
            raise InvalidParameterValue(f"startIndex must be at most {MAX_START_INDEX}.", locator="startIndex")
        super().validate_request(ows_request)


# Where the ORM builds queries: a ValueError raised there while gisserver compiles a filter is the filter's.
ORM_QUERIES = os.path.dirname(models.__file__)


class FilterValueErrors:
    """gisserver means to answer the ORM's ValueError on a filter (a PropertyIsLike of an empty Literal: "Cannot use
    None as a query value") with a 400, but a stray `raise` in its wrap_filter_errors lets it through as a 500
    (docs/upstream/fuzz-filter-value-errors.md)."""

    def get_results(self):
        try:
            return super().get_results()
        except (TypeError, ValueError) as error:
            if not raised_in(error, ORM_QUERIES):
                raise
            raise InvalidParameterValue(f"Invalid filter query: {error}", locator="filter") from error


class GetFeature(FilterValueErrors, PagingInRange, wfs20.GetFeature):
    def get_output_formats(self):
        formats = super().get_output_formats()
        for output_format in formats:
            output_format.renderer_class = POSTGIS_RENDERERS.get(
                output_format.renderer_class, output_format.renderer_class
            )
        return formats

    def get_results(self):
        collection = super().get_results()
        if self.output_format.renderer_class in (PostGISGML32Renderer, PostGISGeoJsonRenderer):
            collection = PagedFeatureCollection(
                results=[
                    StreamedFeatureCollection(
                        source_query=sub.source_query,
                        feature_types=sub.feature_types,
                        queryset=sub.queryset,
                        start=sub.start,
                        stop=sub.stop,
                    )
                    if sub.stop != math.inf
                    else sub
                    for sub in collection.results
                ]
            )
        return collection


class GetPropertyValue(FilterValueErrors, PagingInRange, wfs20.GetPropertyValue):
    pass


# GML 3.2 has no LineString, Polygon or MultiPolygon property types (GML 3.1 deprecated them, 3.2 dropped them), so a
# line is a gml:CurvePropertyType, which GDAL reads as a CompoundCurve (and ogr2ogr writes a GeoPackage with the curve
# extension). GDAL's own GML 3.2 schemas say what the geometry is restricted to in a comment after the element, and
# its schema reader (parsexsd.cpp) takes the linear type from there: the schema stays valid, OGR reads LineString.
RESTRICTED_TO = {
    XsdTypes.gmlCurvePropertyType: "LineString",
    XsdTypes.gmlSurfacePropertyType: "Polygon",
    XsdTypes.gmlMultiCurvePropertyType: "MultiLineString",
    XsdTypes.gmlMultiSurfacePropertyType: "MultiPolygon",
}


class DocumentedXmlSchemaRenderer(XmlSchemaRenderer):
    """The schema of DescribeFeatureType with each column's description, which gisserver keeps but does not write,
    and the linear geometry type that a curve or surface property holds, as GDAL writes it."""

    def render_element(self, xsd_element):
        element = super().render_element(xsd_element)
        if xsd_element.type in RESTRICTED_TO:
            return f"{element} <!-- restricted to {RESTRICTED_TO[xsd_element.type]} -->"
        abstracts = {f.name: f.abstract for f in xsd_element.feature_type.fields}
        if not abstracts.get(xsd_element.name):
            return element
        documentation = f'<documentation xml:lang="fr">{tag_escape(abstracts[xsd_element.name])}</documentation>'
        return f"{element.removesuffix(' />')}><annotation>{documentation}</annotation></element>"


class DescribeFeatureType(wfs20.DescribeFeatureType):
    def get_output_formats(self):
        formats = super().get_output_formats()
        for output_format in formats:
            output_format.renderer_class = DocumentedXmlSchemaRenderer
        return formats


# What a CRS may be in SRSNAME, in BBOX and in a srsName: an EPSG code in one of the OGC spellings gisserver reads,
# or CRS84. gisserver hands such a text to GDAL's and PROJ's parsers, which read files and URLs named there (GDAL
# 3.6 cannot forbid it) and fail on codes they do not know: anything else is refused before.
CRS_SPELLING = re.compile(
    r"(?:EPSG:|urn:(?:ogc|opengis):def:crs:EPSG:(?:[0-9]+(?:\.[0-9]+){0,2})?:"
    r"|http://www\.opengis\.net/def/crs/epsg/0/|http://www\.opengis\.net/gml/srs/epsg\.xml#)?([0-9]{1,9})"
    r"|urn:(?:ogc|opengis):def:crs:OGC:(?:[0-9]+(?:\.[0-9]+){0,2})?:(?:CRS)?84",
    re.IGNORECASE,
)
# Far deeper and larger than any filter a client writes (a QGIS filter is a handful of levels); gisserver reads a
# filter recursively, so 400 levels exhaust Python's stack, and its time grows with the number of conditions.
MAX_XML_DEPTH = 40
MAX_XML_ELEMENTS = 5_000
XINCLUDE = "{http://www.w3.org/2001/XInclude}"
# XML 1.0 has no control characters but tab and line breaks.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A resource id is <type name>.<id>; gisserver fails with a 500 on an empty type name (".1").
RESOURCE_ID = re.compile(r"[^\s.,()][^\s,()]*\.[^\s.,()]+")


@functools.cache
def _known_epsg(code):
    try:
        pyproj.CRS.from_epsg(code)
    except pyproj.exceptions.CRSError:
        return False
    return True


def check_crs(value, locator):
    match = CRS_SPELLING.fullmatch(value)
    if match is None:
        raise InvalidParameterValue(
            f"Unknown CRS {value!r}: expected EPSG:<code>, urn:ogc:def:crs:EPSG::<code> or "
            f"http://www.opengis.net/def/crs/EPSG/0/<code>.",
            locator=locator,
        )
    if match.group(1) and not _known_epsg(int(match.group(1))):
        raise InvalidParameterValue(f"Unknown EPSG code in {value!r}.", locator=locator)


def check_result_type(value):
    # gisserver looks the value up as an enum member name, and an unknown one raises a KeyError.
    if value is not None and value.lower() not in ("results", "hits"):
        raise InvalidParameterValue(f"resultType must be results or hits, not {value}.", locator="resultType")


def check_resource_ids(values, locator="resourceId"):
    for value in values:
        if not RESOURCE_ID.fullmatch(value):
            raise InvalidParameterValue(
                f"A resource id is <type name>.<id>, as proposals.12, not {value!r}.", locator=locator
            )


def _kvp_values(value):
    """The values of a parameter, one per query when it lists them in parentheses, as gisserver splits them."""
    return value[1:-1].split(")(") if value.startswith("(") and value.endswith(")") else [value]


def check_kvp(query_params):
    """Refuses the GET parameters that gisserver would accept wrongly or answer with a 500."""
    stored_query = next((value for key, value in query_params.items() if key.upper() == "STOREDQUERY_ID"), "")
    for key, value in query_params.items():
        name = key.upper()
        if CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value):
            # gisserver quotes values in its exception reports, which would then not be XML.
            raise InvalidParameterValue("Control characters are not accepted in a parameter.", locator="request")
        if name == "RESULTTYPE":
            check_result_type(value)
        elif name == "SRSNAME":
            check_crs(value, "srsName")
        elif name == "BBOX":
            for box in _kvp_values(value):
                if len(parts := box.split(",")) % 2:
                    check_crs(parts[-1], "bbox")
        elif name == "RESOURCEID":
            check_resource_ids([rid for ids in _kvp_values(value) for rid in ids.split(",")])
        elif name == "ID" and stored_query.endswith("GetFeatureById"):
            check_resource_ids([value], locator="id")
        elif name == "FILTER":
            for text in _kvp_values(value):
                check_xml_tree(_parse(text), locator="filter")


def _parse(text):
    """The XML as ElementTree, or None when it is not XML (left to gisserver's parser, which says why)."""
    try:
        return defused_fromstring(text)
    except ParseError:
        return None
    except DefusedXmlException as error:
        message = f"XML with a DTD or entities is not accepted: {error}"
        raise OperationParsingFailed(message, locator="request") from None


def check_xml_tree(root, locator):
    """Refuses, before gisserver reads it, XML deeper or larger than any request, XInclude (which gisserver does
    not expand, but should never be given), CRS names that are not EPSG codes and malformed resource ids."""
    if root is None:
        return
    pending, count = [(root, 1)], 0
    while pending:
        element, depth = pending.pop()
        count += 1
        if depth > MAX_XML_DEPTH or count > MAX_XML_ELEMENTS:
            raise OperationParsingFailed(
                f"The XML is too deep or too large: at most {MAX_XML_DEPTH} levels and {MAX_XML_ELEMENTS} elements.",
                locator=locator,
            )
        if isinstance(element.tag, str) and element.tag.startswith(XINCLUDE):
            raise OperationParsingFailed("XInclude is not accepted.", locator=locator)
        if (srs_name := element.get("srsName")) is not None:
            check_crs(srs_name, locator)
        if (rid := element.get("rid")) is not None:
            check_resource_ids([rid], locator)
        pending.extend((child, depth + 1) for child in element)


def check_xml(body):
    """The same checks for an XML request (POST); a body that is not XML is left to gisserver's parser."""
    root = _parse(body)
    check_xml_tree(root, locator="request")
    if root is not None:
        check_result_type(root.get("resultType"))


class FilterBox(GEOSGMLGeometry):
    """The box of a spatial filter, as the BBOX parameter or a gml:Envelope gives it.

    gisserver resolves its CRS and axis order; the database gets it through layers/bbox.py, cut to the area of use
    of the storage CRS and densified, so that a whole-world box finds the features instead of failing in PROJ.
    Swapped corners are refused rather than silently reordered, and so are an empty box and non-numbers.
    """

    @classmethod
    def from_bbox(cls, bbox_value):
        try:
            bbox.corners(bbox_value.split(",")[:4])
        except bbox.BadBox as error:
            raise InvalidParameterValue(error.english, locator="bbox") from None
        box = super().from_bbox(bbox_value)
        if box.srs is not None and box.srs.force_xy:
            # A legacy spelling ("EPSG:4326") is longitude first, as in SRSNAME and in gisserver's gml:Envelope;
            # gisserver's BBOX parser alone reads it latitude first.
            CRS.tag_geometry(box.geos_data, axis_order=AxisOrder.TRADITIONAL)
        return box

    def build_rhs(self, compiler):
        box = super().build_rhs(compiler).extent
        try:
            return bbox.geometry(box, self.srs.srid)
        except bbox.BadBox as error:
            raise ExternalValueError(error.english) from None


read_bbox_with(FilterBox)
gisserver_internals.read_epsg_code_x_first(srid for srid in crs.REGIONAL_SRIDS if crs.north_first(srid))


class Envelope(FilterBox):
    """A filter's gml:Envelope, which GDAL (so QGIS and ogr2ogr -spat) sends without srsName.

    GML says such an envelope is in the CRS of its context, here the layer's; gisserver insists on srsName and
    answers 400, so the spatial filter of those clients fails. Its corners are checked as the BBOX parameter's.
    An envelope in the GML 3.1.1 namespace, as OWSLib's fes2.BBox writes it, is read the same way: its corners
    and its srsName mean the same in both versions.
    """

    @classmethod
    def from_xml(cls, element):
        namespace = element.tag[: element.tag.index("}") + 1]
        lower, upper = (element.findtext(f"{namespace}{name}", "") for name in ("lowerCorner", "upperCorner"))
        try:
            bbox.corners([*lower.split(), *upper.split()])
        except bbox.BadBox as error:
            raise ExternalParsingError(f"gml:Envelope: {error.english}") from None
        if "srsName" in element.attrib:
            return super().from_xml(element)
        return cls(srs=None, geos_data=GEOSGeometry.from_gml(tostring(element)))


parse_tag_with(f"{{{xmlns.gml32.value}}}Envelope", Envelope)
parse_tag_with(f"{{{xmlns.gml21.value}}}Envelope", Envelope)

# CSW's queryable for a record's box, which OWSLib's fes2.BBox writes as the ValueReference of every BBOX.
OWS_BOUNDING_BOX = "ows:BoundingBox"


class LayerBBox(BinarySpatialOperator):
    """A BBOX on ows:BoundingBox is the BBOX of the layer's geometry, as gisserver reads a BBOX without
    ValueReference: the feature's box is what the client asks about. gisserver cannot resolve that name (OWSLib does
    not even declare its prefix), so every spatial filter of OWSLib failed."""

    @classmethod
    def from_xml(cls, element):
        if len(element) == 2 and element[0].tag == FES_VALUE_REFERENCE and element[0].text == OWS_BOUNDING_BOX:
            return cls(
                operatorType=SpatialOperatorName.BBOX,
                operand1=None,
                operand2=tag_registry.node_from_xml(element[1], allowed_types=SpatialDescription.__args__),
                _source=element.tag,
            )
        return super().from_xml(element)


parse_tag_with(f"{{{xmlns.fes20.value}}}BBOX", LayerBBox)


@models.CharField.register_lookup
@models.TextField.register_lookup
class FesILike(FesLike):
    """`fes_like` without regard to case, for PropertyIsLike matchCase="false"."""

    lookup_name = "fes_ilike"

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        return sql.replace(" LIKE ", " ILIKE ", 1), params


# xs:boolean, the type of matchCase.
XSD_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _match_case(element):
    """The matchCase attribute of a comparison, true by default in FES 2.0; gisserver keeps it as the string it
    reads, so that "false" was true."""
    value = element.get("matchCase", "true").strip()
    if value not in XSD_BOOLEANS:
        raise ExternalParsingError(f"matchCase vaut true ou false, pas {value!r}.")
    return XSD_BOOLEANS[value]


@dataclasses.dataclass
class CaseAwareLike(LikeOperator):
    """PropertyIsLike with its matchCase attribute, which gisserver does not read (every LIKE is case-sensitive,
    so `*PISTE*` with matchCase="false" found nothing); matchCase="true", the default of FES 2.0, stays LIKE."""

    matchCase: bool = True

    @classmethod
    def from_xml(cls, element):
        return dataclasses.replace(super().from_xml(element), matchCase=_match_case(element))

    def build_compare(self, compiler, lhs, lookup, rhs):
        if not self.matchCase and lookup == "fes_like":
            lookup = "fes_ilike"
        return super().build_compare(compiler, lhs, lookup, rhs)


parse_tag_with(f"{{{xmlns.fes20.value}}}PropertyIsLike", CaseAwareLike)


@dataclasses.dataclass
class CaseAwareEquality(BinaryComparisonOperator):
    """PropertyIsEqualTo and PropertyIsNotEqualTo with matchCase="false": equal without regard to case (the order
    comparisons keep gisserver's, which compares with case)."""

    @classmethod
    def from_xml(cls, element):
        return dataclasses.replace(super().from_xml(element), matchCase=_match_case(element))

    def build_query(self, compiler):
        if self.matchCase:
            return super().build_query(compiler)
        lhs, rhs = self.expression
        equal = self.build_compare(compiler, lhs=lhs, lookup="iexact", rhs=rhs)
        return ~equal if self.operatorType is BinaryComparisonName.PropertyIsNotEqualTo else equal


for _name in ("PropertyIsEqualTo", "PropertyIsNotEqualTo"):
    parse_tag_with(f"{{{xmlns.fes20.value}}}{_name}", CaseAwareEquality)


class ParticipationWFSView(WFSView):
    xml_namespace = "https://geoparticipation.lillemetropole.fr/wfs"
    xml_namespace_aliases = {"gp": xml_namespace}
    service_description = ServiceDescription(
        title="geoparticipation — Métropole Européenne de Lille",
        abstract=(
            "Contributions publiques des concertations de la Métropole Européenne de Lille : propositions, "
            "réunions, annotations cartographiques et participation par commune. Licence Ouverte / Etalab 2.0."
        ),
        keywords=["participation citoyenne", "concertation", "Métropole Européenne de Lille"],
        provider_name="Métropole Européenne de Lille",
        provider_site="https://www.lillemetropole.fr/",
        contact_person="Mission concertation citoyenneté",
    )
    feature_types = [feature_type(layer) for layer in all_layers()]
    accept_operations = {
        "WFS": {
            **WFSView.accept_operations["WFS"],
            "DescribeFeatureType": DescribeFeatureType,
            "GetFeature": GetFeature,
            "GetPropertyValue": GetPropertyValue,
        }
    }

    def get(self, request, *args, **kwargs):
        check_kvp(request.GET)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        check_xml(request.body)
        return super().post(request, *args, **kwargs)

    def handle_exception(self, exc):
        # A POST body with a DTD (entity expansion, "billion laughs") is refused by defusedxml before
        # gisserver sees it, and gisserver lets that ValueError through as a 500.
        if isinstance(exc, DefusedXmlException):
            exc = OperationParsingFailed(f"XML with a DTD or entities is not accepted: {exc}", locator="request")
        # A POST body that is XML but not a valid request (an <fes:And> of one condition) escapes gisserver as well,
        # where the same filter in FILTER is a 400.
        elif isinstance(exc, ExternalParsingError):
            exc = OperationParsingFailed(f"Invalid request: {exc}", locator="request")
        elif isinstance(exc, ExternalValueError):
            exc = InvalidParameterValue(f"Invalid request: {exc}", locator="request")
        # A GML geometry in a filter that GDAL cannot read (a ring of three numbers) escapes gisserver as well.
        elif isinstance(exc, GDALException | GEOSException):
            exc = OperationParsingFailed(f"Unreadable GML geometry in the filter: {exc}", locator="filter")
        # gisserver says what it does not support (an XPath predicate in a ValueReference, gp:title[1]) with a
        # NotImplementedError, which it turns into a 400 while parsing only.
        elif isinstance(exc, NotImplementedError):
            exc = OptionNotSupported(f"Not supported: {exc}")
        # gisserver's readers of the request fail on some malformed values (an empty QName, ":", is an
        # IndexError), which are the client's, not the server's.
        elif isinstance(exc, LookupError | AttributeError | TypeError | ValueError) and raised_by_request_readers(exc):
            exc = InvalidParameterValue(f"Unreadable request ({type(exc).__name__}: {exc}).", locator="request")
        elif isinstance(exc, RequestDataTooBig):
            message = f"The request is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
            exc = OperationParsingFailed(message, locator="request", status_code=413)
        return super().handle_exception(exc)
