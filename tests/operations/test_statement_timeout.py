"""A request whose statement runs past the statement timeout is cancelled and answered 503, saying why, in the
format of its output, instead of holding a worker and a backend for as long as it takes."""

from xml.etree import ElementTree

import psycopg
import pytest
from django.db import connection

from ..factories import make_process

pytestmark = pytest.mark.django_db(transaction=True)

OWS = "{http://www.opengis.net/ows/1.1}"
TOO_LONG = "La demande a pris plus de 30 secondes et a été interrompue."


@pytest.fixture
def proposals_held(settings):
    """Another session holds the proposals table, so that a statement reading it waits until the timeout, here
    shortened to a fraction of a second (the message states the configured 30 seconds)."""
    settings.DATABASE_STATEMENT_TIMEOUT = 30
    process = make_process()
    database = connection.settings_dict
    other = psycopg.connect(
        dbname=database["NAME"], user=database["USER"], host=database["HOST"], port=database["PORT"]
    )
    other.execute("LOCK TABLE participation_proposal IN ACCESS EXCLUSIVE MODE")
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '300ms'")
    yield process
    with connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout")
    other.rollback()
    other.close()


def assert_too_long(response, content_type):
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.parametrize("path", ["/api/v1/proposals/", "/ogc/collections/proposals/items"])
def test_a_feed_whose_query_takes_too_long_says_so_in_json(client, proposals_held, path):
    response = client.get(path)

    assert_too_long(response, "application/json")
    body = response.json()
    assert (body.get("detail") or body.get("description")).startswith(TOO_LONG)


def test_a_wfs_request_that_takes_too_long_is_an_exception_report(client, proposals_held):
    response = client.get("/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals&COUNT=10")

    assert_too_long(response, "text/xml")
    text = ElementTree.fromstring(response.content).findtext(f".//{OWS}ExceptionText")
    assert "took more than 30 seconds and was cancelled" in text


def test_a_site_page_that_takes_too_long_explains_it_in_french(client, proposals_held):
    response = client.get(f"/concertations/{proposals_held.slug}/?q=velo")

    assert_too_long(response, "text/html")
    page = response.content.decode()
    assert "Demande trop longue" in page
    assert "plus de 30 secondes de calcul" in page


def test_the_connection_answers_again_at_once_after_a_cancelled_statement(client, proposals_held):
    client.get("/api/v1/proposals/")

    assert client.get("/api/v1/communes/").status_code == 200
