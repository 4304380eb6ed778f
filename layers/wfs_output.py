"""WFS output written by PostGIS: django-gisserver parses, filters and pages, the database writes each feature.

gisserver's own database rendering writes the geometry in SQL but every feature's properties in Python; here
the rows come back as finished GeoJSON features, or as the GML of their properties, so that Python only joins
strings, as in the OGC API.
"""

from django.contrib.gis.db.models.functions import AsGeoJSON, AsGML
from django.db import models
from django.db.models import Case, F, Func, Value, When
from gisserver.crs import CRS84

# _as_annotation_name is private, but it names the geometry annotation that DBGML32Renderer adds.
from gisserver.db import _as_annotation_name, get_db_geometry_target
from gisserver.output import DBGeoJsonRenderer, DBGML32Renderer
from gisserver.types import XsdTypes

from .rendering import DECIMALS, feature_sql


class GeoJSONFeature(Func):
    """A whole GeoJSON Feature as text, written as the OGC API writes its features (rendering.feature_sql)."""

    output_field = models.TextField()

    def __init__(self, feature_id, geometry, **properties):
        self.names = list(properties)
        super().__init__(feature_id, geometry, *properties.values())

    def as_sql(self, compiler, connection, **extra_context):
        sqls, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            sqls.append(sql)
            params += expression_params
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
    """The element as text, its content escaped by PostgreSQL; xsi:nil when the value is NULL, as gisserver writes."""

    output_field = models.TextField()

    def __init__(self, qname, expression):
        super().__init__(expression)
        self.template = (
            f"CASE WHEN %(expressions)s IS NULL THEN '<{qname} xsi:nil=\"true\"/>' "
            f'ELSE xmlelement(name "{qname}", %(expressions)s)::text END'
        )


def _text(value):
    return Value(value, output_field=models.TextField())


def _concat(*parts):
    return Func(*parts, function="concat", output_field=models.TextField())


def _replace(expression, old, new):
    return Func(expression, _text(old), _text(new), function="replace", output_field=models.TextField())


class PostGISGML32Renderer(DBGML32Renderer):
    """GML 3.2 whose features are written whole by PostGIS, as gisserver would write them, one text per row.

    gisserver writes the geometry and the envelope in SQL already; the rest, element by element in Python and
    one model instance per row, was most of the time of a 10,000-feature page. Layers are flat (every element
    is a column or the geometry), which keeps the SQL simple. GetFeatureById keeps gisserver's own path.
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
                envelope = self._fix_crs_name(projection, F("_as_envelope_gml"))
                parts.append(
                    Case(
                        When(_as_envelope_gml__isnull=True, then=_text("")),
                        default=_concat(_text(f"<{element_qname}>"), envelope, _text(f"</{element_qname}>\n")),
                    )
                )
            elif element.type.is_geometry:
                gml = F(_as_annotation_name(element.local_orm_path, AsGML))
                # The gml:id goes at the end of the first tag, as gisserver puts it.
                gml_id = _concat(_text(f' gml:id="{feature_type.model._meta.object_name}.'), "pk", _text('.1">'))
                with_id = Func(
                    gml,
                    _text("^([^>]*)>"),
                    _concat(_text("\\1"), gml_id),
                    function="regexp_replace",
                    output_field=models.TextField(),
                )
                parts.append(
                    Case(
                        When(
                            **{f"{_as_annotation_name(element.local_orm_path, AsGML)}__isnull": True},
                            then=_text(f'<{element_qname} xsi:nil="true"/>\n'),
                        ),
                        default=_concat(
                            _text(f"<{element_qname}>"),
                            self._fix_crs_name(projection, with_id),
                            _text(f"</{element_qname}>\n"),
                        ),
                    )
                )
            else:
                parts += [XMLElement(element_qname, element.orm_path), _text("\n")]
        parts.append(_text(f"</{qname}>\n"))
        return queryset.annotate(_as_db_feature_gml=_concat(*parts)).values_list("_as_db_feature_gml", flat=True)

    @staticmethod
    def _fix_crs_name(projection, expression):
        """What gisserver's _fix_db_crs_name does in Python: the srsName spelled as the client asked."""
        if projection.output_crs.force_xy:
            return _replace(expression, 'srsName="EPSG:', 'srsName="http://www.opengis.net/gml/srs/epsg.xml#')
        if projection.output_crs == CRS84:
            return _replace(expression, 'srsName="urn:ogc:def:crs:EPSG::4326"', 'srsName="urn:ogc:def:crs:OGC::CRS84"')
        return expression

    def write_feature(self, projection, instance, extra_xmlns=""):
        if isinstance(instance, str):
            self._write(instance)
        else:
            super().write_feature(projection, instance, extra_xmlns)
