"""Tiles rendered by PostGIS: ST_AsMVT wraps an ordinary SELECT over the layer view, so visibility holds."""

import contextlib
import datetime
import functools
import math

from django.conf import settings
from django.db import connection, connections, models

from geoparticipation.database import serial_plans
from geoparticipation.territory import selectors as territory
from layers.registry import Layer

from . import mercator

EXTENT = 4096
BUFFER = 64
# Aggregation cells per tile side: a cell is 32 pixels of a tile drawn at 512, and a tile holds at most 256 of them.
GRID = 16
# The levels of tiles_cell_count (sql/post_tiles.sql), finest last: a cell of level L is the zoom-L tile, a cell of the
# grid of a zoom-(L - 4) tile. A zoom reads the coarsest level fine enough for its grid.
CELL_LEVELS = (14, 16, 18)
# The public scopes of the cells (tiles_cell_count.scope_id), optionally those of one concertation: the public
# concertations of the contributions, the public debates of the placed arguments (the rule of their layer,
# layers/sql/post_60_debate_arguments.sql). A debate hidden or moved is so out of, or in another concertation's, tiles
# at once, without rewriting its cells.
PUBLIC_PROCESSES = "SELECT id FROM participation_public_process WHERE %(process)s::text IS NULL OR slug = %(process)s"
# The arguments' scope is their debate: `?debate=` keeps that one (views.tile_response has checked it is public).
CELL_SCOPES = {
    "debate_arguments": (
        "SELECT id FROM layers_public_debates WHERE (%(process)s::text IS NULL OR process_slug = %(process)s)"
        " AND (%(debate)s::integer IS NULL OR id = %(debate)s)"
    ),
}
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


def public_debate(debate: int) -> bool:
    """Whether a debate is public (layers_public_debates: published, not hidden, in a public concertation)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM layers_public_debates WHERE id = %s)", [debate])
        return cursor.fetchone()[0]


def _where(layer: Layer, z: int, x: int, y: int, clip, process: str | None, debate: int | None) -> tuple[str, dict]:
    """The rows of the layer view under the tile and its buffer, near the territory; optionally one concertation's,
    one debate's."""
    # The envelope is transformed, never the column, so the GiST index on geom is used.
    where = (
        f"t.geom && ST_Transform(ST_ClipByBox2D(ST_TileEnvelope({z}, {x}, {y}, margin => {BUFFER / EXTENT}), "
        f"ST_MakeEnvelope(%(xmin)s, %(ymin)s, %(xmax)s, %(ymax)s, 3857)), {settings.STORAGE_SRID})"
    )
    params = {"layer": layer.id, **dict(zip(("xmin", "ymin", "xmax", "ymax"), clip, strict=True))}
    if process is not None:
        where += " AND t.process = %(process)s"
        params["process"] = process
    if debate is not None:
        where += " AND t.debate = %(debate)s"
        params["debate"] = debate
    return where, params


def points_aggregate_sql(
    layer: Layer, z: int, x: int, y: int, clip, process: str | None = None, debate: int | None = None
) -> tuple[str, dict]:
    """An aggregated tile counted from every point under it: for a layer whose cells no trigger keeps, or a zoom
    finer than the cells."""
    z, x, y = int(z), int(x), int(y)
    where, params = _where(layer, z, x, y, clip, process, debate)
    xmin, ymin, xmax, _ = mercator.tile_bounds(z, x, y)
    params.update(tile_xmin=xmin, tile_ymin=ymin, cell=(xmax - xmin) / GRID)
    point = "t.geom" if layer.geometry_type == "Point" else "ST_Centroid(t.geom)"
    # Each point is counted in the one cell (and so the one tile) that holds it, at the mean position of the
    # points of its cell. The OFFSET 0 fences keep PostgreSQL from copying ST_Transform into every use of p.
    sql = f"""
        SELECT ST_AsMVT(tile, %(layer)s, {EXTENT}, 'geom') FROM (
            SELECT n AS count,
                   ST_AsMVTGeom(ST_Point(sx / n, sy / n, 3857), ST_TileEnvelope({z}, {x}, {y}), {EXTENT}, {BUFFER})
                   AS geom
            FROM (
                SELECT floor((ST_X(p) - %(tile_xmin)s) / %(cell)s) AS cx,
                       floor((ST_Y(p) - %(tile_ymin)s) / %(cell)s) AS cy,
                       count(*) AS n, sum(ST_X(p)) AS sx, sum(ST_Y(p)) AS sy
                FROM (SELECT ST_Transform({point}, 3857) AS p FROM {layer.table} t WHERE {where} OFFSET 0) s
                GROUP BY 1, 2
                OFFSET 0
            ) cells
            WHERE cx >= 0 AND cx < {GRID} AND cy >= 0 AND cy < {GRID}
        ) tile
    """
    return sql, params


