"""Surveys for the tests: one of each question type, and participants who answer through the services."""

from django.contrib.gis.db.models.functions import PointOnSurface, Transform
from django.contrib.gis.geos import LineString

from geoparticipation.accounts.models import User
from geoparticipation.surveys import services
from geoparticipation.surveys.models import Choice, Question, Survey
from geoparticipation.territory.models import Commune

from ..factories import point

FREE_TEXT = "Mon texte libre très personnel"


def make_survey(process, *, slug="deplacements", kinds=("single", "multiple", "scale", "text", "point", "area")):
    """A survey with the question types asked, in that order; the map questions are required."""
    survey = Survey.objects.create(process=process, slug=slug, title="Vos déplacements", introduction="Merci !")
    for position, kind in enumerate(kinds, start=1):
        question = Question.objects.create(
            survey=survey,
            position=position,
            kind=kind,
            text=f"Question {kind}",
            required=kind in Question.MAP_KINDS,
            scale_min_label="Pas du tout",
            scale_max_label="Tout à fait",
        )
        if kind in Question.CHOICE_KINDS:
            for n, label in enumerate(["Voiture", "Vélo", "Marche"], start=1):
                Choice.objects.create(question=question, position=n, label=label)
    return survey


def question(survey, kind):
    return survey.questions.get(kind=kind)


def choice(survey, kind, label):
    return question(survey, kind).choices.get(label=label).pk


def answers_at(survey, lon, lat, *, mode="Vélo", scale=4, text=FREE_TEXT):
    """Valid answers to every question of `survey`, the map ones at (lon, lat)."""
    values = {}
    for q in survey.questions.all():
        if q.kind == Question.Kind.SINGLE:
            values[q.pk] = choice(survey, "single", mode)
        elif q.kind == Question.Kind.MULTIPLE:
            values[q.pk] = [choice(survey, "multiple", mode)]
        elif q.kind == Question.Kind.SCALE:
            values[q.pk] = scale
        elif q.kind == Question.Kind.TEXT:
            values[q.pk] = text
        elif q.kind == Question.Kind.POINT:
            values[q.pk] = point(lon, lat)
        elif q.kind == Question.Kind.LINE:
            values[q.pk] = route_at(lon, lat)
        else:
            values[q.pk] = point(lon, lat).buffer(0.001)
    return values


def route_at(lon, lat):
    """A short route (about 300 m) through (lon, lat), which is its representative point."""
    return LineString((lon - 0.002, lat - 0.001), (lon, lat), (lon + 0.002, lat + 0.001), srid=4326)


def respondents(survey, n, where, *, prefix="repondant", **kwargs):
    """n participants (without passwords: hashing costs a third of a second) answering at `where`."""
    users = []
    for i in range(n):
        user = User.objects.create_user(f"{prefix}{i}-{survey.pk}@example.org", f"{prefix}{i}-{survey.pk}")
        if survey.process.is_private:
            survey.process.members.add(user)
        services.response_create(survey=survey, user=user, answers=answers_at(survey, *where, **kwargs))
        users.append(user)
    return users


def place_in(nom):
    """(lon, lat) of a point inside the commune named `nom`."""
    where = Commune.objects.annotate(inside=Transform(PointOnSurface("geom"), 4326)).get(nom=nom).inside
    return where.x, where.y
