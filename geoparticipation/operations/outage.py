"""While the database does not answer: 503 Service Unavailable with Retry-After, in the format of each output. A
statement cancelled by the statement timeout (settings.DATABASE_STATEMENT_TIMEOUT) is a 503 too, saying so.

A lost database raises OperationalError or InterfaceError (Django's, or psycopg's where a cursor is used raw)
wherever the first query happens: in a view, a decorator, a template, the session or the user behind
`request.user`. DatabaseUnavailableMiddleware answers those raised while the view runs (templates included);
`server_error`, the project's handler500, answers those raised by a middleware (a session saved on the way out;
with DEBUG on, Django shows its debug page for those instead).
A streamed page that fails after its first bytes can only be cut short: the OGC API and the WFS read their first
rows before they answer, so an outage before the request is still a 503.

The answers never touch the database: the site's page is rendered without a request, so that no context processor,
session or user menu runs.
"""

import logging
import sys

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from gisserver.exceptions import OperationProcessingFailed

from geoparticipation import outputs

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


def is_database_unavailable(exc):
    """Whether `exc`, or the error it was raised from, says that the database does not answer."""
    while exc is not None:
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return True
        exc = exc.__cause__
    return False


def is_statement_timeout(exc):
    """Whether `exc`, or the error it was raised from, is a statement cancelled by the statement timeout."""
    while exc is not None:
        if isinstance(exc, psycopg.errors.QueryCanceled):
            return True
        exc = exc.__cause__
    return False


def _message(too_long=False):
    if too_long:
        return (
            f"La demande a pris plus de {settings.DATABASE_STATEMENT_TIMEOUT} secondes et a été interrompue. "
            "Restreignez-la (une zone, un filtre, une page plus courte) ou téléchargez les données "
            "(/opendata/), puis réessayez."
        )
    return (
        "Le service est momentanément indisponible : la base de données ne répond pas. "
        f"Réessayez dans {settings.DATABASE_RETRY_AFTER} secondes."
    )


class _Unavailable(OperationProcessingFailed):
    """The WFS's own exception report (OWS 1.1), with the status of an outage."""

    status_code = 503
    reason = "Service Unavailable"
    debug_hint = False


def _wfs(too_long):
    if too_long:
        text = (
            f"The request took more than {settings.DATABASE_STATEMENT_TIMEOUT} seconds and was cancelled: narrow it "
            "(a BBOX, a filter, a smaller COUNT) or download the data from /opendata/."
        )
    else:
        text = (
            "The service is temporarily unavailable: the database does not answer. "
            f"Retry in {settings.DATABASE_RETRY_AFTER} seconds."
        )
    return _Unavailable(text).as_response()


def _ogc(too_long):
    return JsonResponse({"code": "ServiceUnavailable", "description": _message(too_long)}, status=503)


def _detail(too_long):
    return JsonResponse({"detail": _message(too_long)}, status=503)


def _page(too_long):
    try:
        html = render_to_string(
            "503.html",
            {
                "retry_after": settings.DATABASE_RETRY_AFTER,
                "too_long": too_long,
                "timeout": settings.DATABASE_STATEMENT_TIMEOUT,
            },
        )
    except Exception:
        # Whatever else is broken (a missing static manifest), this answer must not become a 500.
        logger.exception("The 503 page could not be rendered")
        html = (
            '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Service indisponible</title>'
            f"<p>{_message(too_long)}"
        )
    return HttpResponse(html, status=503)


# The answer for each output; the citizen site's page (the back-office's, the catalogue's) for the others.
ANSWERS = {
    outputs.API: _detail,
    outputs.WFS: _wfs,
    outputs.OGC: _ogc,
    outputs.TILES: _detail,
    outputs.DOWNLOADS: _detail,
    outputs.HEALTH: _detail,
}


def unavailable_response(request, too_long=False):
    """The 503 for `request`'s output, with Retry-After, built without the database; `too_long` for a statement the
    statement timeout cancelled."""
    response = ANSWERS.get(outputs.output_of(request.path_info), _page)(too_long)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def database_error_response(request, exception):
    """The 503 for an exception of the database raised while a view ran; None for any other exception."""
    if is_statement_timeout(exception):
        logger.warning("Statement timeout during %s %s", request.method, request.get_full_path())
        return unavailable_response(request, too_long=True)
    if not is_database_unavailable(exception):
        return None
    logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
    return unavailable_response(request)


class DatabaseUnavailableMiddleware:
    """Answers 503 for a database that does not answer while the view runs (templates included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return database_error_response(request, exception)


def server_error(request):
    """handler500: a 503 when the uncaught error is the database's (raised by a middleware), else Django's 500."""
    error = sys.exc_info()[1]
    if is_statement_timeout(error):
        return unavailable_response(request, too_long=True)
    if is_database_unavailable(error):
        return unavailable_response(request)
    return defaults.server_error(request)
