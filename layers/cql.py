"""OGC API - Features Part 3 on a layer view: its queryables, the CQL2 filter (text or JSON) translated to SQL,
and the sortby and properties parameters.

The filter is parsed by cql2 (cql2-rs), which reads both encodings into the same CQL2 JSON tree; the tree is
translated here, value by value, into parameters: only the names of queryable columns, checked against the layer
declaration, become SQL identifiers. Every literal is typed against the column it is compared with, so that a
wrong type is a 400 naming the column rather than an error from PostgreSQL.
"""

import datetime
import json
import threading

import cql2
from django.conf import settings
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Polygon
from django.db import connection

from . import bbox
from .rendering import column_type, parse_instant

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
]
PARAMS = {"filter", "filter-lang", "filter-crs", "sortby", "properties"}
# cql-text is the text encoding's name in the drafts of Part 3 that GDAL 3.6 implements: declared in the OpenAPI
# description, it makes `ogrinfo -where` send its condition as a filter rather than read every feature.
LANGUAGES = ("cql2-text", "cql2-json", "cql-text")
GEOMETRY = "geometry"
MAX_VERTICES = 10_000
# cql2-rs parses recursively: a text of a few thousand nested parentheses or signs overflows a thread's stack and
# kills the process, and parsing grows faster than the text. Texts are bounded, and parsed in a thread whose stack
# holds the deepest nesting of the longest text (reserved, not used, by the threads that do not need it).
MAX_TEXT = 20_000
MAX_JSON = 1_000_000
PARSER_STACK = 512 * 1024 * 1024
_STACK_SETTING = threading.Lock()
COMPARISONS = {"=": "=", "<>": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
FLIPPED = {"=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
SPATIAL = {
    "s_intersects": "ST_Intersects",
    "s_disjoint": "ST_Disjoint",
    "s_within": "ST_Within",
    "s_contains": "ST_Contains",
    "s_equals": "ST_Equals",
    "s_touches": "ST_Touches",
    "s_crosses": "ST_Crosses",
    "s_overlaps": "ST_Overlaps",
}
SPATIAL_FLIPPED = {"s_within": "s_contains", "s_contains": "s_within"}
TEMPORAL = ("t_intersects", "t_disjoint", "t_before", "t_after")
TEMPORAL_FLIPPED = {"t_before": "t_after", "t_after": "t_before"}
GEOMETRY_FORMATS = {
    "Point": "geometry-point",
    "LineString": "geometry-linestring",
    "Polygon": "geometry-polygon",
    "MultiPolygon": "geometry-multipolygon",
    "Geometry": "geometry-any",
}


class BadQuery(ValueError):
    """A filter, sortby, properties or cursor that cannot be used; the message is French and names the problem."""


def _kind(column):
    """text, integer, number, boolean or instant: what a literal compared with the column must be."""
    schema = column.schema
    if schema.get("format") == "date-time":
        return "instant"
    return {"string": "text"}.get(schema["type"], schema["type"])


def queryables(layer):
    """Queryable name -> its ColumnType: every published column but the id (which is the feature's id)."""
    return {name: column_type(layer, name) for name in layer.columns if name != layer.id_column}


def queryables_schema(layer, url):
    """The layer's queryables as the JSON Schema of OGC API - Features Part 3."""
    properties = {
        GEOMETRY: {
            "title": GEOMETRY,
            "description": "Géométrie de l'objet",
            "format": GEOMETRY_FORMATS[layer.geometry_type],
            "x-ogc-role": "primary-geometry",
        }
    }
    style_column = getattr(layer.style, "column", None)
    for name, column in queryables(layer).items():
        schema = {"title": name, "description": layer.columns[name], **column.schema}
        if name == layer.datetime_column:
            schema["x-ogc-role"] = "primary-instant"
        if name == style_column and hasattr(layer.style, "categories"):
            schema["enum"] = [value for value, _, _ in layer.style.categories]
        properties[name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "type": "object",
        "title": layer.title,
        "description": f"Propriétés de la collection {layer.id} utilisables dans filter et sortby.",
        "properties": properties,
        "additionalProperties": False,
    }


def _parse(text, language):
    if language not in LANGUAGES:
        raise BadQuery(f"filter-lang : « {language} » inconnu ; seuls {', '.join(LANGUAGES)} existent.")
    limit = MAX_TEXT if language != "cql2-json" else MAX_JSON
    if len(text) > limit:
        raise BadQuery(f"filter : au plus {limit} caractères en {language}.")
    outcome = {}

    def parse():
        try:
            expression = cql2.parse_text(text) if language != "cql2-json" else cql2.parse_json(text)
            outcome["tree"] = expression.to_json()
        # cql2-rs also raises bare Exceptions (an empty geometry: "A position must contain two or more elements").
        except Exception as error:
            outcome["error"] = " ".join(str(error).split())

    # The stack size is the process's setting for the next threads: gunicorn's other thread must not start its
    # parser between our setting and our restoring it.
    with _STACK_SETTING:
        stack = threading.stack_size(PARSER_STACK)
        try:
            parser = threading.Thread(target=parse, name="cql2")
            parser.start()
        finally:
            threading.stack_size(stack)
    parser.join()
    if "tree" not in outcome:
        detail = outcome.get("error") or "expression illisible"
        raise BadQuery(f"filter : expression {language} invalide : {detail}")
    return outcome["tree"]


class _Translator:
    """One filter's CQL2 JSON tree as a SQL condition on the layer view (aliased t) and its parameters."""

    def __init__(self, layer, srid, lat_first):
        self.layer, self.srid, self.lat_first = layer, srid, lat_first
        self.columns = queryables(layer)
        self.vertices = 0

    def condition(self, node):
        if isinstance(node, bool):
            return ("TRUE" if node else "FALSE"), []
        if isinstance(node, dict) and "property" in node:
            name, column = self._property(node)
            if column is not None and _kind(column) == "boolean":
                return self._column(name), []
        if not isinstance(node, dict) or "op" not in node:
            raise BadQuery(f"filter : une condition est attendue, et non {_show(node)}.")
        op, args = node["op"], node.get("args", [])
        if not isinstance(args, list):
            args = [args]
        if op in ("and", "or"):
            if len(args) < 2:
                raise BadQuery(f"filter : {op.upper()} relie au moins deux conditions.")
            parts = [self.condition(arg) for arg in args]
            return "(" + f" {op.upper()} ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]
        if op == "not":
            self._arity(op, args, 1)
            sql, params = self.condition(args[0])
            return f"NOT ({sql})", params
        if op in COMPARISONS:
            self._arity(op, args, 2)
            return self.compare(op, *args)
        if op == "like":
            self._arity("LIKE", args, 2)
            return self.like(*args)
        if op == "between":
            self._arity("BETWEEN", args, 3)
            value, low, high = args
            low_sql, low_params = self.compare(">=", value, low)
            high_sql, high_params = self.compare("<=", value, high)
            return f"({low_sql} AND {high_sql})", low_params + high_params
        if op == "in":
            self._arity("IN", args, 2)
            value, options = args
            if not isinstance(options, list) or not options:
                raise BadQuery("filter : IN attend une liste de valeurs entre parenthèses.")
            parts = [self.compare("=", value, option) for option in options]
            return "(" + " OR ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]
        if op == "isNull":
            self._arity("IS NULL", args, 1)
            if not (isinstance(args[0], dict) and "property" in args[0]):
                raise BadQuery("filter : IS NULL s'applique à une propriété.")
            name, _ = self._property(args[0])
            return f"{self._column(name)} IS NULL", []
        if op in SPATIAL:
            self._arity(op.upper(), args, 2)
            return self.spatial(op, *args)
        if op in TEMPORAL:
            self._arity(op.upper(), args, 2)
            return self.temporal(op, *args)
        raise BadQuery(
            f"filter : opérateur ou fonction non pris en charge : {op}. Pris en charge : AND, OR, NOT, =, <>, <, <=, "
            f">, >=, LIKE, BETWEEN, IN, IS NULL, CASEI, {', '.join(o.upper() for o in [*SPATIAL, *TEMPORAL])}."
        )

    @staticmethod
    def _arity(op, args, count):
        if len(args) != count:
            raise BadQuery(f"filter : {op} attend {count} argument(s), et non {len(args)}.")

    def _property(self, node):
        """(name, ColumnType) of a queryable; the ColumnType is None for the geometry."""
        name = node["property"]
        if name == GEOMETRY:
            return name, None
        if name not in self.columns:
            raise BadQuery(
                f"filter : propriété inconnue « {name} » dans la collection {self.layer.id}. Propriétés : "
                f"{', '.join([GEOMETRY, *self.columns])}."
            )
        return name, self.columns[name]

    def _column(self, name):
        return "t.geom" if name == GEOMETRY else f"t.{connection.ops.quote_name(name)}"

    def _scalar(self, node):
        """('property', name, ColumnType) or ('literal', value, None); CASEI is ('casei', the operand, None)."""
        if isinstance(node, dict) and "property" in node:
            name, column = self._property(node)
            if column is None:
                raise BadQuery("filter : la géométrie ne se compare qu'avec les fonctions spatiales (S_INTERSECTS…).")
            return ("property", name, column)
        if isinstance(node, dict) and node.get("op") == "casei":
            self._arity("CASEI", node.get("args", []), 1)
            inner = self._scalar(node["args"][0])
            if inner[0] == "casei" or not self._is_text(inner):
                raise BadQuery("filter : CASEI s'applique à un texte (propriété ou valeur).")
            return ("casei", inner, None)
        if isinstance(node, dict) and node.get("op") == "accenti":
            raise BadQuery("filter : ACCENTI n'est pas pris en charge ; CASEI l'est.")
        if isinstance(node, dict) and "op" in node:
            raise BadQuery(f"filter : {node['op']} n'est pas permis dans une comparaison, seulement CASEI.")
        return ("literal", node, None)

    @staticmethod
    def _is_text(operand):
        what, value, column = operand
        if what == "casei":
            return True
        return isinstance(value, str) if what == "literal" else _kind(column) == "text"

    def _sql(self, operand):
        what, value, _ = operand
        if what == "casei":
            sql, params = self._sql(value)
            return f"lower({sql})", params
        if what == "property":
            return self._column(value), []
        return "%s", [value]

    def compare(self, op, left, right):
        left, right = self._scalar(left), self._scalar(right)
        if left[0] == "literal" and right[0] != "literal":
            left, right, op = right, left, FLIPPED[op]
        if left[0] == "property" and _kind(left[2]) == "instant" and right[0] == "literal":
            return self._instant(op, self._column(left[1]), left[1], right[1])
        if left[0] == "property" and right[0] == "literal":
            right = ("literal", self._typed(left[1], left[2], right[1]), None)
        elif left[0] == "literal":
            left, right = ("literal", self._plain(left[1]), None), ("literal", self._plain(right[1]), None)
            if type(left[1]) is not type(right[1]) and not {type(left[1]), type(right[1])} <= {int, float}:
                raise BadQuery(f"filter : {_show(left[1])} et {_show(right[1])} ne sont pas du même type.")
        elif self._type_of(left) != self._type_of(right):
            raise BadQuery(f"filter : {self._describe(left)} et {self._describe(right)} ne sont pas du même type.")
        if (left[0] == "casei") != (right[0] == "casei") and self._is_text(left) and self._is_text(right):
            # CASEI on one side only would compare a lowered text with one that is not: lower both.
            left, right = (
                (left if left[0] == "casei" else ("casei", left, None)),
                (right if right[0] == "casei" else ("casei", right, None)),
            )
        left_sql, left_params = self._sql(left)
        right_sql, right_params = self._sql(right)
        return f"{left_sql} {COMPARISONS[op]} {right_sql}", left_params + right_params

    @staticmethod
    def _type_of(operand):
        what, value, column = operand
        if what == "casei":
            return "text"
        if what == "literal":
            return {bool: "boolean", int: "number", float: "number", str: "text"}.get(type(value), "other")
        kind = _kind(column)
        return "number" if kind == "integer" else kind

    def _describe(self, operand):
        what, value, _ = operand
        if what == "casei":
            return f"CASEI({self._describe(value)})"
        return value if what == "property" else _show(value)

    def _typed(self, name, column, value):
        """The literal as a value of the column's type, or a 400 saying what was expected."""
        kind = _kind(column)
        wrong = BadQuery(f"filter : {name} est comparé à {_show(value)}, attendu {column.expected}.")
        if kind in ("integer", "number"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise wrong
            if kind == "integer" and float(value).is_integer():
                try:
                    return column(str(int(value)))
                except ValueError:
                    raise wrong from None
            return float(value)
        if kind == "boolean":
            if not isinstance(value, bool):
                raise wrong
            return value
        if not isinstance(value, str):
            raise wrong
        return value

    def _plain(self, value):
        """A literal compared with another literal."""
        if isinstance(value, dict) and ("timestamp" in value or "date" in value):
            start, end, _ = self._span(value, "filter")
            if "date" in value:
                return start.date()
            return start
        if isinstance(value, bool | int | float | str):
            return value
        raise BadQuery(f"filter : {_show(value)} ne se compare pas.")

    def _span(self, value, name):
        """A temporal literal as (start, end, whether end is included); a date is its whole day, in UTC, and None
        is an open end of an interval."""
        if isinstance(value, str):
            # GDAL 3.6 writes the date of a -where as '2026-11-01T'.
            value = {"timestamp": value.removesuffix("T")}
        if not isinstance(value, dict):
            raise BadQuery(f"filter : {name} est comparé à {_show(value)}, attendu une date (TIMESTAMP, DATE).")
        if "interval" in value:
            bounds = value["interval"]
            if not isinstance(bounds, list) or len(bounds) != 2:
                raise BadQuery("filter : INTERVAL a deux bornes.")
            start = None if bounds[0] == ".." else self._span(bounds[0], name)[0]
            end, included = (None, True) if bounds[1] == ".." else self._span(bounds[1], name)[1:]
            if start and end and start > end:
                raise BadQuery("filter : le début de l'intervalle est après sa fin.")
            return start, end, included
        text = value.get("timestamp", value.get("date"))
        try:
            instant = parse_instant(text)
        except (ValueError, TypeError):
            raise BadQuery(f"filter : « {text} » n'est pas une date RFC 3339.") from None
        if "T" not in text.upper():
            return instant, instant + datetime.timedelta(days=1), False
        return instant, instant, True

    def _instant(self, op, sql, name, value):
        """A comparison of a date column with a temporal literal, through the literal's span."""
        if isinstance(value, dict) and "interval" in value:
            raise BadQuery("filter : un intervalle se compare avec T_INTERSECTS, T_BEFORE ou T_AFTER.")
        start, end, included = self._span(value, name)
        before = (f"{sql} < %s", [start])
        up_to = (f"{sql} {'<=' if included else '<'} %s", [end])
        after = (f"{sql} {'>' if included else '>='} %s", [end])
        from_start = (f"{sql} >= %s", [start])
        during = (f"({from_start[0]} AND {up_to[0]})", [start, end])
        return {
            "=": during,
            "<>": (f"NOT {during[0]}", during[1]),
            "<": before,
            "<=": up_to,
            ">": after,
            ">=": from_start,
        }[op]

    def temporal(self, op, left, right):
        left, right = self._scalar(left), self._scalar(right)
        if left[0] == "literal" and right[0] == "property":
            left, right, op = right, left, TEMPORAL_FLIPPED.get(op, op)
        if left[0] != "property" or _kind(left[2]) != "instant":
            raise BadQuery(f"filter : {op.upper()} compare une propriété de date ({self._instants()}).")
        sql = self._column(left[1])
        if right[0] == "property":
            if _kind(right[2]) != "instant":
                raise BadQuery(f"filter : {op.upper()} compare deux dates, et {right[1]} n'en est pas une.")
            symbol = {"t_before": "<", "t_after": ">", "t_intersects": "=", "t_disjoint": "<>"}[op]
            return f"{sql} {symbol} {self._column(right[1])}", []
        start, end, included = self._span(right[1], left[1])
        parts, params = [], []
        if op in ("t_intersects", "t_disjoint"):
            if start is not None:
                parts.append(f"{sql} >= %s")
                params.append(start)
            if end is not None:
                parts.append(f"{sql} {'<=' if included else '<'} %s")
                params.append(end)
            during = "(" + " AND ".join(parts) + ")" if parts else f"{sql} IS NOT NULL"
            return (during if op == "t_intersects" else f"NOT {during}"), params
        if op == "t_before":
            return (f"{sql} < %s", [start]) if start is not None else ("FALSE", [])
        return (f"{sql} {'>' if included else '>='} %s", [end]) if end is not None else ("FALSE", [])

    def _instants(self):
        return ", ".join(name for name, column in self.columns.items() if _kind(column) == "instant") or "aucune ici"

    def spatial(self, op, left, right):
        if isinstance(right, dict) and right.get("property") == GEOMETRY and left != right:
            left, right, op = right, left, SPATIAL_FLIPPED.get(op, op)
        if not (isinstance(left, dict) and left.get("property") == GEOMETRY):
            if isinstance(left, dict) and "property" in left:
                self._property(left)
            raise BadQuery(f"filter : {op.upper()} compare la propriété {GEOMETRY} avec une géométrie.")
        sql, params = self._geometry(right, op)
        return f"{SPATIAL[op]}(t.geom, {sql})", params

    def _geometry(self, node, op):
        """A geometry literal in filter-crs as SQL of the geometry in the storage SRID."""
        if not isinstance(node, dict) or not ("bbox" in node or "coordinates" in node or "geometries" in node):
            raise BadQuery(f"filter : {op.upper()} attend une géométrie (WKT ou GeoJSON) ou une BBOX.")
        if "bbox" in node and "type" not in node:
            return self._envelope(node["bbox"])
        positions = self._positions(node)
        try:
            geometry = GEOSGeometry(json.dumps(positions), srid=self.srid)
        except (ValueError, TypeError, GEOSException, GDALException):
            raise BadQuery("filter : géométrie illisible.") from None
        if not geometry.valid:
            raise BadQuery(f"filter : géométrie invalide ({geometry.valid_reason}).")
        # As bbox.py does for boxes: what lies beyond the area of use of the storage CRS has no image in it, and
        # every published geometry lies well inside that area, so cutting the literal there changes no answer.
        area = Polygon.from_bbox(bbox.storage_area(self.srid))
        area.srid = self.srid
        if not area.contains(geometry):
            try:
                geometry = geometry.intersection(area)
            except GEOSException:
                raise BadQuery("filter : géométrie impossible à découper à la zone d'usage du Lambert-93.") from None
        if self.srid == settings.STORAGE_SRID:
            return "ST_Force2D(ST_GeomFromEWKB(%s))", [bytes(geometry.ewkb)]
        # Straight edges in filter-crs are curves in the storage CRS: cut as bbox.py cuts a box's edges.
        area_box = bbox.storage_area(self.srid)
        step = max(area_box[2] - area_box[0], area_box[3] - area_box[1]) / bbox.SEGMENTS_ACROSS_AREA
        return (
            f"ST_Transform(ST_Segmentize(ST_Force2D(ST_GeomFromEWKB(%s)), %s), {int(settings.STORAGE_SRID)})",
            [bytes(geometry.ewkb), step],
        )

    def _envelope(self, values):
        if not isinstance(values, list) or len(values) not in (4, 6):
            raise BadQuery("filter : BBOX attend 4 nombres (ou 6 en 3D).")
        if len(values) == 6:
            values = [values[0], values[1], values[3], values[4]]
        try:
            xmin, ymin, xmax, ymax = bbox.corners([str(value) for value in values])
            if self.lat_first:
                xmin, ymin, xmax, ymax = ymin, xmin, ymax, xmax
            area = bbox.geometry((xmin, ymin, xmax, ymax), self.srid)
        except bbox.BadBox as error:
            raise BadQuery(f"filter : {str(error).removeprefix('bbox : ')}") from None
        return "ST_GeomFromEWKB(%s)", [bytes(area.ewkb)]

    def _positions(self, node):
        """The GeoJSON geometry with its positions x first, after counting them against MAX_VERTICES."""
        if "geometries" in node:
            if not isinstance(node["geometries"], list):
                raise BadQuery("filter : géométrie illisible.")
            return {**node, "geometries": [self._positions(part) for part in node["geometries"]]}

        def walk(coordinates):
            if isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], int | float):
                self.vertices += 1
                if self.vertices > MAX_VERTICES:
                    raise BadQuery(f"filter : une géométrie a au plus {MAX_VERTICES} sommets.")
                if len(coordinates) < 2:
                    raise BadQuery("filter : une position a au moins deux coordonnées.")
                x, y, *z = coordinates
                return [y, x, *z] if self.lat_first else coordinates
            if not isinstance(coordinates, list):
                raise BadQuery("filter : géométrie illisible.")
            return [walk(part) for part in coordinates]

        return {"type": node.get("type"), "coordinates": walk(node.get("coordinates"))}

    def like(self, value, pattern):
        value, pattern = self._scalar(value), self._scalar(pattern)
        if not self._is_text(value) or value[0] == "literal":
            raise BadQuery("filter : LIKE s'applique à une propriété de texte.")
        if pattern[0] == "property" or not self._is_text(pattern):
            raise BadQuery("filter : le motif de LIKE est un texte entre apostrophes ('%…_').")
        if (value[0] == "casei") != (pattern[0] == "casei"):
            value = value if value[0] == "casei" else ("casei", value, None)
            pattern = pattern if pattern[0] == "casei" else ("casei", pattern, None)
        value_sql, value_params = self._sql(value)
        pattern_sql, pattern_params = self._sql(pattern)
        # CQL2's wildcards and escape are PostgreSQL's: % for any text, _ for one character, \ before either.
        return f"{value_sql} LIKE {pattern_sql}", value_params + pattern_params


def _show(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 80 else text[:77] + "…"


def filter_sql(layer, text, language="cql2-text", srid=4326, lat_first=False):
    """The SQL condition (on the view aliased t) and parameters of a CQL2 filter; BadQuery when it cannot be."""
    tree = _parse(text, language)
    try:
        return _Translator(layer, srid, lat_first).condition(tree)
    except RecursionError:
        raise BadQuery("filter : expression trop imbriquée.") from None


def sortby(layer, value):
    """`+title,-published_at` as ((column, descending), ...): queryable columns only, each once."""
    order, columns = [], queryables(layer)
    for item in value.split(","):
        # A + left unencoded in an address is read as a space.
        descending, name = item.startswith("-"), item[1:] if item[:1] in ("+", "-", " ") else item
        if name not in columns:
            raise BadQuery(
                f"sortby : « {item} » n'est pas une propriété triable de {layer.id}. Triables : {', '.join(columns)}."
            )
        if name in (seen[0] for seen in order):
            raise BadQuery(f"sortby : {name} est nommé deux fois.")
        order.append((name, descending))
    return tuple(order)


def properties(layer, value):
    """The columns named in `properties`, in the layer's order, with the id whatever is asked."""
    names = value.split(",")
    if unknown := [name for name in names if name not in layer.columns]:
        raise BadQuery(
            f"properties : inconnue(s) dans {layer.id} : {', '.join(f'« {name} »' for name in unknown)}. Propriétés : "
            f"{', '.join(layer.columns)}."
        )
    return tuple(name for name in layer.columns if name == layer.id_column or name in names)


def cursor(layer, order, value):
    """The `after` of a sorted page (the sort values of its last row, then its id, as a JSON array) as values."""
    invalid = BadQuery("after : curseur invalide ; suivez le lien « next » de la page précédente.")
    try:
        values = json.loads(value)
    except ValueError:
        raise invalid from None
    if not isinstance(values, list) or len(values) != len(order) + 1 or values[-1] is None:
        raise invalid
    names = [name for name, _ in order] + [layer.id_column]
    try:
        return tuple(
            None if item is None else column_type(layer, name)(_cursor_text(item))
            for name, item in zip(names, values, strict=True)
        )
    except ValueError:
        raise invalid from None


def _cursor_text(item):
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, dict | list):
        raise ValueError(item)
    return str(item)
