from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface, Transform

from .models import Commune


def commune_points():
    """(insee, nom, lon, lat) of a point inside each commune, by name: the pickers that place a pin without a mouse."""
    communes = Commune.objects.annotate(point=Transform(PointOnSurface("geom"), settings.API_SRID)).order_by("nom")
    return [(c.insee, c.nom, round(c.point.x, 6), round(c.point.y, 6)) for c in communes.only("insee", "nom")]
