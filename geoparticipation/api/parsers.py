from django.conf import settings
from rest_framework import exceptions, parsers, status

# The deepest sane body is a Feature holding a MultiPolygon (Feature, geometry, polygons, rings, positions): 6
# levels. Python's json gives up with a RecursionError near 1,000 levels, which DRF does not catch.
MAX_JSON_DEPTH = 32


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        super().__init__(
            f"Requête trop volumineuse (maximum {limit} Kio) : "
            f"une géométrie ne peut pas dépasser {settings.MAX_GEOMETRY_VERTICES} sommets."
        )


def check_json(data):
    """Refuses, as a 400, a parsed body nested deeper than MAX_JSON_DEPTH, or holding a NUL character (PostgreSQL
    refuses NUL in text, so it would end in a 500 wherever the text goes: the message names its field). Iterative,
    so that the depth costs no recursion."""
    pending = [(data, 1, "non_field_errors")]
    while pending:
        value, depth, field = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise exceptions.ParseError(f"JSON trop imbriqué : au plus {MAX_JSON_DEPTH} niveaux.")
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    raise exceptions.ValidationError({field: ["Caractère nul (U+0000) interdit dans un nom de champ."]})
                pending.append((item, depth + 1, key))
        elif isinstance(value, list):
            pending.extend((item, depth + 1, field) for item in value)
        elif isinstance(value, str) and "\x00" in value:
            raise exceptions.ValidationError({field: ["Caractère nul (U+0000) interdit."]})


class JSONParser(parsers.JSONParser):
    """JSON bodies, refused before parsing when larger than any sane contribution, and after it when nested deeper
    than any."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise PayloadTooLarge()
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(f"JSON trop imbriqué : au plus {MAX_JSON_DEPTH} niveaux.") from None
        check_json(data)
        return data


class GeoJSONParser(JSONParser):
    media_type = "application/geo+json"
