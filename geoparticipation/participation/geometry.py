"""Checks on a contributed geometry, with messages a citizen can act on."""

import json
import math
import re

from django.conf import settings
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from django.core.exceptions import ValidationError

from geoparticipation.territory.services import commune_for

TYPE_NAMES = {"Point": "un point", "LineString": "une ligne", "Polygon": "une zone"}


class UnacceptedGeometry(ValueError):
    """A GeoJSON geometry that is readable but not accepted; its message, in French, says why."""


# The spellings of a CRS in a GeoJSON `crs` member (GeoJSON 2008), read here to an EPSG code. The name is never
# handed to GDAL: its SRS parser reads files and URLs named there, and it leaves a geometry in an unknown CRS
# without SRID, which would then be taken for WGS84.
_CRS_NAME = re.compile(
    r"(?:EPSG:|urn:ogc:def:crs:EPSG:[0-9.]*:|https?://www\.opengis\.net/def/crs/EPSG/0/)([1-9][0-9]{0,8})",
    re.IGNORECASE,
)
_CRS84_NAMES = {"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84", "ogc:crs84", "crs84"}
_CRS84_NAMES |= {f"{scheme}://www.opengis.net/def/crs/ogc/1.3/crs84" for scheme in ("http", "https")}


def _srid(crs):
    """The EPSG code a GeoJSON `crs` member names; UnacceptedGeometry when it names none."""
    properties = crs.get("properties") if isinstance(crs, dict) and crs.get("type") == "name" else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        raise UnacceptedGeometry(
            'Membre « crs » illisible : attendu {"type": "name", "properties": {"name": "EPSG:4326"}}, '
            "ou pas de « crs » du tout (WGS84)."
        )
    if name.lower() in _CRS84_NAMES:
        return settings.API_SRID
    if match := _CRS_NAME.fullmatch(name):
        return int(match.group(1))
    raise UnacceptedGeometry(f"Système de coordonnées « {name[:100]} » inconnu : envoyez des coordonnées WGS84.")


def _plane(coordinates, depth=0):
    """The coordinates with the elevation of each position dropped (GPS receivers send one); a position of four
    numbers (a measure) is refused. Nesting deeper than a MultiPolygon's is left to GDAL to refuse."""
    if not isinstance(coordinates, list) or depth > 3:
        return coordinates
    if coordinates and all(type(c) in (int, float) for c in coordinates):
        if len(coordinates) > 3:
            raise UnacceptedGeometry("Positions à 4 dimensions non acceptées : attendu [longitude, latitude].")
        return coordinates[:2]
    return [_plane(item, depth + 1) for item in coordinates]


def geometry_from_geojson(data):
    """A GeoJSON geometry object (a dict or its text) as a 2D GEOS geometry, WGS84 unless it names another CRS;
    ValueError if it is not one, UnacceptedGeometry (a ValueError with a message to show) if it cannot be taken."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except RecursionError:
            raise ValueError("JSON nested too deep") from None
    if not isinstance(data, dict) or "type" not in data or "coordinates" not in data:
        raise ValueError("not a GeoJSON geometry")
    srid = _srid(data["crs"]) if "crs" in data else settings.API_SRID
    geometry_type, coordinates = data["type"], _plane(data["coordinates"])
    if geometry_type == "Point" and _is_plane_position(coordinates):
        # The pin of every proposal: built directly, without a trip through GDAL's GeoJSON reader.
        return Point(*coordinates, srid=srid)
    try:
        geometry = GEOSGeometry(json.dumps({"type": geometry_type, "coordinates": coordinates}))
    except (GEOSException, GDALException, TypeError, RecursionError) as error:
        raise ValueError(str(error)) from error
    geometry.srid = srid
    return geometry


def _is_plane_position(coordinates):
    return (
        isinstance(coordinates, list)
        and len(coordinates) == 2
        and all(type(c) in (int, float) and math.isfinite(c) for c in coordinates)
    )


def _error(message):
    return ValidationError({"geometry": [message]})


def clean_geometry(geom, *, allowed_types, process):
    """The geometry (with its SRID set; saving it reprojects it in PostGIS) and its commune, or a ValidationError."""
    geom = check_geometry(geom, allowed_types=allowed_types)
    return geom, check_territory(geom, process=process)


def check_geometry(geom, *, allowed_types):
    """The geometry with its SRID set, or a ValidationError: every check but the territory's, without a query."""
    if geom is None:
        raise _error("Indiquez un lieu sur la carte.")
    if geom.geom_type not in allowed_types:
        expected = " ou ".join(TYPE_NAMES[t] for t in allowed_types)
        raise _error(f"Type de géométrie non accepté ({geom.geom_type}) : attendu {expected}.")
    if geom.empty:
        raise _error("La géométrie est vide.")
    if geom.num_coords > settings.MAX_GEOMETRY_VERTICES:
        raise _error(
            f"La géométrie compte {geom.num_coords} sommets ; le maximum est {settings.MAX_GEOMETRY_VERTICES}. "
            "Simplifiez le tracé."
        )
    srid = geom.srid or settings.API_SRID
    if srid not in (settings.API_SRID, settings.STORAGE_SRID):
        raise _error(
            f"Système de coordonnées EPSG:{srid} non accepté : "
            f"envoyez des coordonnées WGS84 (EPSG:{settings.API_SRID})."
        )
    geom.srid = srid
    if srid == 4326:
        xmin, ymin, xmax, ymax = geom.extent
        if not (-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
            raise _error("Coordonnées hors des limites de WGS84 : attendu [longitude, latitude] en degrés.")
    if not geom.valid:
        raise _error(f"La géométrie est invalide (tracé qui se recoupe ?) : {geom.valid_reason}.")
    if geom.geom_type != "Point" and srid != settings.STORAGE_SRID:
        # Stored in Lambert-93, where two vertices a few nanometres apart become one: the line or the ring that
        # was valid in degrees may not be any more, and the table's validity constraint would refuse it.
        stored = geom.transform(settings.STORAGE_SRID, clone=True)
        if not stored.valid:
            raise _error(f"La géométrie est invalide (sommets confondus ?) : {stored.valid_reason}.")
    return geom


def check_territory(geom, *, process):
    """The commune of a geometry that passed check_geometry(), or a ValidationError saying why it is outside."""
    commune = commune_for(geom)
    if commune is None:
        if geom.srid == 4326 and geom.geom_type == "Point" and commune_for(Point(geom.y, geom.x, srid=4326)):
            raise _error("Les coordonnées semblent inversées : attendu [longitude, latitude].")
        raise _error("Ce lieu est en dehors du territoire de la métropole (95 communes).")
    if not process.covers(commune):
        raise _error(f"Ce lieu ({commune.nom}) est en dehors du territoire de la concertation.")
    return commune
