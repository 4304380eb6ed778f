"""The coordinate reference systems the feeds speak, by their OGC URIs."""

import functools
import re

import pyproj
from django.conf import settings

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
# Beside Lambert-93 (storage), WGS 84 and Web Mercator: the conic zone CC50 that the Nord's surveyors use, ETRS89
# (INSPIRE's geographic CRS) and ETRS89-LAEA Europe (INSPIRE's grids, Eurostat).
REGIONAL_SRIDS = (3950, 4258, 3035)
# Web Mercator is for web maps, never a file: downloads come in the others.
DOWNLOAD_SRIDS = (4326, settings.STORAGE_SRID, *REGIONAL_SRIDS)


def epsg_uri(code):
    return f"http://www.opengis.net/def/crs/EPSG/0/{code}"


@functools.cache
def north_first(srid):
    """Whether the EPSG definition gives the northward axis first: latitude first (4326, 4258), or northing before
    easting (3035). OGC URIs and URNs follow that order; GeoJSON, PostGIS and `EPSG:code` in WFS are x first."""
    return pyproj.CRS.from_epsg(srid).axis_info[0].direction == "north"


@functools.cache
def is_geographic(srid):
    return pyproj.CRS.from_epsg(srid).is_geographic


def supported():
    """URI -> (SRID, whether axes are latitude, or northing, first)."""
    return {
        CRS84: (4326, False),
        epsg_uri(settings.STORAGE_SRID): (settings.STORAGE_SRID, False),
        epsg_uri(4326): (4326, True),
        epsg_uri(3857): (3857, False),
        **{epsg_uri(srid): (srid, north_first(srid)) for srid in REGIONAL_SRIDS},
    }


_EPSG_SPELLINGS = re.compile(r"^(?:EPSG:|urn:ogc:def:crs:EPSG::|https?://www\.opengis\.net/def/crs/EPSG/0/)(\d+)$")


def parse(value):
    """(URI, SRID, latitude first) for a CRS given as a URI, a URN or EPSG:code; ValueError otherwise."""
    value = value.strip().strip("[]")
    if value in ("CRS84", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", CRS84.replace("http:", "https:")):
        value = CRS84
    match = _EPSG_SPELLINGS.match(value)
    uri = epsg_uri(match.group(1)) if match else value
    try:
        srid, lat_first = supported()[uri]
    except KeyError:
        raise ValueError(f"CRS non pris en charge : {value}. Acceptés : {', '.join(supported())}.") from None
    return uri, srid, lat_first
