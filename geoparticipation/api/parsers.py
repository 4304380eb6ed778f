from django.conf import settings
from rest_framework import exceptions, parsers, status


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        super().__init__(
            f"Requête trop volumineuse (maximum {limit} Kio) : "
            f"une géométrie ne peut pas dépasser {settings.MAX_GEOMETRY_VERTICES} sommets."
        )


class JSONParser(parsers.JSONParser):
    """JSON bodies, refused before parsing when larger than any sane contribution."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise PayloadTooLarge()
        return super().parse(stream, media_type, parser_context)


class GeoJSONParser(JSONParser):
    media_type = "application/geo+json"
