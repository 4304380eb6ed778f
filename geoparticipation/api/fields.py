import json

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from rest_framework import serializers


class GeometryInputField(serializers.Field):
    """A GeoJSON geometry object, parsed into GEOS; WGS84 unless the object names another CRS."""

    default_error_messages = {
        "required": "Indiquez un lieu : un objet GeoJSON « geometry ».",
        "null": "Indiquez un lieu : un objet GeoJSON « geometry ».",
        "invalid": "Géométrie GeoJSON illisible : attendu un objet comme "
        '{{"type": "Point", "coordinates": [3.063, 50.637]}} ([longitude, latitude]).',
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict) or "type" not in data or "coordinates" not in data:
            self.fail("invalid")
        try:
            return GEOSGeometry(json.dumps(data))
        except (GEOSException, GDALException, ValueError, TypeError):
            self.fail("invalid")


class GeoJSONField(serializers.Field):
    """A geometry that PostGIS already wrote as GeoJSON (reprojected and rounded): Python only parses it."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return json.loads(value)
