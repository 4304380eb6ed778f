"""The server-side tile cache: tiles_cache, an UNLOGGED PostgreSQL table of the tiles migrations.

A table rather than Django's cache framework: every gunicorn worker, and every machine, shares it with no
setting to add. Each row keeps the data version it was built from. A tile of contributions stays valid until a
change that may alter every tile (layers_data_version.global_version: a concertation, a theme, a commune) or a
newer change of its kind under it (tiles_dirty: the z16 tiles a changed contribution covers); a tile of another
layer, until any change. Validity is decided when reading, against changes committed since the tile was built,
so a tile built from older data cannot outlive a change; a rebuilt tile overwrites the stale row.
"""

import datetime
from dataclasses import dataclass

import psycopg
from django.db import connection, transaction

from geoparticipation.database import prepared_fetch

from . import mercator
from .rendering import BUFFER, EXTENT

# The first key of the advisory locks on tiles (the second is the tile's), apart from any other lock of the database.
LOCK_CLASS = 7001

LOOKUP = """
    SELECT v.version, v.modified, c.tile, c.version, c.modified
    FROM layers_data_version v
    LEFT JOIN tiles_cache c
        ON c.layer = %(layer)s AND c.z = %(z)s AND c.x = %(x)s AND c.y = %(y)s
        AND CASE
            WHEN %(kind)s::text IS NULL THEN c.version = v.version
            ELSE c.version >= v.global_version AND NOT EXISTS (
                SELECT 1 FROM tiles_dirty d
                WHERE d.kind = %(kind)s AND d.version > c.version
                  AND (d.x BETWEEN %(x0)s AND %(x1)s AND d.y BETWEEN %(y0)s AND %(y1)s OR d.x = -1)
            )
        END
    WHERE v.id = 1
"""


@dataclass(frozen=True)
class Lookup:
    """The current data version and its time; the cached tile if it is still valid (else None), with the version it
    was built from and that version's time."""

    version: int
    modified: datetime.datetime
    tile: bytes | None
    built: int | None
    built_modified: datetime.datetime | None


def lookup(key: str, kind: str | None, z: int, x: int, y: int) -> Lookup:
    """A prepared statement, since every tile request runs it."""
    x0, x1, y0, y1 = mercator.z16_range(z, x, y, BUFFER / EXTENT)
    params = {"layer": key, "kind": kind, "z": z, "x": x, "y": y, "x0": x0, "x1": x1, "y0": y0, "y1": y1}
    [(version, modified, tile, built, built_modified)] = prepared_fetch(LOOKUP, params)
    return Lookup(version, modified, None if tile is None else bytes(tile), built, built_modified)


# A slower request that built the tile from older data must not replace a newer one.
STORE = """
    INSERT INTO tiles_cache (layer, z, x, y, version, modified, tile) VALUES (%s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (layer, z, x, y) DO UPDATE
    SET version = excluded.version, modified = excluded.modified, tile = excluded.tile
    WHERE tiles_cache.version < excluded.version
"""


def store(layer_id: str, z: int, x: int, y: int, version: int, modified: datetime.datetime, tile: bytes) -> None:
    """With server-side parameters, so that the tile goes to PostgreSQL as bytes: Django's cursor would write it into
    the statement in hexadecimal for the server to parse, 8 to 20 ms for a 290 kB tile against 1 to 5 ms."""
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(STORE, [layer_id, z, x, y, version, modified, tile])


def build(key: str, kind: str | None, z: int, x: int, y: int, render):
    """(data version, its time, tile) of a tile that was missing or stale, rendered once however many requests want
    it at the same moment: the first renders it under a lock on the tile, the others wait for the lock, then find it
    cached. `render()` returns (version, its time, tile). A transaction-level advisory lock, so that it holds behind
    PgBouncer too."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_CLASS, f"{key}/{z}/{x}/{y}"])
        found = lookup(key, kind, z, x, y)
        if found.tile is not None:
            return found.built, found.built_modified, found.tile
        version, modified, tile = render()
        store(key, z, x, y, version, modified, tile)
        return version, modified, tile
