"""The short path of a tile through the middleware, for the thousands of warm tiles a second that a map asks for."""

from django.urls import Resolver404, resolve

from geoparticipation.nul_bytes import nul_parameters, refusal
from geoparticipation.operations.outage import database_error_response

SAFE_METHODS = ("GET", "HEAD")


class TileMiddleware:
    """Answers GET and HEAD /tiles/{layer}/{z}/{x}/{y}.pbf without the middleware that follows it in settings:
    sessions, language, CSRF, authentication, messages, frame options and login lockout, which a tile reads none
    of, and which took about a quarter of a warm tile's time in Django. What comes before it still applies
    (security headers, CORS, the read limit) and the 503 of a lost database is the same. Of what it skips, a tile
    needs the NUL refusal and a Content-Length; it gives up Content-Language and Vary: Accept-Language, since its
    bytes are the same in every language, and X-Frame-Options, which means nothing to a tile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS or not request.path_info.startswith("/tiles/"):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.url_name != "tiles-tile":
            return self.get_response(request)
        request.resolver_match = match
        if names := nul_parameters(request):
            response = refusal(request, names)
        else:
            try:
                response = match.func(request, *match.args, **match.kwargs)
            except Exception as exception:
                # The handler calls DatabaseUnavailableMiddleware.process_exception only for the views it runs.
                response = database_error_response(request, exception)
                if response is None:
                    raise
        response["Content-Length"] = str(len(response.content))
        return response