def cells_sql(
    layer: Layer, z: int, x: int, y: int, clip, process: str | None = None, debate: int | None = None
) -> tuple[str, dict]:
    """An aggregated tile summed from the cells the triggers keep (tiles_cell_count, sql/post_tiles.sql): the counts
    and mean positions of counting every point under it, from at most 32 × 32 rows per scope (concertation or debate)
    and geometry type from zoom 9 on, and below it from the zoom-14 cells of the whole territory (about a thousand).

    Only the cells that meet the clip box are read: far from the territory, as before, nothing is counted."""
    z, x, y = int(z), int(x), int(y)
    level = next(level for level in CELL_LEVELS if level >= z + 4)
    shift = level - z - 4
    side = 2 * mercator.HALF_WORLD / 2**level
    span = GRID << shift
    # Cells are counted from the south, tiles from the north.
    x0, y0 = x * span, (2**z - 1 - y) * span
    xmin, ymin, xmax, ymax = clip
    params = {
        "layer": layer.id,
        "kind": layer.tiles.dirty_kind,
        "x0": max(x0, math.floor((xmin + mercator.HALF_WORLD) / side)),
        "x1": min(x0 + span - 1, math.floor((xmax + mercator.HALF_WORLD) / side)),
        "y0": max(y0, math.floor((ymin + mercator.HALF_WORLD) / side)),
        "y1": min(y0 + span - 1, math.floor((ymax + mercator.HALF_WORLD) / side)),
        "process": process,
        "debate": debate,
        # A layer split by geometry type counts its own type only (layers/sql/post_30_views.sql).
        "geometry_type": layer.geometry_type.upper() if layer.split_of is not None else None,
    }
    # Sorted, so that the tile's bytes do not depend on the plan.
    sql = f"""
        SELECT ST_AsMVT(tile, %(layer)s, {EXTENT}, 'geom') FROM (
            SELECT n AS count,
                   ST_AsMVTGeom(ST_Point(sx / n, sy / n, 3857), ST_TileEnvelope({z}, {x}, {y}), {EXTENT}, {BUFFER})
                   AS geom
            FROM (
                SELECT c.x >> {shift} AS cx, c.y >> {shift} AS cy,
                       sum(c.features) AS n, sum(c.sum_x) AS sx, sum(c.sum_y) AS sy
                FROM tiles_cell_count c
                WHERE c.level = {level} AND c.kind = %(kind)s
                  AND c.x BETWEEN %(x0)s AND %(x1)s AND c.y BETWEEN %(y0)s AND %(y1)s
                  AND c.scope_id IN ({CELL_SCOPES.get(layer.tiles.dirty_kind, PUBLIC_PROCESSES)})
                  AND (%(geometry_type)s::text IS NULL OR c.geometry_type = %(geometry_type)s)
                GROUP BY 1, 2
            ) cells
            WHERE n > 0
            ORDER BY cy, cx
        ) tile
    """
    return sql, params


def tile_sql(
    layer: Layer, z: int, x: int, y: int, clip, process: str | None = None, debate: int | None = None
) -> tuple[str, dict]:
    """The statement that renders one tile (one bytea column), and its parameters; optionally one concertation's,
    one debate's."""
    z, x, y = int(z), int(x), int(y)
    if layer.tiles.aggregates(z):
        if layer.tiles.dirty_kind is not None and z + 4 <= CELL_LEVELS[-1]:
            return cells_sql(layer, z, x, y, clip, process, debate)
        return points_aggregate_sql(layer, z, x, y, clip, process, debate)
    where, params = _where(layer, z, x, y, clip, process, debate)
    envelope = f"ST_TileEnvelope({z}, {x}, {y})"
    table = layer.table
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
    layer: Layer,
    z: int,
    x: int,
    y: int,
    clip,
    process: str | None = None,
    using: str = "default",
    debate: int | None = None,
) -> tuple[int, datetime.datetime, bytes]:
    """(data version, its time, tile) read in one statement, so that the version is the one the tile was built from.

    JIT stays off (settings.DATABASES): it costs 1 to 2 s on these plans, whose spatial row estimates are far too
    high, more than running them."""
    sql, params = tile_sql(layer, z, x, y, clip, process, debate)
    # A parallel plan splits ST_AsMVT into partial tiles that the leader decodes and merges again: a z15 tile over
    # Lille took about twice as long that way, and its features came in another order each time.
    serial = contextlib.nullcontext() if layer.tiles.aggregates(z) else serial_plans(using)
    with serial, connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT v.version, v.modified, m.tile FROM layers_data_version v, ({sql}) m(tile) WHERE v.id = 1",
            params,
        )
        version, modified, tile = cursor.fetchone()
    return version, modified, bytes(tile or b"")
