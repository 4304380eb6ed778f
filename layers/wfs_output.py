"""WFS output written by PostGIS: django-gisserver parses, filters and pages, the database writes each feature.

gisserver's own database rendering writes the geometry in SQL but every feature's properties in Python; here
the rows come back as finished GeoJSON features, or as the GML of their properties, so that Python only joins
strings, as in the OGC API.
"""

import itertools
import re
from functools import cached_property

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db import models
from django.db.models import F, Func, Value
from gisserver.conf import GISSERVER_DB_PRECISION
from gisserver.db import get_db_geometry_target
from gisserver.output import DBGeoJsonRenderer, DBGML32Renderer, FeatureCollection, SimpleFeatureCollection
from gisserver.types import XsdTypes

from geoparticipation.database import stream_rows

from . import metadata, registry
from .gisserver_internals import set_has_next, srs_name_rewrite
from .rendering import DECIMALS, feature_sql


def _compile_all(compiler, expressions):
    """The SQL of each expression, and their parameters in order."""
    sqls, params = [], []
    for expression in expressions:
        sql, expression_params = compiler.compile(expression)
        sqls.append(sql)
        params += expression_params
    return sqls, params


class GeoJSONFeature(Func):
    """A whole GeoJSON Feature as text, written as the OGC API writes its features (rendering.feature_sql)."""

    output_field = models.TextField()

    def __init__(self, feature_id, geometry, **properties):
        self.names = list(properties)
        super().__init__(feature_id, geometry, *properties.values())

    def as_sql(self, compiler, connection, **extra_context):
        sqls, params = _compile_all(compiler, self.get_source_expressions())
        feature_id, geometry, *properties = sqls
        columns = ", ".join(
            f"{sql} AS {connection.ops.quote_name(name)}" for name, sql in zip(self.names, properties, strict=True)
        )
        return feature_sql(
            f"to_json({feature_id})::text", geometry, f"(SELECT row_to_json(p) FROM (SELECT {columns}) p)::text"
        ), params


# The pages go out in chunks of about 1 MB rather than gisserver's 40 kB: a 10,000-feature page is then a handful
# of writes to the socket (and of chunks for the client to read) instead of a few hundred.
CHUNK_SIZE = 1_000_000


class PostGISGeoJsonRenderer(DBGeoJsonRenderer):
    chunk_size = CHUNK_SIZE

    def decorate_queryset(self, projection, queryset):
        queryset = super().decorate_queryset(projection, queryset)
        feature_type = projection.feature_type
        geometry = projection.main_geometry_element
        properties = {
            element.name: F(element.orm_path)
            for element in projection.xsd_root_elements
            if not element.type.is_geometry
        }
        geojson = (
            AsGeoJSON(
                get_db_geometry_target(geometry, projection.output_crs),
                precision=DECIMALS.get(projection.output_crs.srid, 2),
            )
            if geometry is not None
            else Value(None, output_field=models.TextField())
        )
        feature = GeoJSONFeature(
            Func(Value(f"{feature_type.name}."), "pk", function="concat", output_field=models.TextField()),
            geojson,
            **properties,
        )
        return queryset.annotate(_as_db_feature=feature).values_list("_as_db_feature", flat=True)

    def render_feature(self, projection, feature):
        return feature.encode()


class XMLElement(Func):
    """The element as text and a new line, its content escaped as xmlelement() escapes it; xsi:nil when the value
    is NULL, as gisserver writes. Escaping with replace() is twice as fast as xmlelement() on a 10,000-feature page."""

    output_field = models.TextField()

    def __init__(self, qname, expression):
        super().__init__(expression)
        self.qname = qname

    def as_sql(self, compiler, connection, **extra_context):
        [expression] = self.get_source_expressions()
        sql, params = compiler.compile(expression)
        field = expression.output_field
        if isinstance(field, models.DateField | models.DateTimeField | models.TimeField):
            text = f"(to_json({sql}) #>> '{{}}')"  # ISO 8601 with a "T", as XML Schema spells it
        elif isinstance(field, models.IntegerField | models.FloatField | models.DecimalField | models.BooleanField):
            text = f"{sql}::text"  # nothing to escape
        else:
            text = f"{sql}::text"
            for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\\r", "&#x0d;")):
                text = f"replace({text}, E'{character}', '{entity}')"
        qname = self.qname
        element = f"'<{qname}>' || {text} || E'</{qname}>\\n'"
        if field.null:
            element = f"""COALESCE({element}, E'<{qname} xsi:nil="true"/>\\n')"""
        return element, params


