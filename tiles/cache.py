"""The server-side tile cache: an UNLOGGED PostgreSQL table, tiles_cache (layers/sql/30_tiles.sql).

A table rather than Django's cache framework: every gunicorn worker, and every machine, shares it with no
setting to add; a cached tile is valid while its version equals layers_data_version.version, which the writing
transaction bumps, so one change invalidates every tile at once and no worker can serve a tile older than the
data it has seen; and the lookup is the same single query that gives the ETag's version. A rebuilt tile
overwrites the stale row of the same z/x/y, so the table never holds more than one tile per layer and z/x/y
near the territory (tiles far from it are not stored).
"""

from django.db import connection

from geoparticipation.database import prepared_fetch


def lookup(layer_id: str, z: int, x: int, y: int):
    """(data version, its date, the cached tile or None); a prepared statement, since every tile request runs it."""
    [(version, modified, tile)] = prepared_fetch(
        """
        SELECT v.version, v.modified, c.tile
        FROM layers_data_version v
        LEFT JOIN tiles_cache c
            ON c.layer = %s AND c.z = %s AND c.x = %s AND c.y = %s AND c.version = v.version
        WHERE v.id = 1
        """,
        [layer_id, z, x, y],
    )
    return version, modified, None if tile is None else bytes(tile)


def store(layer_id: str, z: int, x: int, y: int, version: int, tile: bytes) -> None:
    with connection.cursor() as cursor:
        # A slower request that built the tile from older data must not replace a newer one.
        cursor.execute(
            """
            INSERT INTO tiles_cache (layer, z, x, y, version, tile) VALUES (%s, %s, %s, %s, %s, %s)
            ON CONFLICT (layer, z, x, y) DO UPDATE SET version = excluded.version, tile = excluded.tile
            WHERE tiles_cache.version < excluded.version
            """,
            [layer_id, z, x, y, version, tile],
        )
