from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from geoparticipation.participation.geometry import UnacceptedGeometry, geometry_from_geojson


class GeometryInputField(GeometryField):
    """A GeoJSON geometry object, parsed into GEOS; WGS84 unless the object names another CRS.

    djangorestframework-gis's field, with the project's reading of GeoJSON (geometry.py: a named CRS, coordinates
    checked) and its French messages instead of GEOS's."""

    default_error_messages = {
        "required": "Indiquez un lieu : un objet GeoJSON « geometry ».",
        "null": "Indiquez un lieu : un objet GeoJSON « geometry ».",
        "invalid": "Géométrie GeoJSON illisible : attendu un objet comme "
        '{{"type": "Point", "coordinates": [3.063, 50.637]}} ([longitude, latitude]).',
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("invalid")
        try:
            return geometry_from_geojson(data)
        except UnacceptedGeometry as error:
            raise serializers.ValidationError(str(error)) from None
        except ValueError:
            self.fail("invalid")
