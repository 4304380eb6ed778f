"""A NUL character in a request is refused once for every address, before any view or database query.

PostgreSQL refuses NUL in text, so a NUL reaching a query (`?q=%00`, `/communes/%00/`, a form field) ends in a
500 wherever it goes. No address, parameter or form field of the project can mean one: the answer is a 400 in the
format of the address (OWS exception report for the WFS, OGC exception for the OGC API, JSON per field for the REST
API, plain text for tiles and downloads, a page for the site). JSON bodies are checked by the API's parser
(api/parsers.py), which reads them.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from gisserver.exceptions import InvalidParameterValue

from geoparticipation import outputs

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _shown(name):
    """A parameter's name as a message can show it: a NUL would make the XML of a WFS exception invalid."""
    return name.replace(NUL, "\\0")


def nul_parameters(request):
    """The names of the query parameters and form fields holding a NUL; "" stands for the address itself."""
    names = [""] if NUL in request.path_info else []
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists():
            if NUL in key or any(NUL in value for value in values):
                names.append(_shown(key))
    return names


def _text(message):
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def refusal(request, names):
    """The 400 for those parameters, in the format of the address."""
    output = outputs.output_of(request.path_info)
    where = "l'adresse" if names == [""] else ", ".join(f"« {name} »" for name in names if name)
    french = f"Caractère nul (U+0000) interdit dans {where}."
    if output == outputs.WFS:
        locator = next((name for name in names if name), "request")
        refused = InvalidParameterValue("A NUL character (U+0000) is not accepted in a request.", locator=locator)
        return refused.as_response()
    if output == outputs.OGC:
        return JsonResponse({"code": "InvalidParameterValue", "description": french}, status=400)
    if output == outputs.API:
        message = "Caractère nul (U+0000) interdit."
        detail = {name: [message] for name in names if name} or {"detail": french}
        return JsonResponse(detail, status=400)
    if output in (outputs.TILES, outputs.DOWNLOADS, outputs.CATALOGUE):
        return _text(french)
    return render(request, "web/bad_request.html", status=400)


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if names := nul_parameters(request):
            return refusal(request, names)
        return self.get_response(request)
