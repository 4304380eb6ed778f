"""A question that takes a route in the survey builder: who adds it, its communes, its lock once answered."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from geoparticipation.surveys import builder, services
from geoparticipation.surveys.models import Question, Survey
from geoparticipation.territory.models import Commune
from tests.factories import GRAND_PLACE_LILLE
from tests.surveys.factories import route_at

from ..conftest import LILLE, ROUBAIX


@pytest.fixture
def survey(process):
    return Survey.objects.create(process=process, slug="trajets", title="Vos trajets", published=False)


def add_line(client, survey):
    return client.post(
        reverse("console:survey", args=[survey.process.slug, survey.pk]),
        {
            "action": "add_question",
            "new-kind": "line",
            "new-text": "Votre trajet",
            "new-required": "on",
            "new-communes": [Commune.objects.get(insee=LILLE).pk],
        },
    )


@pytest.mark.parametrize("who", ["administrator", "process_officer"])
def test_the_space_s_officers_add_a_line_question_with_its_communes(client, request, survey, who):
    client.force_login(request.getfixturevalue(who))
    response = add_line(client, survey)

    assert response.status_code == 302
    question = survey.questions.get()
    assert (question.kind, question.text, question.required) == (Question.Kind.LINE, "Votre trajet", True)
    assert list(question.communes.values_list("insee", flat=True)) == [LILLE]
    page = client.get(response["Location"]).content.decode()
    assert "</span> · Carte : tracer un trajet</h3>" in page
    assert '<option value="line">Carte : tracer un trajet</option>' in page


@pytest.mark.parametrize(("who", "status"), [("other_officer", 403), ("commune_officer", 403), ("citizen", 403)])
def test_the_others_add_no_line_question(client, request, survey, who, status):
    client.force_login(request.getfixturevalue(who))
    assert add_line(client, survey).status_code == status
    assert not survey.questions.exists()


def test_an_anonymous_visitor_adds_no_line_question(client, survey):
    response = add_line(client, survey)
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    assert not survey.questions.exists()


def test_the_preview_of_a_line_question_has_the_route_map_and_the_drawing_tool(client, process_officer, survey):
    builder.question_add(survey=survey, kind="line", text="Votre trajet")
    client.force_login(process_officer)
    page = client.get(reverse("console:survey_preview", args=[survey.process.slug, survey.pk])).content.decode()
    assert 'data-survey-map="line"' in page and "leaflet.draw.js" in page


def test_once_answered_the_line_question_keeps_its_communes(survey, citizen):
    question = builder.question_add(
        survey=survey, kind="line", text="Votre trajet", communes=Commune.objects.filter(insee=LILLE)
    )
    survey.published = True
    survey.save()
    services.response_create(survey=survey, user=citizen, answers={question.pk: route_at(*GRAND_PLACE_LILLE)})

    with pytest.raises(ValidationError, match="1 réponse"):
        builder.question_update(question=question, communes=Commune.objects.filter(insee__in=[LILLE, ROUBAIX]))
    assert list(question.communes.values_list("insee", flat=True)) == [LILLE]
    builder.question_update(question=question, help_text="Du départ à l'arrivée")


def test_a_duplicate_keeps_the_line_question_and_its_communes(survey):
    builder.question_add(survey=survey, kind="line", text="Votre trajet", communes=Commune.objects.filter(insee=LILLE))
    copy = builder.survey_duplicate(survey=survey)
    question = copy.questions.get()
    assert question.kind == Question.Kind.LINE
    assert list(question.communes.values_list("insee", flat=True)) == [LILLE]