class Either(Func):
    """`expression` with text around it (a NULL anywhere makes it NULL), or `otherwise` when it is NULL: the
    expression is written, and computed, once."""

    output_field = models.TextField()

    def __init__(self, before, expression, after, otherwise):
        super().__init__(_text(before), expression, _text(after), otherwise)

    def as_sql(self, compiler, connection, **extra_context):
        sqls, params = _compile_all(compiler, self.get_source_expressions())
        before, expression, after, otherwise = sqls
        return f"COALESCE({before} || {expression} || {after}, {otherwise})", params


# Geometries without members: ST_AsGML writes their gml:id itself. It would repeat the id on every member of a
# multi-geometry, so those get it by a regular expression on their first tag.
SINGLE_GEOMETRY_TYPES = (XsdTypes.gmlPointPropertyType, XsdTypes.gmlCurvePropertyType, XsdTypes.gmlSurfacePropertyType)


def gml_geometry(element, projection, gml_id):
    """The element's geometry as GML 3.2, with the gml:id that gisserver puts at the end of its first tag."""
    options = 4  # a line as gml:LineString, not a gml:Curve of one segment (which GDAL reads as a CompoundCurve)
    if not projection.output_crs.force_xy:
        options |= 1  # long CRS URN
        if projection.output_crs.is_north_east_order:
            options |= 16  # latitude first, as gisserver.db.AsGML asks
    geometry = get_db_geometry_target(element, projection.output_crs)
    arguments = [Value(3), geometry, Value(GISSERVER_DB_PRECISION), Value(options)]
    if element.type in SINGLE_GEOMETRY_TYPES:
        return Func(*arguments, _text("gml"), gml_id, function="ST_AsGML", output_field=models.TextField())
    gml = Func(*arguments, function="ST_AsGML", output_field=models.TextField())
    return Func(
        gml,
        _text("^([^>]*)>"),
        _concat(_text('\\1 gml:id="'), gml_id, _text('">')),
        function="regexp_replace",
        output_field=models.TextField(),
    )


def _text(value):
    return Value(value, output_field=models.TextField())


def _concat(*parts):
    return Func(*parts, function="concat", output_field=models.TextField())


def _with_srs_name(projection, gml):
    """The GML with its srsName spelled as the client asked (gisserver_internals.srs_name_rewrite)."""
    rewrite = srs_name_rewrite(projection.output_crs)
    if rewrite is None:
        return gml
    written, wanted = rewrite
    return Func(gml, _text(written), _text(wanted), function="replace", output_field=models.TextField())


# A line as ST_AsGML writes it without option 4: a gml:Curve of one segment.
ONE_SEGMENT_CURVE = re.compile(
    r"<gml:Curve([^>]*)><gml:segments><gml:LineStringSegment>(.*?)</gml:LineStringSegment></gml:segments></gml:Curve>"
)


class PostGISGML32Renderer(DBGML32Renderer):
    """GML 3.2 whose features are written whole by PostGIS, as gisserver would write them, one text per row.

    gisserver writes the geometry and the envelope in SQL already; the rest, element by element in Python and
    one model instance per row, was most of the time of a 10,000-feature page. Layers are flat (every element
    is a column or the geometry), which keeps the SQL simple. GetFeatureById keeps gisserver's own path (which
    writes a gml:boundedBy, that pages leave out).
    """

    chunk_size = CHUNK_SIZE

    def decorate_queryset(self, projection, queryset):
        queryset = super().decorate_queryset(projection, queryset)
        if projection.output_standalone:
            return queryset
        feature_type = projection.feature_type
        qname = self.feature_to_qname(feature_type)
        parts = [_text(f'<{qname} gml:id="{feature_type.name}.'), "pk", _text('">\n')]
        for element in projection.xsd_root_elements:
            element_qname = self.to_qname(element)
            if element.type is XsdTypes.gmlBoundingShapeType:
                # No gml:boundedBy per feature, as GeoServer by default: it is optional, repeats the point of a
                # point feature, and was a fifth of the bytes of a page.
                continue
            if element.type.is_geometry:
                gml_id = _concat(_text(f"{feature_type.model._meta.object_name}."), "pk", _text(".1"))
                gml = gml_geometry(element, projection, gml_id)
                parts.append(
                    Either(
                        f"<{element_qname}>",
                        _with_srs_name(projection, gml),
                        f"</{element_qname}>\n",
                        _text(f'<{element_qname} xsi:nil="true"/>\n'),
                    )
                )
            else:
                parts.append(XMLElement(element_qname, element.orm_path))
        parts.append(_text(f"</{qname}>\n"))
        return queryset.annotate(_as_db_feature_gml=_concat(*parts)).values_list("_as_db_feature_gml", flat=True)

    def read_features(self, sub_collection):
        """The features PostGIS wrote, joined 500 at a time into one text, which gisserver's loop then wraps in
        the first <wfs:member> and last </wfs:member>: a few dozen writes per page instead of 30,000."""
        features = super().read_features(sub_collection)
        if sub_collection.projection.output_standalone:
            yield from features
            return
        while batch := list(itertools.islice(features, 500)):
            yield "</wfs:member>\n<wfs:member>\n".join(batch)

    def render_gml_value(self, projection, gml_id, value, extra_xmlns=""):
        # GetFeatureById's geometry, written by gisserver's ST_AsGML without option 4: its lines as pages write them.
        value = ONE_SEGMENT_CURVE.sub(r"<gml:LineString\1>\2</gml:LineString>", value)
        return super().render_gml_value(projection, gml_id, value, extra_xmlns)

    def write_feature(self, projection, instance, extra_xmlns=""):
        if isinstance(instance, str):
            self._write(instance)
        else:
            super().write_feature(projection, instance, extra_xmlns)


