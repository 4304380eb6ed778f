"""The bounding boxes of the feeds' spatial filters (REST bbox, OGC API bbox and bbox-crs, WFS BBOX and
gml:Envelope): read, checked, and turned into the geometry that filters the storage column."""

import math

from django.conf import settings
from django.contrib.gis.geos import Polygon


class BadBox(ValueError):
    """A box no filter can use. The message is French (REST API, OGC API); `english` is the one for WFS."""

    def __init__(self, french, english):
        super().__init__(french)
        self.english = english


def _form(srid, lat_first):
    if srid != 4326:
        return "minx,miny,maxx,maxy"
    return "minlat,minlon,maxlat,maxlon" if lat_first else "minlon,minlat,maxlon,maxlat"


def corners(values, form="minx,miny,maxx,maxy"):
    """The four numbers of a box, lower corner then upper corner in one axis order or the other."""
    text = ",".join(values)
    try:
        numbers = [float(value) for value in values]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise BadBox(
            f"bbox : attendu 4 nombres séparés par des virgules, {form} (les boîtes en 3D ne sont pas prises en "
            f"charge), et non {text}.",
            f"Expected a box of 4 numbers, lower corner then upper corner, not {text}.",
        )
    if not all(math.isfinite(number) for number in numbers):
        raise BadBox(
            f"bbox : les coordonnées sont des nombres finis, et non {text}.",
            f"The box coordinates must be finite numbers, not {text}.",
        )
    if numbers[0] >= numbers[2] or numbers[1] >= numbers[3]:
        raise BadBox(
            f"bbox : coins inversés ou boîte vide : attendu {form} avec min < max, et non {text}.",
            f"The box corners are swapped or the box is empty: expected lower corner then upper corner, got {text}.",
        )
    return numbers


def geometry(box, srid):
    """The box (xmin, ymin, xmax, ymax in `srid`, x first) as a filter geometry in the storage SRID."""
    xmin, ymin, xmax, ymax = box
    if srid == 4326 and not (-180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90):
        raise BadBox(
            "bbox : coordonnées hors des limites de WGS84 (longitude ±180, latitude ±90).",
            "The box lies beyond the limits of WGS 84 (longitude ±180, latitude ±90).",
        )
    polygon = Polygon.from_bbox(box)
    polygon.srid = srid
    return polygon.transform(settings.STORAGE_SRID, clone=True)


def parse(value, srid, lat_first=False):
    """`minx,miny,maxx,maxy` in `srid` (latitude first when `lat_first`) as a filter geometry in the storage SRID."""
    xmin, ymin, xmax, ymax = corners(value.split(","), _form(srid, lat_first))
    if lat_first:
        xmin, ymin, xmax, ymax = ymin, xmin, ymax, xmax
    return geometry((xmin, ymin, xmax, ymax), srid)
