"""The outlines every web map draws: one cached, compressed document."""

from django.http import HttpResponse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition, require_safe

from . import selectors, services

# A day, then asked again with the ETag (a 304 while the communes have not changed).
MAX_AGE = 86400


@gzip_page
@require_safe
@condition(etag_func=lambda request: selectors.outlines_etag())
def outlines(request):
    document = services.outlines()
    response = HttpResponse(document.geojson, content_type="application/geo+json")
    response["ETag"] = f'"{document.etag}"'
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
