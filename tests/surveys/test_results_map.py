"""The map of a map question's answers in the public results: the table's counts per commune, nothing more."""

import json
import re

import pytest
from django.utils import translation

from geoparticipation.surveys.models import Question, Survey
from geoparticipation.surveys.privacy import commune_cells, count_text

from ..factories import make_process
from .factories import place_in, respondents


@pytest.fixture
def survey(db):
    """Answers to « Lieu » placed in Lille (6), Tourcoing (7) and Roubaix (3)."""
    survey = Survey.objects.create(process=make_process(), slug="lieux", title="Lieux", published=True)
    Question.objects.create(survey=survey, position=1, kind="point", text="Lieu")
    for nom, n in (("Lille", 6), ("Tourcoing", 7), ("Roubaix", 3)):
        respondents(survey, n, place_in(nom), prefix=nom.lower())
    return survey


def results(client, survey):
    response = client.get(f"/concertations/{survey.process.slug}/questionnaires/{survey.slug}/resultats/")
    assert response.status_code == 200
    return response.content.decode()


def map_counts(page):
    (counts,) = re.findall(r'<script id="counts-\d+" type="application/json">(.*?)</script>', page)
    return json.loads(counts)


def test_the_map_gets_the_published_count_of_each_commune_and_n_c_for_three_answers(client, survey):
    page = results(client, survey)

    # Roubaix's 3 are withheld, and Lille's 6 with them (the smallest count of 5 or more, as in the table).
    assert map_counts(page) == {"59350": "n.c.", "59599": 7, "59512": "n.c."}
    assert 'data-gp-map="survey-answers"' in page
    assert '<th scope="row">Roubaix</th><td>n.c.</td>' in page  # the table stays
    assert "n.c. : nombre non communiqué" in page  # the legend names the mark


def test_no_place_of_an_answer_reaches_the_page(client, survey):
    page = results(client, survey)

    for nom in ("Lille", "Tourcoing", "Roubaix"):
        lon, lat = place_in(nom)
        assert f"{lon:.4f}" not in page and f"{lat:.4f}" not in page
    assert '"coordinates"' not in page and "SRID=" not in page


def test_a_question_with_fewer_than_five_answers_everywhere_has_no_map(client, db):
    survey = Survey.objects.create(process=make_process(), slug="rares", title="Rares", published=True)
    Question.objects.create(survey=survey, position=1, kind="point", text="Lieu")
    respondents(survey, 3, place_in("Roubaix"))

    page = results(client, survey)

    assert 'data-gp-map="survey-answers"' not in page
    assert "la répartition par commune n'est pas publiée" in page


def test_published_counts_group_their_thousands_in_the_page_language():
    assert count_text(238246) == "238\u202f246"
    assert commune_cells([("Lille", 1234), ("Roubaix", 5678)]) == [("Lille", "1\u202f234"), ("Roubaix", "5\u202f678")]
    with translation.override("en"):
        assert count_text(1234) == "1,234"
    assert count_text(3) == "< 5"
