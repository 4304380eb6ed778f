"""`manage.py load_demo_survey`: a questionnaire with map questions and the profile block on plan-climat, answered
by the demo participants of `load_demo`. Idempotent: a second run adds nothing."""

import random

from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface, Transform
from django.contrib.gis.geos import Point, Polygon
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from geoparticipation.accounts.models import User
from geoparticipation.participation import demo
from geoparticipation.participation.models import Process
from geoparticipation.territory.models import Commune

from ... import services
from ...models import Choice, ParticipantProfile, Question, Response, Survey

PROCESS = "plan-climat"
SURVEY = {
    "slug": "habitudes-et-lieux",
    "title": "Vos déplacements et les lieux à transformer",
    "introduction": (
        "Dix questions, cinq minutes : dites-nous comment vous vous déplacez et montrez-nous sur la carte où le plan "
        "climat devrait agir en priorité. Les résultats sont publiés de façon agrégée uniquement."
    ),
}
# (kind, text, required, choices or scale labels)
QUESTIONS = [
    (
        Question.Kind.SINGLE,
        "Comment vous déplacez-vous le plus souvent ?",
        True,
        ["Voiture", "Transports en commun", "Vélo", "Marche", "Autre"],
    ),
    (
        Question.Kind.MULTIPLE,
        "Quelles actions du plan climat vous semblent prioritaires ?",
        False,
        ["Rénover les logements", "Développer le vélo", "Planter des arbres", "Renforcer les transports en commun"],
    ),
    (
        Question.Kind.SCALE,
        "Êtes-vous prêt·e à changer vos habitudes de déplacement ?",
        False,
        ("Pas du tout", "Tout à fait"),
    ),
    (Question.Kind.POINT, "Où manque-t-il un aménagement pour le vélo ou la marche ?", False, None),
    (Question.Kind.AREA, "Quel quartier devrait devenir plus vert ?", False, None),
    (Question.Kind.TEXT, "Autre chose à nous dire ?", False, None),
]
# Every draw comes from this seed: each run computes the same answers.
SEED = 59350
RESPONDENTS = 120


class Command(BaseCommand):
    help = "Ajoute à la concertation plan-climat un questionnaire de démonstration et ses réponses (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        process = Process.objects.filter(slug=PROCESS).first()
        if process is None:
            raise CommandError(f"La concertation {PROCESS} n'existe pas : lancez d'abord `manage.py load_demo`.")
        survey = self._survey(process)
        created = self._responses(survey)
        self.stdout.write(f"Questionnaire « {survey.title} » : {created} réponse(s) ajoutée(s).")

    def _survey(self, process):
        survey, _ = Survey.objects.update_or_create(
            process=process, slug=SURVEY["slug"], defaults={**SURVEY, "ask_profile": True, "published": True}
        )
        for position, (kind, text, required, extra) in enumerate(QUESTIONS, start=1):
            fields = {"kind": kind, "text": text, "required": required}
            if kind == Question.Kind.SCALE:
                fields.update(scale_min=1, scale_max=5, scale_min_label=extra[0], scale_max_label=extra[1])
            question, _ = Question.objects.update_or_create(survey=survey, position=position, defaults=fields)
            for choice_position, label in enumerate(extra if kind in Question.CHOICE_KINDS else [], start=1):
                Choice.objects.update_or_create(question=question, position=choice_position, defaults={"label": label})
        return survey

    def _responses(self, survey):
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
            User.objects.filter(email__endswith=f"@{demo.EMAIL_DOMAIN}", is_staff=False).order_by("email")[:RESPONDENTS]
        )
        answered = set(Response.objects.filter(survey=survey).values_list("user", flat=True))
        # A profile someone (or another demo) already set is left as it is.
        with_profile = set(ParticipantProfile.objects.values_list("user", flat=True))
        questions = list(survey.questions.prefetch_related("choices"))
        created = 0
        for person in people:
            # Drawn for everyone, in order, so that the same person gets the same answers on every run.
            answers, profile = self._draw(rng, questions, places)
            if person.pk in answered:
                continue
            if person.pk in with_profile:
                profile = None
            services.response_create(survey=survey, user=person, answers=answers, profile=profile)
            created += 1
        return created

    def _draw(self, rng, questions, places):
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
        profile = {
            "age_bracket": rng.choice(ParticipantProfile.AgeBracket.values),
            "gender": rng.choice(ParticipantProfile.Gender.values),
            "home_commune": None,
            "lives_outside": rng.random() < 0.05,
        }
        if not profile["lives_outside"]:
            profile["home_commune"] = Commune.objects.defer("geom").get(pk=commune_id)
        return answers, profile
