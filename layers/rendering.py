"""GeoJSON features rendered by PostGIS from a layer view: Python only joins the rows PostGIS wrote."""

import datetime
import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, models
from django.utils.dateparse import parse_datetime

from geoparticipation.database import prepared_fetch, stream_rows
from geoparticipation.replicas import read_alias

GEOJSON = "application/geo+json"
# Coordinates to 1e-6 degree (about 10 cm) or 1 cm in projected CRSs.
DECIMALS = {4326: 6, 4258: 6, 3857: 2}
# Pages up to this many features are planned without parallel workers (database.serial_plans): starting them costs
# more than such a page. A page of 10,000 in a bbox over Lille took as long with them as without on the bench.
SERIAL_PAGE = 1000


def feature_sql(id_json, geometry_json, properties_json):
    """A GeoJSON Feature as SQL text from the SQL of its parts, each already JSON text.

    Concatenated rather than nested in json_build_object, with the properties written by row_to_json: a quarter
    less time in PostgreSQL for a 10,000-feature page, and compact JSON.
    """
    return (
        f"""'{{"type":"Feature","id":' || {id_json} || ',"geometry":' || COALESCE({geometry_json}, 'null')"""
        f""" || ',"properties":' || {properties_json} || '}}'"""
    )


def geometry_sql(srid, alias="t"):
    """The geometry of the row `alias` of a layer view in `srid`: transformed only out of the storage CRS."""
    geom = f"{alias}.geom"
    return geom if srid == settings.STORAGE_SRID else f"ST_Transform({geom}, {int(srid)})"


@dataclass
class FeatureQuery:
    """A SELECT over one layer: filters as SQL fragments with parameters, keyset paging on the layer id, or on the
    sort columns then the id."""

    layer: object
    srid: int = 4326
    flip_axes: bool = False
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    limit: int | None = None
    after: object = None
    # Another view with the layer's columns (Layer.rows_view); the layer's own view when None.
    table: str | None = None
    # (column, descending) pairs the page is sorted by before the id; `after` is then their values and the id.
    order: tuple = ()
    # The columns of the properties; all the layer's when None.
    properties: tuple | None = None

    def filter(self, sql, *params):
        self.where.append(sql)
        self.params.extend(params)
        return self

    def feature_expression(self, alias="t"):
        """The SQL writing one row of the layer (named `alias` in the query) as a GeoJSON Feature text."""
        geom = geometry_sql(self.srid, alias)
        if self.flip_axes:
            geom = f"ST_FlipCoordinates({geom})"
        names = self.layer.columns if self.properties is None else self.properties
        columns = ", ".join(f"{alias}.{connection.ops.quote_name(name)}" for name in names)
        return feature_sql(
            f"to_json({alias}.{self.layer.id_column})::text",
            f"ST_AsGeoJSON({geom}, {DECIMALS.get(self.srid, 2)}, 0)",
            f"(SELECT row_to_json(p) FROM (SELECT {columns}) p)::text",
        )

    def _from_where(self, *, paged):
        where, params = list(self.where), list(self.params)
        if paged and self.after is not None and self.order:
            keyset, keyset_params = self._after_sorted()
            where.append(keyset)
            params.extend(keyset_params)
        elif paged and self.after is not None:
            where.append(f"t.{self.layer.id_column} > %s")
            params.append(self.after)
        sql = f" FROM {self.table or self.layer.table} t"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, params

    def _sort_columns(self):
        return [(f"t.{connection.ops.quote_name(name)}", descending) for name, descending in self.order]

    def _after_sorted(self):
        """The rows after `after` in the sort order, NULLs last in either direction: after a value come the values
        beyond it, then the NULLs; after a NULL, only the NULLs that follow it by id."""
        *values, last_id = self.after
        terms, params, equal, equal_params = [], [], [], []
        for (column, descending), value in zip(self._sort_columns(), values, strict=True):
            if value is None:
                equal.append(f"{column} IS NULL")
                continue
            terms.append(" AND ".join([*equal, f"({column} {'<' if descending else '>'} %s OR {column} IS NULL)"]))
            params += [*equal_params, value]
            equal.append(f"{column} = %s")
            equal_params.append(value)
        terms.append(" AND ".join([*equal, f"t.{self.layer.id_column} > %s"]))
        params += [*equal_params, last_id]
        return "(" + " OR ".join(f"({term})" for term in terms) + ")", params

    def _key_and_order(self):
        """The key of each row (the id, or for a sorted page its cursor: the sort values and the id as a JSON array)
        and the ORDER BY of the page."""
        key = f"t.{self.layer.id_column}"
        if not self.order:
            return key, key
        columns = self._sort_columns()
        cursor = f"json_build_array({', '.join(column for column, _ in columns)}, {key})::text"
        order_by = ", ".join(f"{column} {'DESC' if desc else 'ASC'} NULLS LAST" for column, desc in columns)
        return cursor, f"{order_by}, {key}"

    def page_sql(self):
        """The SQL of one page: (key, feature JSON) rows in id order, or in the sort order."""
        from_where, params = self._from_where(paged=True)
        key, order_by = self._key_and_order()
        sql = f"SELECT {key}, {self.feature_expression()}{from_where} ORDER BY {order_by}"
        if self.limit is not None:
            sql += " LIMIT %s"
            params.append(self.limit)
        return sql, params

    def count_sql(self, bound):
        """The SQL counting the rows that match the filters, paging aside, up to `bound` of them."""
        from_where, params = self._from_where(paged=False)
        return f"SELECT count(*) FROM (SELECT 1{from_where} LIMIT {int(bound)}) s", params

    def page_end_sql(self):
        """The SQL of (number of rows, key of the last row) of one page, reading the keys only."""
        from_where, params = self._from_where(paged=True)
        key, order_by = self._key_and_order()
        keys = (
            f"SELECT {key} AS k, row_number() OVER (ORDER BY {order_by}) AS n{from_where} ORDER BY {order_by} LIMIT %s"
        )
        return f"SELECT count(*), (array_agg(k ORDER BY n DESC))[1] FROM ({keys}) s", [*params, self.limit]

    def stream(self):
        """(id, feature JSON) rows of one page, as PostgreSQL writes them."""
        return stream_rows(
            *self.page_sql(), using=read_alias(), serial=self.limit is not None and self.limit <= SERIAL_PAGE
        )

    def feature(self, key):
        """The feature of that id as GeoJSON text, or None; a prepared statement, since a contribution's 201 and
        every REST or OGC read of one feature run it."""
        self.filter(f"t.{self.layer.id_column} = %s", key)
        rows = prepared_fetch(*self.page_sql(), using=read_alias())
        return rows[0][1] if rows else None


