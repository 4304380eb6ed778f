"""The bounding boxes of the feeds' spatial filters (REST bbox, OGC API bbox and bbox-crs, WFS BBOX and
gml:Envelope): read, checked, and turned into the geometry that filters the storage column.

A box is cut to the area of use of the storage CRS, and to that of its own CRS, before it is transformed: a
whole-world box has no image in Lambert-93 (PROJ fails on the far corners), a box spanning a third of the globe
has corners whose images enclose nothing useful, and a projection's coordinates mean little far from its area
(CC50 is for the north of France, LAEA Europe is undefined round the antipodes of its centre). Every published
geometry lies in the 95 communes, well inside both areas, so the cut loses nothing. The cut box's edges are then
densified, since a parallel is a curve in Lambert-93.
"""

import functools
import itertools
import math

import pyproj
from django.conf import settings
from django.contrib.gis.geos import LinearRing, Polygon

from . import crs

# Edges are cut into segments of at most this fraction of the area of use: a parallel across the whole area then
# strays less than 10 cm from its segments in Lambert-93, and a box of a few streets keeps its four corners.
SEGMENTS_ACROSS_AREA = 1024


class BadBox(ValueError):
    """A box no filter can use. The message is French (REST API, OGC API); `english` is the one for WFS."""

    def __init__(self, french, english):
        super().__init__(french)
        self.english = english


# The names of the geographic CRSs in the message on a box beyond their limits.
GEOGRAPHIC_NAMES = {4326: "de WGS84", 4258: "d'ETRS89"}


def _form(srid, lat_first):
    if not crs.is_geographic(srid):
        return "miny,minx,maxy,maxx" if lat_first else "minx,miny,maxx,maxy"
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


@functools.cache
def _transformer(srid):
    return pyproj.Transformer.from_crs(srid, settings.STORAGE_SRID, always_xy=True)


@functools.cache
def storage_area(srid):
    """The area of use of the storage CRS, cut to that of `srid`, as a box in `srid` (x first)."""
    storage, own = (pyproj.CRS.from_epsg(code).area_of_use for code in (settings.STORAGE_SRID, srid))
    west, south, east, north = (
        max(storage.west, own.west),
        max(storage.south, own.south),
        min(storage.east, own.east),
        min(storage.north, own.north),
    )
    to_srid = pyproj.Transformer.from_crs(4326, srid, always_xy=True)
    return to_srid.transform_bounds(west, south, east, north, densify_pts=100)


def _edge(start, end, step):
    """The points from `start` (included) to `end` (excluded), at most `step` apart."""
    steps = max(1, math.ceil(max(abs(end[0] - start[0]), abs(end[1] - start[1])) / step))
    return [
        (start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps) for i in range(steps)
    ]


def geometry(box, srid):
    """The box (xmin, ymin, xmax, ymax in `srid`, x first) as a filter geometry in the storage SRID: cut to the
    areas of use of the storage CRS and of `srid`, its edges densified; an empty polygon when nothing of it is left."""
    xmin, ymin, xmax, ymax = box
    if crs.is_geographic(srid) and not (-180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90):
        name = pyproj.CRS.from_epsg(srid).name
        limits = GEOGRAPHIC_NAMES.get(srid, f"de {name}")
        raise BadBox(
            f"bbox : coordonnées hors des limites {limits} (longitude ±180, latitude ±90).",
            f"The box lies beyond the limits of {name} (longitude ±180, latitude ±90).",
        )
    area = storage_area(srid)
    xmin, ymin, xmax, ymax = max(xmin, area[0]), max(ymin, area[1]), min(xmax, area[2]), min(ymax, area[3])
    if xmin >= xmax or ymin >= ymax:
        return Polygon(srid=settings.STORAGE_SRID)
    ring = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax), (xmin, ymin)]
    if srid != settings.STORAGE_SRID:
        # Straight edges in `srid` are curves in the storage CRS.
        step = max(area[2] - area[0], area[3] - area[1]) / SEGMENTS_ACROSS_AREA
        ring = [point for start, end in itertools.pairwise(ring) for point in _edge(start, end, step)] + ring[-1:]
        xs, ys = _transformer(srid).transform([x for x, _ in ring], [y for _, y in ring])
        ring = list(zip(xs, ys, strict=True))
    return Polygon(LinearRing(ring), srid=settings.STORAGE_SRID)


def parse(value, srid, lat_first=False):
    """`minx,miny,maxx,maxy` in `srid` (latitude first when `lat_first`) as a filter geometry in the storage SRID."""
    xmin, ymin, xmax, ymax = corners(value.split(","), _form(srid, lat_first))
    if lat_first:
        xmin, ymin, xmax, ymax = ymin, xmin, ymax, xmax
    return geometry((xmin, ymin, xmax, ymax), srid)
