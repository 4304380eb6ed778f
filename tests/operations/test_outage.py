"""While the database does not answer, every output says so with a 503 and Retry-After, in its own format."""

from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.usefixtures("database_down")

UNAVAILABLE = "Le service est momentanément indisponible : la base de données ne répond pas."
OWS = "{http://www.opengis.net/ows/1.1}"


def assert_unavailable(response, content_type):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/proposals/",
        "/api/v1/proposals/1/comments/",
        "/tiles/proposals/14/8331/5511.pbf",
        "/tiles/proposals.json",
        "/opendata/proposals.gpkg",
        "/opendata/rasters/density.png",
        "/opendata/catalog.jsonld",
    ],
)
def test_the_api_tiles_and_downloads_answer_503_with_a_french_json_detail(client, path):
    response = client.get(path)

    assert_unavailable(response, "application/json")
    assert response.json()["detail"].startswith(UNAVAILABLE)
    assert "Réessayez dans 30 secondes." in response.json()["detail"]


def test_a_contribution_posted_with_a_token_is_a_503_too(client):
    response = client.post(
        "/api/v1/proposals/", {"title": "x"}, content_type="application/json", HTTP_AUTHORIZATION="Token abc"
    )

    assert_unavailable(response, "application/json")
    assert response.json()["detail"].startswith(UNAVAILABLE)


@pytest.mark.parametrize(
    "query",
    [
        "service=WFS&request=GetCapabilities",
        "service=WFS&version=2.0.0&request=GetFeature&typeNames=proposals&outputFormat=application/json",
        "service=WFS&version=2.0.0&request=GetFeature&typeNames=proposals",
    ],
)
def test_the_wfs_answers_503_with_an_ows_exception_report(client, query):
    response = client.get(f"/wfs?{query}")

    assert_unavailable(response, "text/xml")
    report = ElementTree.fromstring(response.content)
    assert report.tag == f"{OWS}ExceptionReport"
    exception = report.find(f"{OWS}Exception")
    assert exception.get("exceptionCode") == "OperationProcessingFailed"
    assert "the database does not answer" in exception.findtext(f"{OWS}ExceptionText")


@pytest.mark.parametrize("path", ["/ogc/", "/ogc/collections", "/ogc/collections/proposals/items?limit=10"])
def test_the_ogc_api_answers_503_with_its_exception_document(client, path):
    response = client.get(path)

    assert_unavailable(response, "application/json")
    assert response.json()["code"] == "ServiceUnavailable"
    assert response.json()["description"].startswith(UNAVAILABLE)


@pytest.mark.parametrize("path", ["/", "/concertations/plan-climat/", "/communes/59350/", "/opendata/"])
def test_the_site_shows_a_french_page_that_asks_to_come_back_later(client, path):
    response = client.get(path)

    assert_unavailable(response, "text/html")
    page = response.content.decode()
    assert "<h1>Service momentanément indisponible</h1>" in page
    assert "Réessayez dans 30 secondes." in page
    assert 'href="/static/css/site.css"' in page  # in the site's look


def test_a_signed_in_visitor_sees_the_page_too_without_the_account_menu(client):
    client.cookies["sessionid"] = "a" * 32  # reading the session is the first query of the page

    response = client.post("/concertations/plan-climat/propositions/nouvelle/", {"title": "Un banc"})

    assert_unavailable(response, "text/html")
    assert "Service momentanément indisponible" in response.content.decode()
    assert "Mon compte" not in response.content.decode()


def test_the_wait_asked_follows_the_setting(client, settings):
    settings.DATABASE_RETRY_AFTER = 5

    response = client.get("/")

    assert response["Retry-After"] == "5"
    assert "Réessayez dans 5 secondes." in response.content.decode()


class ReadsTheDatabase:
    """A middleware that queries the database before the view, as a throttling middleware does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return self.get_response(request)


class Broken:
    def __init__(self, get_response):
        pass

    def __call__(self, request):
        raise RuntimeError("a bug")


def test_a_database_lost_inside_a_middleware_is_a_503_as_well(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.ReadsTheDatabase"]
    client = Client(raise_request_exception=False)

    assert_unavailable(client.get("/api/v1/proposals/"), "application/json")
    assert_unavailable(client.get("/communes/"), "text/html")


def test_a_bug_is_still_a_500(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.Broken"]

    response = Client(raise_request_exception=False).get("/communes/")

    assert response.status_code == 500
    assert not response.has_header("Retry-After")
