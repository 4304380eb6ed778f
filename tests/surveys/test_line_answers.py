"""Map questions that take a route: « Carte : tracer un trajet », a LineString, through every path of an answer."""

import html
import json
import re

import pytest
from django.conf import settings
from django.contrib.gis.geos import LineString, Point
from django.core.exceptions import ValidationError

from geoparticipation.accounts.personal_data import personal_data_json
from geoparticipation.surveys import services
from geoparticipation.surveys.models import Answer, Question, Response, Survey
from geoparticipation.territory.models import Commune

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process
from .factories import make_survey, place_in, respondents, route_at

# A route through the centre of Lille that crosses itself (a bow tie).
BOW_TIE = LineString((3.060, 50.635), (3.066, 50.639), (3.066, 50.635), (3.060, 50.639), srid=4326)


@pytest.fixture
def survey(db):
    """One required line question."""
    return make_survey(make_process(), slug="trajets", kinds=("line",))


def line_question(survey):
    return survey.questions.get(kind=Question.Kind.LINE)


def url(survey, page=""):
    return f"/concertations/{survey.process.slug}/questionnaires/{survey.slug}/{page}"


def post(client, survey, geojson):
    response = client.post(url(survey), {f"question_{line_question(survey).pk}": geojson})
    return response, html.unescape(response.content.decode())


def test_the_line_kind_is_named_for_a_route():
    assert Question.Kind.LINE.label == "Carte : tracer un trajet"
    assert Question.Kind.LINE in Question.MAP_KINDS
    assert services.GEOMETRY_TYPES[Question.Kind.LINE] == ("LineString",)


def test_a_route_drawn_on_the_page_is_stored_in_lambert_93_in_the_commune_of_its_representative_point(
    client, survey, citizen
):
    client.force_login(citizen)
    response, _ = post(client, survey, route_at(*GRAND_PLACE_LILLE).geojson)

    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.geom.geom_type == "LineString" and answer.geom.srid == settings.STORAGE_SRID
    assert answer.commune.nom == "Lille"
    assert answer.response.user == citizen


def test_a_route_through_the_services_lands_in_its_commune(survey, citizen):
    services.response_create(survey=survey, user=citizen, answers={line_question(survey).pk: route_at(*MAIRIE_ROUBAIX)})
    assert Answer.objects.get().commune == Commune.objects.get(nom="Roubaix")


def test_the_saved_route_comes_back_in_the_field_to_be_changed(client, survey, citizen):
    client.force_login(citizen)
    post(client, survey, route_at(*GRAND_PLACE_LILLE).geojson)

    page = html.unescape(client.get(url(survey)).content.decode())
    assert '"type": "LineString"' in page
    assert 'data-survey-map="line"' in page and "Carte : tracez un trajet" in page
    assert "leaflet.draw.js" in page  # the drawing tool is loaded for a route as for an area


def test_a_route_that_crosses_itself_is_refused_in_french_and_nothing_is_stored(client, survey, citizen):
    client.force_login(citizen)
    response, page = post(client, survey, BOW_TIE.geojson)

    assert response.status_code == 400
    assert "Le trajet se recoupe : tracez-le sans qu'il se croise ni repasse sur lui-même." in page
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_route_that_goes_back_over_itself_is_refused_too(survey, citizen):
    there_and_back = LineString((3.060, 50.635), (3.070, 50.635), (3.065, 50.635), srid=4326)
    with pytest.raises(ValidationError, match="Le trajet se recoupe"):
        services.response_create(survey=survey, user=citizen, answers={line_question(survey).pk: there_and_back})
    assert not Response.objects.exists()


def test_a_route_outside_the_communes_of_the_question_is_refused_with_their_names(client, survey, citizen):
    line_question(survey).communes.set(Commune.objects.filter(nom__in=["Lille", "Tourcoing"]))
    client.force_login(citizen)
    response, page = post(client, survey, route_at(*MAIRIE_ROUBAIX).geojson)

    assert response.status_code == 400
    assert "hors de la zone de la question : placez-le dans l'une de ces communes : Lille, Tourcoing." in page
    assert not Answer.objects.exists()


