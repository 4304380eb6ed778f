"""`manage.py load_demo_survey`: a questionnaire with map questions and the profile block (fixtures/demo/survey.yaml),
answered by the demo participants of `load_demo`. Idempotent: a second run adds nothing."""

import random

from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface, Transform
from django.contrib.gis.geos import LineString, Point, Polygon
from django.core.management.base import CommandError
from django.db import transaction

from geoparticipation.accounts.models import User
from geoparticipation.participation.models import Process
from geoparticipation.surveys import services
from geoparticipation.surveys.models import Choice, ParticipantProfile, Question, Response, Survey
from geoparticipation.territory.models import Commune

from . import data

# Every draw comes from this seed: each run computes the same answers.
SEED = 59350
RESPONDENTS = 120


@transaction.atomic
def load() -> tuple[Survey, int]:
    """The demo questionnaire, created or updated, and how many responses this run added."""
    spec = data.load("survey")
    process = Process.objects.filter(slug=spec["concertation"]).first()
    if process is None:
        raise CommandError(
            f"La concertation {spec['concertation']} n'existe pas : lancez d'abord `manage.py load_demo`."
        )
    survey = _survey(process, spec)
    return survey, _responses(survey)


def _survey(process, spec):
    texts = spec["survey"]
    survey, _ = Survey.objects.update_or_create(
        process=process, slug=texts["slug"], defaults={**texts, "ask_profile": True, "published": True}
    )
    for position, question_spec in enumerate(spec["questions"], start=1):
        kind = Question.Kind(question_spec["kind"])
        fields = {"kind": kind, "text": question_spec["text"], "required": question_spec["required"]}
        if kind == Question.Kind.SCALE:
            scale = question_spec["scale"]
            fields.update(
                scale_min=scale["min"],
                scale_max=scale["max"],
                scale_min_label=scale["min_label"],
                scale_max_label=scale["max_label"],
            )
        question, _ = Question.objects.update_or_create(survey=survey, position=position, defaults=fields)
        for choice_position, label in enumerate(question_spec.get("choices", []), start=1):
            Choice.objects.update_or_create(question=question, position=choice_position, defaults={"label": label})
    return survey


def _responses(survey):
    """Answers from the demo participants who have none yet, through the services like any response."""
    if not survey.is_open:
        return 0
    rng = random.Random(SEED)
    places = [
        (c.pk, c.population, c.point.x, c.point.y)
        for c in Commune.objects.annotate(point=Transform(PointOnSurface("geom"), settings.API_SRID))
        .only("pk", "population")
        .order_by("insee")
    ]
    people = list(
        User.objects.filter(email__endswith=f"@{data.EMAIL_DOMAIN}", is_staff=False).order_by("email")[:RESPONDENTS]
    )
    answered = set(Response.objects.filter(survey=survey).values_list("user", flat=True))
    # A profile someone (or another demo) already set is left as it is.
    with_profile = set(ParticipantProfile.objects.values_list("user", flat=True))
    questions = list(survey.questions.prefetch_related("choices"))
    created = 0
    for person in people:
        # Drawn for everyone, in order, so that the same person gets the same answers on every run.
        answers, profile = _draw(rng, questions, places)
        if person.pk in answered:
            continue
        if person.pk in with_profile:
            profile = None
        services.response_create(survey=survey, user=person, answers=answers, profile=profile)
        created += 1
    return created


def _draw(rng, questions, places):
    # Answers are placed where people live: communes drawn by population.
    commune_id, _, lon, lat = rng.choices(places, weights=[p[1] for p in places])[0]
    answers = {}
    for question in questions:
        choices = [c.pk for c in question.choices.all()]
        if question.kind == Question.Kind.SINGLE:
            answers[question.pk] = rng.choice(choices)
        elif question.kind == Question.Kind.MULTIPLE:
            answers[question.pk] = rng.sample(choices, rng.randint(1, 3))
        elif question.kind == Question.Kind.SCALE:
            answers[question.pk] = rng.randint(question.scale_min, question.scale_max)
        elif question.kind == Question.Kind.POINT:
            answers[question.pk] = Point(lon, lat, srid=4326)
        elif question.kind == Question.Kind.AREA and rng.random() < 0.5:
            half = 0.002
            answers[question.pk] = Polygon.from_bbox((lon - half, lat - half, lon + half, lat + half))
            answers[question.pk].srid = 4326
        elif question.kind == Question.Kind.LINE and rng.random() < 0.5:
            step = 0.001
            answers[question.pk] = LineString((lon - step, lat), (lon, lat + step), (lon + step, lat), srid=4326)
    profile = {
        "age_bracket": rng.choice(ParticipantProfile.AgeBracket.values),
        "gender": rng.choice(ParticipantProfile.Gender.values),
        "home_commune": None,
        "lives_outside": rng.random() < 0.05,
    }
    if not profile["lives_outside"]:
        profile["home_commune"] = Commune.objects.defer("geom").get(pk=commune_id)
    return answers, profile
