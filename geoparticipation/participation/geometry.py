"""Checks on a contributed geometry, with messages a citizen can act on."""

import json
import math

from django.conf import settings
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from django.core.exceptions import ValidationError

from geoparticipation.territory.services import commune_for

TYPE_NAMES = {"Point": "un point", "LineString": "une ligne", "Polygon": "une zone"}


def geometry_from_geojson(data):
    """A GeoJSON geometry object (a dict or its text) as GEOS, WGS84 unless it names another CRS; ValueError if
    it is not one."""
    if isinstance(data, str):
        data = json.loads(data)
    if not isinstance(data, dict) or "type" not in data or "coordinates" not in data:
        raise ValueError("not a GeoJSON geometry")
    if data["type"] == "Point" and "crs" not in data and _is_plane_position(data["coordinates"]):
        # The pin of every proposal: built directly, without a trip through GDAL's GeoJSON reader.
        return Point(*data["coordinates"], srid=settings.API_SRID)
    try:
        return GEOSGeometry(json.dumps(data))
    except (GEOSException, GDALException, TypeError) as error:
        raise ValueError(str(error)) from error


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
    commune = commune_for(geom)
    if commune is None:
        if srid == 4326 and geom.geom_type == "Point" and commune_for(Point(geom.y, geom.x, srid=4326)):
            raise _error("Les coordonnées semblent inversées : attendu [longitude, latitude].")
        raise _error("Ce lieu est en dehors du territoire de la métropole (95 communes).")
    if not process.covers(commune):
        raise _error(f"Ce lieu ({commune.nom}) est en dehors du territoire de la concertation.")
    return geom, commune
