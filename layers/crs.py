"""The coordinate reference systems the feeds speak, by their OGC URIs."""

import re

from django.conf import settings

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def epsg_uri(code):
    return f"http://www.opengis.net/def/crs/EPSG/0/{code}"


def supported():
    """URI -> (SRID, whether axes are latitude first)."""
    return {
        CRS84: (4326, False),
        epsg_uri(settings.STORAGE_SRID): (settings.STORAGE_SRID, False),
        epsg_uri(4326): (4326, True),
        epsg_uri(3857): (3857, False),
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
