from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface, Transform
from django.db import connection

from .models import Commune, Outlines


def commune_points():
    """(insee, nom, lon, lat) of a point inside each commune, by name: the pickers that place a pin without a mouse."""
    communes = Commune.objects.annotate(point=Transform(PointOnSurface("geom"), settings.API_SRID)).order_by("nom")
    return [(c.insee, c.nom, round(c.point.x, 6), round(c.point.y, 6)) for c in communes.only("insee", "nom")]


def extent(srid=settings.API_SRID):
    """(xmin, ymin, xmax, ymax) of the communes in `srid` (the extent of the reprojected boundaries, not the
    reprojected box of the extent), or None before the communes are loaded. Every feed, map and file that states
    the territory's extent asks here."""
    with connection.cursor() as cursor:
        geom = "geom" if srid == settings.STORAGE_SRID else f"ST_Transform(geom, {int(srid)})"
        cursor.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
            f"FROM (SELECT ST_Extent({geom}) e FROM {Commune._meta.db_table}) s"
        )
        row = cursor.fetchone()
    return None if row[0] is None else row


def outlines_etag() -> str | None:
    """The ETag of the web maps' outlines, without reading them; None while they are to be made."""
    return Outlines.objects.filter(pk=1).values_list("etag", flat=True).first()
