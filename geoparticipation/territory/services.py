"""What the territory tells other apps: which commune holds a geometry."""

from django.conf import settings
from django.db import connection

from .models import Commune


def commune_for(geometry) -> Commune | None:
    """The commune of a geometry, by the rule the database applies on every write (sql/commune_for.sql)."""
    geometry = geometry.transform(settings.STORAGE_SRID, clone=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT territory_commune_for(ST_GeomFromEWKB(%s))", [bytes(geometry.ewkb)])
        (commune_id,) = cursor.fetchone()
    return Commune.objects.get(pk=commune_id) if commune_id else None
