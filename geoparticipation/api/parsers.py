from django.conf import settings
from rest_framework import exceptions, parsers, status


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class JSONParser(parsers.JSONParser):
    """JSON and GeoJSON bodies, refused before parsing when larger than any sane contribution."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            raise PayloadTooLarge(
                f"Requête trop volumineuse ({length // 1024} Kio, maximum {limit // 1024} Kio) : "
                f"une géométrie ne peut pas dépasser {settings.MAX_GEOMETRY_VERTICES} sommets."
            )
        return super().parse(stream, media_type, parser_context)


class GeoJSONParser(JSONParser):
    media_type = "application/geo+json"
