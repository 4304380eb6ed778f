"""Query parameters of the list endpoints: checked, so that a typo is a 400 and not a silently ignored filter."""

from django.conf import settings
from django.contrib.gis.geos import Polygon
from rest_framework.exceptions import ValidationError

from layers.params import unknown_parameters

PAGING_PARAMS = {"page", "page_size", "format"}


def check_params(request, allowed):
    if message := unknown_parameters(request.query_params, set(allowed) | PAGING_PARAMS):
        raise ValidationError({"detail": message})


def parse_bbox(value):
    """`minlon,minlat,maxlon,maxlat` in WGS84, as a polygon."""
    try:
        xmin, ymin, xmax, ymax = (float(part) for part in value.split(","))
    except ValueError:
        raise ValidationError(
            {"bbox": ["Attendu bbox=minlon,minlat,maxlon,maxlat (4 nombres en degrés WGS84)."]}
        ) from None
    if xmin >= xmax or ymin >= ymax:
        raise ValidationError(
            {"bbox": ["Coins inversés ou boîte vide : attendu bbox=minlon,minlat,maxlon,maxlat avec min < max."]}
        )
    if not (-180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90):
        raise ValidationError({"bbox": ["Coordonnées hors des limites de WGS84 (longitude ±180, latitude ±90)."]})
    polygon = Polygon.from_bbox((xmin, ymin, xmax, ymax))
    polygon.srid = settings.API_SRID
    return polygon