# How far the count of a page reads beyond it, so that numberMatched can be stated when the results end there: a
# count of 2,000 rows of a layer view takes a few milliseconds (7 ms on the bench's 850,000 proposals, on a loaded
# machine, against 0.3 ms for a page of 10), where a count of the whole layer there takes a second on every page.
NUMBER_MATCHED_REACH = 2_000


class StreamedFeatureCollection(SimpleFeatureCollection):
    """A page of members sent while PostgreSQL writes them (resultType=results, a page of finite size).

    A WFS 2.0 GML page states numberReturned, and its next link, before the first member, so gisserver reads the
    whole page before writing a byte, and its GeoJSON reads the page through a WITH HOLD cursor that PostgreSQL
    fills whole first: PostgreSQL writing the members and Python sending them never overlap. Here the page's rows
    are counted first (the same query without the members' text: a few milliseconds), then the members are read
    as PostgreSQL writes them, which took a 10,000-member GML page from 135 to 105 ms before any HTTP. Between the
    count and the read, a concurrent deletion can leave the page a member short of its numberReturned, as with
    any paging by offset.

    The count reads at least one row beyond the page (whether a next page exists) and up to NUMBER_MATCHED_REACH
    rows: when the results end within them, numberMatched is known without counting the whole layer.
    """

    @cached_property
    def _rows_ahead(self):
        """(rows from the page's start, counted up to `reach`; reach)."""
        reach = max(self.stop - self.start + 1, NUMBER_MATCHED_REACH)
        return self.queryset.values("pk")[self.start : self.start + reach].count(), reach

    @cached_property
    def number_returned(self):
        page_size = self.stop - self.start
        rows, _ = self._rows_ahead
        set_has_next(self, rows > page_size)
        return min(rows, page_size)

    @cached_property
    def bounded_number_matched(self):
        """numberMatched when the count saw the end of the results or the query is the whole layer, else None
        ("unknown"). A filtered page beyond the end holds no row, and does not say how far before it the results
        ended."""
        rows, reach = self._rows_ahead
        if rows < reach and (rows or not self.start):
            return self.start + rows
        if not self.queryset.query.where:
            # The whole layer: its total is kept by the counting triggers.
            return metadata.total(registry.get(self.feature_types[0].name))
        return None

    @property
    def has_next(self):
        # Counting the page first records whether another follows, so gisserver never counts the whole layer.
        return self.number_returned == self.stop - self.start and super().has_next

    def __iter__(self):
        if self.projection.output_standalone:
            return super().__iter__()
        return self._stream() if self.number_returned else iter(())

    def _stream(self):
        queryset = self.queryset[self.start : self.start + self.number_returned]
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        for (member,) in stream_rows(sql, params, using=queryset.db):
            yield member


class PagedFeatureCollection(FeatureCollection):
    """The collection of a GetFeature page, whose numberMatched (GML and GeoJSON) is the sum of its queries' when
    each query's count saw the end of its results, and "unknown" otherwise: gisserver either counts every query
    whole on every page or never says (GISSERVER_COUNT_NUMBER_MATCHED), and QGIS shows no feature count until the
    download ends without it."""

    @cached_property
    def number_matched(self):
        counts = [
            sub.bounded_number_matched if isinstance(sub, StreamedFeatureCollection) else sub.number_matched
            for sub in self.results
        ]
        return None if None in counts else sum(counts)
