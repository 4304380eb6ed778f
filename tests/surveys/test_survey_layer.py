import json
import re

from layers.definitions import survey_answers

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX
from .factories import question, respondents

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+\.[\w.-]+")


def items(client, **params):
    response = client.get("/ogc/collections/survey_answers/items", params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return text, json.loads(text)["features"]


def by_commune(features):
    return {f["properties"]["commune_nom"]: f["properties"] for f in features}


def test_map_answers_are_published_counted_per_commune_with_the_commune_outline(client, survey):
    respondents(survey, 5, GRAND_PLACE_LILLE)
    _, features = items(client)

    point_question = question(survey, "point")
    lille = {f["id"]: f for f in features}[f"{point_question.pk}-59350"]
    assert lille["geometry"]["type"] == "MultiPolygon"
    assert lille["properties"] == {
        "id": f"{point_question.pk}-59350",
        "process": "plan-climat",
        "survey": "deplacements",
        "question": point_question.pk,
        "prompt": "Question point",
        "commune_insee": "59350",
        "commune_nom": "Lille",
        "answers": 5,
        "suppressed": False,
    }
    assert len(features) == 2  # the point question and the area question, both in Lille


def test_a_small_count_is_suppressed_in_the_layer_with_the_count_that_would_give_it_away(client, survey):
    respondents(survey, 5, GRAND_PLACE_LILLE)
    respondents(survey, 4, MAIRIE_ROUBAIX, prefix="roubaisien")
    _, features = items(client, question=question(survey, "point").pk)

    communes = by_commune(features)
    assert (communes["Roubaix"]["answers"], communes["Roubaix"]["suppressed"]) == (None, True)
    # Lille's 5 beside the total of 9 on the results page would give Roubaix's 4.
    assert (communes["Lille"]["answers"], communes["Lille"]["suppressed"]) == (None, True)


def test_the_layer_never_holds_private_concertation_answers_nor_any_email_or_pseudonym(client, survey, private_survey):
    respondents(survey, 5, GRAND_PLACE_LILLE)
    respondents(private_survey, 6, MAIRIE_ROUBAIX, prefix="membre")
    text, features = items(client)

    assert {f["properties"]["process"] for f in features} == {"plan-climat"}
    assert "Roubaix" not in text
    assert "@" not in text and "repondant" not in text and "membre" not in text
    assert set(survey_answers.queryset().values_list("process", flat=True)) == {"plan-climat"}

    wfs = client.get(
        "/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "survey_answers"}
    )
    gml = b"".join(wfs.streaming_content).decode() if wfs.streaming else wfs.content.decode()
    assert wfs.status_code == 200
    assert "Lille" in gml and "Roubaix" not in gml
    assert not EMAIL.search(gml) and "repondant" not in gml


def test_the_wfs_capabilities_list_the_survey_answers_layer(client, db):
    response = client.get("/wfs", {"SERVICE": "WFS", "REQUEST": "GetCapabilities"})
    assert response.status_code == 200
    assert "<Name>gp:survey_answers</Name>" in response.content.decode()
