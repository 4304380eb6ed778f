"""Tiles rendered by PostGIS: ST_AsMVT wraps an ordinary SELECT over the layer view, so visibility holds."""

import datetime
import functools

from django.conf import settings
from django.db import connection, models

from geoparticipation.territory import selectors as territory
from layers.registry import Layer

from . import mercator

EXTENT = 4096
BUFFER = 64
# Aggregation cells per tile side: a cell is 32 pixels of a tile drawn at 512, and a tile holds at most 256 of them.
GRID = 16
# Room around the communes' extent, in EPSG:3857 metres (about 1.3 km on the ground at Lille): an annotation
# drawn at the border may cross it.
TERRITORY_MARGIN = 2000


@functools.lru_cache(maxsize=1)
def territory_bounds(version: int) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) in degrees of the communes; cached for one data version."""
    return territory.extent(4326)


def territory_box(version: int) -> tuple[float, float, float, float] | None:
    """(xmin, ymin, xmax, ymax) in EPSG:3857 where features may lie: the communes' extent and its margin."""
    bounds = territory_bounds(version)
    if bounds is None:
        return None
    west, south = mercator.to_mercator(bounds[0], bounds[1])
    east, north = mercator.to_mercator(bounds[2], bounds[3])
    return west - TERRITORY_MARGIN, south - TERRITORY_MARGIN, east + TERRITORY_MARGIN, north + TERRITORY_MARGIN


def clip_box(version: int, z: int, x: int, y: int):
    """The part of the tile (with its buffer) near the territory, in EPSG:3857; None when the tile is far from it.

    The filter envelope is cut to it before going to Lambert-93: a world-sized tile has no image there."""
    territory = territory_box(version)
    if territory is None:
        return None
    xmin, ymin, xmax, ymax = mercator.tile_bounds(z, x, y)
    margin = (xmax - xmin) * BUFFER / EXTENT
    return mercator.intersection((xmin - margin, ymin - margin, xmax + margin, ymax + margin), territory)


def properties(layer: Layer) -> list[str]:
    """The published columns that full-detail tiles carry, in the layer's order."""
    if layer.tiles.fields is not None:
        return [name for name in layer.columns if name in layer.tiles.fields]
    return [name for name in layer.columns if not isinstance(layer.model._meta.get_field(name), models.TextField)]


def _property(layer: Layer, name: str) -> str:
    column = f"t.{connection.ops.quote_name(name)}"
    if isinstance(layer.model._meta.get_field(name), models.DateTimeField):
        # ISO 8601, as in the GeoJSON feeds; ST_AsMVT would write PostgreSQL's text form.
        column = f"to_json({column}) #>> '{{}}'"
    return f"{column} AS {connection.ops.quote_name(name)}"


def _has_integer_id(layer: Layer) -> bool:
    return isinstance(layer.model._meta.pk, models.IntegerField)


def tile_sql(layer: Layer, z: int, x: int, y: int, clip, process: str | None = None) -> tuple[str, dict]:
    """The statement that renders one tile (one bytea column), and its parameters; optionally one concertation's."""
    z, x, y = int(z), int(x), int(y)
    envelope = f"ST_TileEnvelope({z}, {x}, {y})"
    # The envelope is transformed, never the column, so the GiST index on geom is used.
    where = (
        f"t.geom && ST_Transform(ST_ClipByBox2D(ST_TileEnvelope({z}, {x}, {y}, margin => {BUFFER / EXTENT}), "
        f"ST_MakeEnvelope(%(xmin)s, %(ymin)s, %(xmax)s, %(ymax)s, 3857)), {settings.STORAGE_SRID})"
    )
    params = {"layer": layer.id, **dict(zip(("xmin", "ymin", "xmax", "ymax"), clip, strict=True))}
    table = layer.table
    if process is not None:
        where += " AND t.process = %(process)s"
        params["process"] = process
    if layer.tiles.aggregates(z):
        xmin, ymin, xmax, _ = mercator.tile_bounds(z, x, y)
        params.update(tile_xmin=xmin, tile_ymin=ymin, cell=(xmax - xmin) / GRID)
        point = "t.geom" if layer.geometry_type == "Point" else "ST_Centroid(t.geom)"
        # Each point is counted in the one cell (and so the one tile) that holds it, at the mean position of the
        # points of its cell. The OFFSET 0 fences keep PostgreSQL from copying ST_Transform into every use of p.
        sql = f"""
            SELECT ST_AsMVT(tile, %(layer)s, {EXTENT}, 'geom') FROM (
                SELECT n AS count,
                       ST_AsMVTGeom(ST_Point(sx / n, sy / n, 3857), {envelope}, {EXTENT}, {BUFFER}) AS geom
                FROM (
                    SELECT floor((ST_X(p) - %(tile_xmin)s) / %(cell)s) AS cx,
                           floor((ST_Y(p) - %(tile_ymin)s) / %(cell)s) AS cy,
                           count(*) AS n, sum(ST_X(p)) AS sx, sum(ST_Y(p)) AS sy
                    FROM (SELECT ST_Transform({point}, 3857) AS p FROM {table} t WHERE {where} OFFSET 0) s
                    GROUP BY 1, 2
                    OFFSET 0
                ) cells
                WHERE cx >= 0 AND cx < {GRID} AND cy >= 0 AND cy < {GRID}
            ) tile
        """
        return sql, params
    columns = [_property(layer, name) for name in properties(layer)]
    feature_id = "NULL"
    if _has_integer_id(layer):
        # The first column named like the id becomes the feature id, a second one the property of that name.
        id_column = connection.ops.quote_name(layer.id_column)
        columns.insert(0, f"t.{id_column}")
        feature_id = f"'{layer.id_column}'"
    sql = f"""
        SELECT ST_AsMVT(tile, %(layer)s, {EXTENT}, 'geom', {feature_id}) FROM (
            SELECT {", ".join(columns)},
                   ST_AsMVTGeom(ST_Transform(t.geom, 3857), {envelope}, {EXTENT}, {BUFFER}) AS geom
            FROM {table} t
            WHERE {where}
        ) tile
    """
    return sql, params


def render(
    layer: Layer, z: int, x: int, y: int, clip, process: str | None = None
) -> tuple[int, datetime.datetime, bytes]:
    """(data version, its time, tile) read in one statement, so that the version is the one the tile was built from.

    JIT stays off (settings.DATABASES): it costs 1 to 2 s on these plans, whose spatial row estimates are far too
    high, more than running them."""
    sql, params = tile_sql(layer, z, x, y, clip, process)
    with connection.cursor() as cursor:
        if not layer.tiles.aggregates(z):
            # A parallel plan splits ST_AsMVT into partial tiles that the leader decodes and merges again: a z15
            # tile over Lille took about twice as long that way, and its features came in another order each time.
            # SET LOCAL: cache.build renders in a transaction.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(
            f"SELECT v.version, v.modified, m.tile FROM layers_data_version v, ({sql}) m(tile) WHERE v.id = 1",
            params,
        )
        version, modified, tile = cursor.fetchone()
    return version, modified, bytes(tile or b"")
