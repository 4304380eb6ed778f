"""What the territory tells other apps: which commune holds a geometry, and the outlines the web maps draw."""

from django.conf import settings
from django.contrib.gis.db.models.functions import AsWKB
from django.db import connection, transaction

from geoparticipation.database import prepared_fetch

from .models import Commune, Outlines
from .outlines import outlines_geojson

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


def outlines() -> Outlines:
    """The web maps' outlines (outlines.py), made again when a change of the communes has forgotten them."""
    return Outlines.objects.filter(pk=1).first() or outlines_refresh()


@transaction.atomic
def outlines_refresh() -> Outlines:
    """Simplifies the communes' shared borders once and keeps the document (load_communes calls it, so that no
    visitor waits the second it takes). Two first visitors at once make the same document; the second write wins."""
    geojson, etag = outlines_geojson(Commune.objects.order_by("insee").values_list("insee", "nom", AsWKB("geom")))
    Outlines.objects.bulk_create(
        [Outlines(pk=1, geojson=geojson, etag=etag)],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["geojson", "etag", "made_at"],
    )
    return Outlines(pk=1, geojson=geojson, etag=etag)
