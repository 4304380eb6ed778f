"""What the territory tells other apps: which commune holds a geometry."""

from django.conf import settings
from django.db import connection

from .models import Commune

FIELDS = ("id", "insee", "nom", "population")


def commune_for(geometry) -> Commune | None:
    """The commune of a geometry, by the rule the database applies on every write (sql/commune_for.sql).

    The commune comes without its boundary, and the reprojection happens in PostGIS (integer SRID). One plain
    statement: contributing calls this on every write.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(FIELDS)} FROM territory_commune"
            " WHERE id = territory_commune_for(ST_Transform(ST_GeomFromEWKB(%s), %s))",
            (bytes(geometry.ewkb), settings.STORAGE_SRID),
        )
        row = cursor.fetchone()
    return Commune.from_db(connection.alias, FIELDS, row) if row else None
