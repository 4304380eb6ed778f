"""/sante/: whether the database answers, for a load balancer that asks every few seconds."""

import psycopg
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def database_answers():
    """Whether the database answers `SELECT 1` within HEALTH_CHECK_TIMEOUT.

    On a connection of its own, opened with the project's parameters and both timeouts: Django's connection
    would wait as long as its own settings say, and an error there would mark it for the rest of the request.
    """
    timeout = settings.HEALTH_CHECK_TIMEOUT
    params = connection.get_connection_params()
    params["connect_timeout"] = timeout
    params["options"] = f"{params.get('options', '')} -c statement_timeout={timeout * 1000}".strip()
    try:
        with psycopg.connect(**params, autocommit=True) as database:
            database.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


@never_cache
@require_safe
def health(request):
    if database_answers():
        return JsonResponse({"database": "ok"})
    response = JsonResponse({"database": "indisponible"}, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    return response
