"""Sending a stored file once its view has checked that the reader may see what it belongs to."""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse

from .models import StoredFile


def file_response(stored: StoredFile, *, thumbnail=False):
    """The file itself, or with MEDIA_ACCEL_REDIRECT an empty answer that has nginx send it (no worker held while a
    10 MB PDF goes to a slow phone). Kept in private caches only: content hidden later must not stay in a proxy's."""
    field = stored.thumbnail if thumbnail else stored.file
    if not field.name:
        raise Http404
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse()
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + quote(field.name)
    else:
        try:
            response = FileResponse(default_storage.open(field.name, "rb"))
        except FileNotFoundError:
            raise Http404 from None
    response["Content-Type"] = stored.content_type
    disposition = "inline" if stored.is_image else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(stored.original_name)}"
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
