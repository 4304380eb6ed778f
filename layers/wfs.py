"""WFS 2.0 at /wfs, spoken by django-gisserver from the layer declarations."""

import math
from xml.etree.ElementTree import ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from django.conf import settings
from django.contrib.gis.gdal import AxisOrder, GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from gisserver.crs import CRS, CRS84, WEB_MERCATOR, WGS84
from gisserver.exceptions import (
    ExternalParsingError,
    ExternalValueError,
    InvalidParameterValue,
    OperationParsingFailed,
)
from gisserver.features import FeatureType, ServiceDescription, field
from gisserver.operations import wfs20
from gisserver.output import DBGeoJsonRenderer, DBGML32Renderer, XmlSchemaRenderer
from gisserver.output.utils import tag_escape
from gisserver.parsers.gml.geometries import GEOSGMLGeometry
from gisserver.parsers.xml import xmlns
from gisserver.views import WFSView

from . import bbox
from .gisserver_internals import parse_tag_with, read_bbox_with
from .registry import all_layers
from .wfs_output import PostGISGeoJsonRenderer, PostGISGML32Renderer, StreamedFeatureCollection

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
        other_crs=[WGS84, CRS84, WEB_MERCATOR],
        # Without a display field gisserver writes "ProposalFeature object (1)" as gml:name and as an extra
        # GeoJSON property; the published columns are exactly the declared ones.
        show_name_field=False,
    )


class NonNegativePaging:
    """gisserver slices the queryset with COUNT and STARTINDEX as given, so a negative one ends in a 500."""

    def validate_request(self, ows_request):
        for locator in ("count", "startIndex"):
            value = getattr(ows_request, locator)
            if value is not None and value < 0:
                raise InvalidParameterValue(f"{locator} must be zero or more, not {value}.", locator=locator)
        super().validate_request(ows_request)


class GetFeature(NonNegativePaging, wfs20.GetFeature):
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
            collection.results = [
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
        return collection


class GetPropertyValue(NonNegativePaging, wfs20.GetPropertyValue):
    pass


class DocumentedXmlSchemaRenderer(XmlSchemaRenderer):
    """The schema of DescribeFeatureType with each column's description, which gisserver keeps but does not write."""

    def render_element(self, xsd_element):
        element = super().render_element(xsd_element)
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


def check_result_type(value):
    # gisserver looks the value up as an enum member name, and an unknown one raises a KeyError.
    if value is not None and value.lower() not in ("results", "hits"):
        raise InvalidParameterValue(f"resultType must be results or hits, not {value}.", locator="resultType")


def check_kvp(query_params):
    """Refuses the GET parameters that gisserver would accept wrongly or answer with a 500."""
    for key, value in query_params.items():
        if key.upper() == "RESULTTYPE":
            check_result_type(value)


def check_xml(body):
    """The same check for an XML request (POST); a body that is not XML is left to gisserver's parser."""
    try:
        root = defused_fromstring(body)
    except (ParseError, DefusedXmlException):
        return
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


class Envelope(FilterBox):
    """A filter's gml:Envelope, which GDAL (so QGIS and ogr2ogr -spat) sends without srsName.

    GML says such an envelope is in the CRS of its context, here the layer's; gisserver insists on srsName and
    answers 400, so the spatial filter of those clients fails. Its corners are checked as the BBOX parameter's.
    """

    @classmethod
    def from_xml(cls, element):
        lower, upper = (
            element.findtext(f"{{{xmlns.gml32.value}}}{name}", "") for name in ("lowerCorner", "upperCorner")
        )
        try:
            bbox.corners([*lower.split(), *upper.split()])
        except bbox.BadBox as error:
            raise ExternalParsingError(f"gml:Envelope: {error.english}") from None
        if "srsName" in element.attrib:
            return super().from_xml(element)
        return cls(srs=None, geos_data=GEOSGeometry.from_gml(tostring(element)))


parse_tag_with(f"{{{xmlns.gml32.value}}}Envelope", Envelope)


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
        # A GML geometry in a filter that GDAL cannot read (a ring of three numbers) escapes gisserver as well.
        elif isinstance(exc, GDALException | GEOSException):
            exc = OperationParsingFailed(f"Unreadable GML geometry in the filter: {exc}", locator="filter")
        return super().handle_exception(exc)
