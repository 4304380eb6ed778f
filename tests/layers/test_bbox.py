"""Bounding boxes on every feed: the REST API, the OGC API and WFS read them alike and refuse the same bad ones."""

import xml.etree.ElementTree as ET

import pytest

from layers import bbox

OWS = "{http://www.opengis.net/ows/1.1}"
BAD_BOXES = {
    "swapped corners": "3.07,50.65,3.05,50.62",
    "an empty box": "3.05,50.62,3.05,50.65",
    "three numbers": "3.05,50.62,3.07",
    "a word": "3.05,50.62,3.07,nord",
    "infinity": "3.05,50.62,inf,50.65",
    "not a number": "nan,50.62,3.07,50.65",
    "an overflowing number": "3.05,50.62,1e999,50.65",
}


@pytest.mark.parametrize("value", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_a_bad_box_is_refused_with_a_message_in_french_and_in_english(value):
    with pytest.raises(bbox.BadBox) as error:
        bbox.parse(value, 4326)
    assert str(error.value).startswith("bbox : ") and value in str(error.value)
    assert error.value.english.startswith("The box ") or error.value.english.startswith("Expected a box")


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_the_rest_api_answers_a_bad_box_with_a_400_naming_bbox(client, value):
    response = client.get("/api/v1/proposals/", {"bbox": value})

    assert response.status_code == 400
    assert response.json()["bbox"][0].startswith("bbox : ")


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_the_ogc_api_answers_a_bad_box_with_an_ogc_exception(client, value):
    response = client.get("/ogc/collections/proposals/items", {"bbox": value})

    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"
    assert response.json()["description"].startswith("bbox : ")


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_wfs_answers_a_bad_box_with_an_exception_report_on_bbox(client, value):
    params = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "proposals"}
    response = client.get("/wfs", {**params, "BBOX": f"{value},urn:ogc:def:crs:OGC::CRS84"})

    assert response.status_code == 400
    exception = ET.fromstring(response.content).find(f"{OWS}Exception")
    assert exception.get("locator") == "bbox"
    assert "box" in exception.findtext(f"{OWS}ExceptionText")
