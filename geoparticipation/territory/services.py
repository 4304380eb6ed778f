"""What the territory tells other apps: which commune holds a geometry."""

from django.conf import settings
from django.db import connection

from geoparticipation.database import prepared_fetch

from .models import Commune

FIELDS = ("id", "insee", "nom", "population")


def commune_for(geometry) -> Commune | None:
    """The commune of a geometry, by the rule the database applies on every write (sql/post_commune_for.sql).

    The commune comes without its boundary, and the reprojection happens in PostGIS (integer SRID). One plain
    prepared statement: contributing calls this on every write.
    """
    rows = prepared_fetch(
        f"SELECT {', '.join(FIELDS)} FROM territory_commune"
        f" WHERE id = territory_commune_for(ST_Transform(ST_GeomFromEWKB(%s), {int(settings.STORAGE_SRID)}))",
        (bytes(geometry.ewkb),),
    )
    return Commune.from_db(connection.alias, FIELDS, rows[0]) if rows else None
