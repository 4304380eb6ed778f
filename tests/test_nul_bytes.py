"""A NUL character anywhere in a request is a 400 in the format of the address, before any query (PostgreSQL refuses
NUL in text: each of these was a 500)."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from geoparticipation.participation.models import Proposal

OWS = "{http://www.opengis.net/ows/1.1}"


@pytest.mark.django_db
def test_a_nul_in_a_rest_api_parameter_is_a_400_naming_the_parameter_in_french():
    response = Client().get("/api/v1/proposals/", {"q": "\x00"})
    assert response.status_code == 400
    assert response.json() == {"q": ["Caractère nul (U+0000) interdit."]}


@pytest.mark.django_db
def test_a_nul_in_the_address_of_the_rest_api_is_a_json_400():
    response = Client().get("/api/v1/communes/%00/")
    assert response.status_code == 400
    assert "Caractère nul" in response.json()["detail"]


@pytest.mark.django_db
def test_a_nul_in_an_ogc_api_filter_is_an_ogc_exception_in_french():
    response = Client().get("/ogc/collections/proposals/items", {"title": "a\x00b"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "InvalidParameterValue",
        "description": "Caractère nul (U+0000) interdit dans « title ».",
    }


@pytest.mark.django_db
def test_a_nul_in_a_wfs_parameter_is_an_exception_report_naming_it():
    response = Client().get("/wfs", {"SERVICE": "WFS", "REQUEST": "GetFeature", "TYPENAMES": "proposals\x00"})
    assert response.status_code == 400
    exception = ET.fromstring(response.content).find(f"{OWS}Exception")
    assert exception.get("exceptionCode") == "InvalidParameterValue"
    assert exception.get("locator") == "TYPENAMES"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/tiles/proposals/14/8331/5511.pbf?process=%00", "/opendata/proposals.geojson?process=%00"]
)
def test_a_nul_in_a_tile_or_download_parameter_is_a_plain_text_400(url):
    response = Client().get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text == "Caractère nul (U+0000) interdit dans « process ».\n"


@pytest.mark.django_db
def test_a_nul_in_the_address_of_a_page_is_a_page_in_french():
    response = Client().get("/communes/%00/")
    assert response.status_code == 400
    assert '<html lang="fr">' in response.text
    assert "Cette adresse n" in response.text and "est pas valable" in response.text


@pytest.mark.django_db
def test_a_nul_in_the_address_of_a_page_is_a_page_in_english_for_an_english_reader():
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/communes/%00/")
    assert response.status_code == 400
    assert "This address is not valid" in response.text


def test_a_nul_in_a_form_is_refused_and_nothing_is_stored(client, citizen, process):
    client.force_login(citizen)
    response = client.post(
        f"/concertations/{process.slug}/propositions/nouvelle/",
        {"title": "Un banc", "body": "Ici", "theme": "\x00", "lon": "3.063", "lat": "50.637"},
    )
    assert response.status_code == 400
    assert "caractère nul" in response.text
    assert not Proposal.objects.exists()