def test_a_route_outside_the_territory_is_refused(client, survey, citizen):
    client.force_login(citizen)
    response, page = post(client, survey, route_at(*OUTSIDE_TERRITORY).geojson)

    assert response.status_code == 400
    assert "en dehors du territoire de la métropole" in page
    assert not Answer.objects.exists()


def test_a_point_given_to_a_line_question_is_refused_as_the_wrong_shape(client, survey, citizen):
    client.force_login(citizen)
    response, page = post(client, survey, Point(*GRAND_PLACE_LILLE, srid=4326).geojson)

    assert response.status_code == 400
    assert "Type de géométrie non accepté (Point) : attendu une ligne." in page
    assert not Answer.objects.exists()


def test_an_area_given_to_a_line_question_is_refused_by_the_services(survey, citizen):
    area = Point(*GRAND_PLACE_LILLE, srid=4326).buffer(0.001)
    with pytest.raises(ValidationError) as error:
        services.response_create(survey=survey, user=citizen, answers={line_question(survey).pk: area})
    assert error.value.message_dict == {
        f"question_{line_question(survey).pk}": ["Type de géométrie non accepté (Polygon) : attendu une ligne."]
    }
    assert not Response.objects.exists()


def test_an_unreadable_route_gets_an_example_of_what_is_expected(client, survey, citizen):
    client.force_login(citizen)
    response, page = post(client, survey, '{"type": "LineString", "coordinates": "ici"}')

    assert response.status_code == 400
    assert 'Trajet illisible : attendu une ligne GeoJSON comme {"type": "LineString"' in page
    assert not Answer.objects.exists()


def test_a_route_with_too_many_vertices_is_refused(client, survey, citizen):
    lon, lat = GRAND_PLACE_LILLE
    vertices = [(lon + i * 1e-6, lat + (i % 2) * 1e-6) for i in range(settings.MAX_GEOMETRY_VERTICES + 1)]
    client.force_login(citizen)
    response, page = post(client, survey, json.dumps({"type": "LineString", "coordinates": vertices}))

    assert response.status_code == 400
    assert f"le maximum est {settings.MAX_GEOMETRY_VERTICES}. Simplifiez le tracé." in page
    assert not Answer.objects.exists()


def results(client, survey):
    response = client.get(url(survey, "resultats/"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_results_map_counts_the_routes_per_commune_under_the_small_count_rule(client, db):
    survey = Survey.objects.create(process=make_process(), slug="trajets", title="Trajets", published=True)
    Question.objects.create(survey=survey, position=1, kind="line", text="Votre trajet")
    for nom, n in (("Lille", 6), ("Tourcoing", 7), ("Roubaix", 3)):
        respondents(survey, n, place_in(nom), prefix=nom.lower())

    page = results(client, survey)

    (counts,) = re.findall(r'<script id="counts-\d+" type="application/json">(.*?)</script>', page)
    # Roubaix's 3 are withheld, and Lille's 6 with them, as for any map question.
    assert json.loads(counts) == {"59350": "n.c.", "59599": 7, "59512": "n.c."}
    assert "Carte : tracer un trajet" in page
    assert '<th scope="row">Tourcoing</th><td>7</td>' in page
    assert '"coordinates"' not in page and "LineString" not in page


def test_the_survey_layer_counts_the_routes_per_commune(client, survey):
    respondents(survey, 5, GRAND_PLACE_LILLE)

    response = client.get("/ogc/collections/survey_answers/items", {"question": line_question(survey).pk})
    features = json.loads(b"".join(response.streaming_content))["features"]
    assert [(f["properties"]["commune_nom"], f["properties"]["answers"]) for f in features] == [("Lille", 5)]


def test_the_personal_data_download_gives_the_route_as_a_geojson_line(survey, citizen):
    route = route_at(*GRAND_PLACE_LILLE)
    services.response_create(survey=survey, user=citizen, answers={line_question(survey).pk: route})

    data = json.loads("".join(personal_data_json(citizen)))
    ((answer,),) = [response["answers"] for response in data["survey_responses"]]
    assert (answer["kind"], answer["geometry"]["type"]) == ("line", "LineString")
    exported = [coordinate for position in answer["geometry"]["coordinates"] for coordinate in position]
    assert exported == pytest.approx([coordinate for position in route.coords for coordinate in position], abs=1e-6)
