"""What the territory tells other apps: which commune holds a geometry."""

from django.conf import settings
from django.db.models.expressions import RawSQL

from .models import Commune


def commune_for(geometry) -> Commune | None:
    """The commune of a geometry, by the rule the database applies on every write (sql/commune_for.sql).

    The commune comes without its boundary, and the reprojection happens in PostGIS (integer SRID).
    """
    commune_id = RawSQL(
        "territory_commune_for(ST_Transform(ST_GeomFromEWKB(%s), %s))",
        (bytes(geometry.ewkb), settings.STORAGE_SRID),
    )
    return Commune.objects.defer("geom").filter(pk=commune_id).first()