_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_BOOLEANS = {"true": True, "false": False}


def parse_instant(value):
    """An RFC 3339 date-time (UTC when it names no offset) or a date (its midnight, UTC), in UTC; ValueError
    otherwise, including for a date that does not exist (2020-02-30, 25:00, an offset of +99:00)."""
    moment = parse_datetime(value) if "T" in value else None
    if moment is None:
        moment = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    try:
        # PostgreSQL takes offsets up to 15:59 only, RFC 3339 up to 23:59.
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError(value) from None


def _integer(bits):
    def parse(value):
        if not _INTEGER.fullmatch(value) or not -(2 ** (bits - 1)) <= int(value) < 2 ** (bits - 1):
            raise ValueError(value)
        return int(value)

    return parse


def _number(value):
    if not _NUMBER.fullmatch(value) or not math.isfinite(float(value)):
        raise ValueError(value)
    return float(value)


def _boolean(value):
    return _BOOLEANS[value.lower()]


@dataclass(frozen=True)
class ColumnType:
    """How a query parameter on a column is read: called on the text, it returns the value to compare the column
    with, or raises ValueError for a text the column cannot hold (which PostgreSQL would refuse with a 500)."""

    parse: object
    schema: dict  # in the OpenAPI description
    expected: str  # in the message of a 400

    def __call__(self, value):
        try:
            return self.parse(str(value))
        except (KeyError, OverflowError) as error:
            raise ValueError(value) from error


TEXT = ColumnType(str, {"type": "string"}, "un texte")
_TYPES = [
    (models.BigIntegerField, ColumnType(_integer(64), {"type": "integer"}, f"un entier d'au plus {2**63 - 1}")),
    (models.IntegerField, ColumnType(_integer(32), {"type": "integer"}, f"un entier d'au plus {2**31 - 1}")),
    (models.FloatField, ColumnType(_number, {"type": "number"}, "un nombre")),
    (models.BooleanField, ColumnType(_boolean, {"type": "boolean"}, "true ou false")),
    (
        models.DateTimeField,
        ColumnType(parse_instant, {"type": "string", "format": "date-time"}, "une date RFC 3339"),
    ),
]


def column_type(layer, name):
    """The ColumnType of a query parameter on this column."""
    model_field = layer.model._meta.get_field(name)
    return next((kind for field_class, kind in _TYPES if isinstance(model_field, field_class)), TEXT)
