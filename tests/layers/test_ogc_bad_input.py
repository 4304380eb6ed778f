"""Bad values of the OGC API's typed parameters (dates, booleans, integers) get a 400 with a French OGC exception;
each was a 500 from PostgreSQL, or from Python's date parser."""

import json

import pytest
from django.test import Client

ITEMS = "/ogc/collections/{}/items"


def get(layer_id, **params):
    response = Client().get(ITEMS.format(layer_id), params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, json.loads(body)


def assert_refused(response, body, *words):
    assert response.status_code == 400
    assert body["code"] == "InvalidParameterValue"
    for word in words:
        assert word in body["description"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "layer_id, params, expected",
    [
        ("proposals", {"published_at": ""}, "une date RFC 3339"),
        ("meetings", {"start_time": "x"}, "une date RFC 3339"),
        ("survey_answers", {"suppressed": ""}, "true ou false"),
        ("survey_answers", {"suppressed": "peut-être"}, "true ou false"),
        ("proposals", {"supports_count": "99999999999999999999"}, "un entier d'au plus 2147483647"),
        ("proposals", {"supports_count": "1.5"}, "un entier"),
        ("communes", {"contributions_per_1000": "NaN"}, "un nombre"),
    ],
    ids=[
        "empty date",
        "date that is a letter",
        "empty boolean",
        "boolean that is a word",
        "huge integer",
        "decimal integer",
        "NaN",
    ],
)
def test_a_bad_value_of_a_typed_column_is_a_400_saying_what_was_expected(layer_id, params, expected):
    response, body = get(layer_id, **params)
    assert_refused(response, body, list(params)[0], expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        "2020-13-01T00:00:00Z",
        "2020-01-01T25:00:00Z",
        "2020-02-30T00:00:00Z",
        "2020-02-30",
        "2020-01-01T00:00:00+99:00",
        "0001-01-01T00:00:00+01:00",
        "2020-01-01T00:00:00Z/2020-02-30",
    ],
    ids=[
        "month 13",
        "hour 25",
        "February 30",
        "February 30 as a date",
        "offset of 99 hours",
        "before year 1",
        "end of an interval",
    ],
)
def test_a_datetime_that_does_not_exist_is_a_400(value):
    response, body = get("proposals", datetime=value)
    assert_refused(response, body, "datetime", "RFC 3339")


@pytest.mark.django_db
def test_a_paging_cursor_beyond_bigint_is_a_400():
    response, body = get("proposals", after="9223372036854775808")
    assert_refused(response, body, "after")


def test_an_offset_beyond_what_postgresql_takes_still_finds_the_instant(published):
    # +16:00 is valid RFC 3339, but PostgreSQL takes offsets up to 15:59: the instant is sent in UTC.
    response, body = get("proposals", datetime="2000-01-01T16:00:00+16:00/..")
    assert response.status_code == 200
    assert body["numberReturned"] == len(published.public_proposals)


def test_typed_filters_still_find_what_they_name(published):
    first = published.public_proposals[0]
    first.refresh_from_db()
    response, body = get("proposals", published_at=first.published_at.isoformat(), supports_count="0")
    assert response.status_code == 200
    assert [feature["id"] for feature in body["features"]] == [first.pk]
    response, body = get("survey_answers", suppressed="false")
    assert response.status_code == 200
    assert body["features"] and all(not f["properties"]["suppressed"] for f in body["features"])


@pytest.mark.django_db
def test_the_openapi_description_states_the_type_of_each_typed_column():
    description = json.loads(Client().get("/ogc/api").content)
    parameters = {
        (path, p["name"]): p["schema"]
        for path, item in description["paths"].items()
        for p in item["get"].get("parameters", [])
    }
    assert parameters["/collections/proposals/items", "published_at"] == {"type": "string", "format": "date-time"}
    assert parameters["/collections/survey_answers/items", "suppressed"] == {"type": "boolean"}
    assert parameters["/collections/proposals/items", "supports_count"]["type"] == "integer"
