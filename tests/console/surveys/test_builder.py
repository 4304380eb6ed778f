"""The survey builder's pages and services: who opens them, the order of questions, the lock, the allowed area."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from geoparticipation.surveys import builder, services
from geoparticipation.surveys.models import Question, Survey
from geoparticipation.territory.models import Commune
from tests.factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, point
from tests.surveys.factories import make_survey

from ..conftest import LILLE, ROUBAIX


@pytest.fixture
def survey(process):
    return make_survey(process, kinds=("single", "text", "scale"))


@pytest.fixture
def answered(survey, citizen):
    services.response_create(survey=survey, user=citizen, answers={})
    return survey


def _urls(survey):
    slug = survey.process.slug
    return [
        reverse("console:space_surveys", args=[slug]),
        reverse("console:survey", args=[slug, survey.pk]),
        reverse("console:survey_preview", args=[slug, survey.pk]),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("administrator", 200),
        ("process_officer", 200),
        ("other_officer", 403),
        ("commune_officer", 403),
        ("citizen", 403),
    ],
)
def test_only_the_space_s_officers_and_administrators_open_the_builder(client, request, survey, who, status):
    client.force_login(request.getfixturevalue(who))
    for url in _urls(survey):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("who", ["other_officer", "commune_officer", "citizen"])
def test_the_others_post_nothing(client, request, survey, who):
    client.force_login(request.getfixturevalue(who))
    slug = survey.process.slug
    assert client.post(reverse("console:space_surveys", args=[slug]), {"title": "X", "slug": "x"}).status_code == 403
    question = survey.questions.first()
    response = client.post(
        reverse("console:survey", args=[slug, survey.pk]),
        {"action": "delete_question", "target": question.pk},
    )
    assert response.status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()
    assert not Survey.objects.filter(slug="x").exists()


def test_an_anonymous_visitor_goes_to_the_login_page(client, survey):
    for url in _urls(survey):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    assert client.post(_urls(survey)[1], {"action": "duplicate"}).status_code == 302
    assert Survey.objects.count() == 1


def test_an_officer_creates_a_survey_unpublished(client, process_officer, process):
    client.force_login(process_officer)
    response = client.post(
        reverse("console:space_surveys", args=[process.slug]), {"title": "Vos trajets", "slug": "trajets"}
    )
    survey = Survey.objects.get(slug="trajets")
    assert response.status_code == 302 and not survey.published


def test_a_taken_address_is_a_form_error(client, process_officer, survey):
    client.force_login(process_officer)
    response = client.post(
        reverse("console:space_surveys", args=[survey.process.slug]), {"title": "Autre", "slug": survey.slug}
    )
    assert response.status_code == 400
    assert "déjà prise" in response.content.decode()


def test_moving_a_question_keeps_positions_unique_and_in_order(survey):
    single, text, scale = survey.questions.order_by("position")
    assert builder.question_move(question=scale, position=1) == 1
    assert list(survey.questions.order_by("position").values_list("pk", "position")) == [
        (scale.pk, 1),
        (single.pk, 2),
        (text.pk, 3),
    ]
    assert builder.question_move(question=scale, position=99) == 3


def test_the_officer_moves_a_choice_down_from_the_page(client, process_officer, survey):
    client.force_login(process_officer)
    question = survey.questions.get(kind="single")
    first = question.choices.get(position=1)
    response = client.post(
        reverse("console:survey", args=[survey.process.slug, survey.pk]),
        {"action": "move_choice", "target": first.pk, "position": 2},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"message": "Choix déplacé en position 2."}
    assert list(question.choices.order_by("position").values_list("label", flat=True)) == ["Vélo", "Voiture", "Marche"]


def test_a_locked_survey_refuses_a_forged_post(client, process_officer, answered):
    client.force_login(process_officer)
    question = answered.questions.get(kind="text")
    url = reverse("console:survey", args=[answered.process.slug, answered.pk])
    response = client.post(
        url,
        {"action": f"question-{question.pk}", "target": question.pk, f"q{question.pk}-text": "Autre chose"},
    )
    assert response.status_code == 409
    assert "1 réponse" in response.content.decode()
    question.refresh_from_db()
    assert question.text == "Question text"
    assert client.post(url, {"action": "delete_question", "target": question.pk}).status_code == 409
    assert Question.objects.filter(pk=question.pk).exists()
    with pytest.raises(ValidationError):
        builder.question_add(survey=answered, kind="text", text="Encore une")


def test_a_locked_survey_still_takes_a_help_text_and_a_new_introduction(client, process_officer, answered):
    client.force_login(process_officer)
    question = answered.questions.get(kind="text")
    url = reverse("console:survey", args=[answered.process.slug, answered.pk])
    page = client.get(url).content.decode()
    assert "déjà 1 réponse" in page
    response = client.post(
        url, {"action": f"question-{question.pk}", "target": question.pk, f"q{question.pk}-help_text": "En deux mots"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.help_text == "En deux mots" and question.text == "Question text"
    builder.survey_update(survey=answered, introduction="Nouvelle introduction")


def test_duplicating_makes_an_unpublished_editable_copy(client, process_officer, answered):
    client.force_login(process_officer)
    response = client.post(
        reverse("console:survey", args=[answered.process.slug, answered.pk]), {"action": "duplicate"}
    )
    copy = Survey.objects.get(slug=f"{answered.slug}-v2")
    assert response.status_code == 302 and response["Location"].endswith(f"/{copy.pk}/")
    assert not copy.published and not copy.responses.exists()
    assert copy.questions.count() == 3
    assert copy.questions.get(kind="single").choices.count() == 3
    builder.question_add(survey=copy, kind="text", text="Une de plus")


def test_the_preview_shows_an_unpublished_survey_with_submit_disabled(client, process_officer, survey):
    survey.published = False
    survey.save()
    client.force_login(process_officer)
    page = client.get(reverse("console:survey_preview", args=[survey.process.slug, survey.pk])).content.decode()
    assert "Aperçu" in page and "Question single" in page and "disabled" in page


@pytest.fixture
def map_survey(process):
    survey = Survey.objects.create(process=process, slug="lieux", title="Vos lieux")
    builder.question_add(
        survey=survey,
        kind="point",
        text="Où ?",
        required=True,
        communes=Commune.objects.filter(insee__in=[LILLE, "59009"]),
    )
    return survey


def test_a_point_outside_the_question_s_communes_is_refused_on_the_answer_path(map_survey, citizen):
    question = map_survey.questions.get()
    with pytest.raises(ValidationError) as refused:
        services.response_create(survey=map_survey, user=citizen, answers={question.pk: point(*MAIRIE_ROUBAIX)})
    assert "hors de la zone de la question" in refused.value.message_dict[f"question_{question.pk}"][0]
    services.response_create(survey=map_survey, user=citizen, answers={question.pk: point(*GRAND_PLACE_LILLE)})


def test_a_question_without_communes_takes_the_whole_metropolis(process, citizen):
    survey = Survey.objects.create(process=process, slug="partout", title="Partout")
    question = builder.question_add(survey=survey, kind="point", text="Où ?")
    services.response_create(survey=survey, user=citizen, answers={question.pk: point(*MAIRIE_ROUBAIX)})
    assert Commune.objects.get(insee=ROUBAIX).pk == survey.responses.get().answers.get().commune_id
