"""Conditional GET for every feed: a client polling every few minutes gets a 304 while nothing changed."""

import hashlib

from django.db import connections
from django.views.decorators.http import condition

from geoparticipation.replicas import read_alias


def data_version():
    """(version, modified) of the published data; it changes in the same transaction as the data."""
    with connections[read_alias()].cursor() as cursor:
        cursor.execute("SELECT version, modified FROM layers_data_version WHERE id = 1")
        return cursor.fetchone()


def _request_version(request):
    if not hasattr(request, "_layers_data_version"):
        request._layers_data_version = data_version()
    return request._layers_data_version


def _etag(request, *args, **kwargs):
    version, _ = _request_version(request)
    key = f"{version}|{request.path}|{request.META.get('QUERY_STRING', '')}|{request.headers.get('Accept', '')}"
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def _last_modified(request, *args, **kwargs):
    return _request_version(request)[1]


conditional_feed = condition(etag_func=_etag, last_modified_func=_last_modified)
