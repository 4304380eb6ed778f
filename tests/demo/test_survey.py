import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from geoparticipation.surveys.models import Answer, ParticipantProfile, Response, Survey

pytestmark = pytest.mark.django_db


def load_demo_survey():
    out = io.StringIO()
    call_command("load_demo_survey", stdout=out)
    return out.getvalue()


def test_the_demo_participants_answer_the_questionnaire_once_whatever_the_runs():
    call_command("load_demo", verbosity=0)
    first = load_demo_survey()
    counts = Response.objects.count(), Answer.objects.count(), ParticipantProfile.objects.count()
    second = load_demo_survey()

    assert first == "Questionnaire « Vos déplacements et les lieux à transformer » : 61 réponse(s) ajoutée(s).\n"
    assert "0 réponse(s) ajoutée(s)" in second
    assert (Response.objects.count(), Answer.objects.count(), ParticipantProfile.objects.count()) == counts
    survey = Survey.objects.get(slug="habitudes-et-lieux")
    assert survey.process.slug == "plan-climat" and survey.is_open and survey.ask_profile
    assert [q.kind for q in survey.questions.order_by("position")] == [
        "single",
        "multiple",
        "scale",
        "point",
        "area",
        "text",
        "line",
    ]
    assert not Response.objects.filter(user__is_staff=True).exists()


def test_the_demo_questionnaire_needs_the_demo_first():
    with pytest.raises(CommandError, match="load_demo"):
        load_demo_survey()
