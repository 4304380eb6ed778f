"""Query parameters of the list endpoints: checked, so that a typo is a 400 and not a silently ignored filter."""

from django.conf import settings
from rest_framework.exceptions import ValidationError

from layers import bbox
from layers.params import unknown_parameters

PAGING_PARAMS = {"page", "page_size", "format"}


def check_params(request, allowed):
    if message := unknown_parameters(request.query_params, set(allowed) | PAGING_PARAMS):
        raise ValidationError({"detail": message})


def parse_bbox(value):
    """`minlon,minlat,maxlon,maxlat` in WGS84, as the geometry that filters the layer."""
    try:
        return bbox.parse(value, settings.API_SRID)
    except bbox.BadBox as error:
        raise ValidationError({"bbox": [str(error)]}) from None
