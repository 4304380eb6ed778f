from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import IsValid
from django.db.models import F, Func, Q
from django.db.models.lookups import In
from django.utils import timezone

from geoparticipation.participation import rules
from geoparticipation.participation.models import Process

CLOSED = "Ce questionnaire est clos : il n'accepte plus de réponses."


class ParticipantProfile(models.Model):
    """What a participant chooses to say about themself, for the analysis; never published individually."""

    class AgeBracket(models.TextChoices):
        UNDER_18 = "-18", "Moins de 18 ans"
        FROM_18 = "18-24", "18 à 24 ans"
        FROM_25 = "25-34", "25 à 34 ans"
        FROM_35 = "35-49", "35 à 49 ans"
        FROM_50 = "50-64", "50 à 64 ans"
        FROM_65 = "65+", "65 ans et plus"

    class Gender(models.TextChoices):
        WOMAN = "f", "Femme"
        MAN = "m", "Homme"
        OTHER = "x", "Autre ou ne souhaite pas répondre"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    age_bracket = models.CharField("tranche d'âge", max_length=5, choices=AgeBracket.choices, blank=True)
    gender = models.CharField("genre", max_length=1, choices=Gender.choices, blank=True)
    home_commune = models.ForeignKey(
        "territory.Commune", null=True, blank=True, on_delete=models.PROTECT, verbose_name="commune de résidence"
    )
    lives_outside = models.BooleanField("réside hors de la métropole", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "profil de participant"
        constraints = [
            models.CheckConstraint(
                condition=~Q(lives_outside=True, home_commune__isnull=False), name="profile_home_is_inside_or_outside"
            )
        ]

    def __str__(self):
        return f"Profil de {self.user}"


class SurveyQuerySet(models.QuerySet):
    def public(self):
        """Published questionnaires of public concertations: those whose map answers the survey layer counts."""
        return self.filter(published=True, process__in=Process.objects.public())


class Survey(models.Model):
    """A questionnaire of a concertation; open while the concertation is, unless it has dates of its own."""

    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, related_name="surveys", verbose_name="concertation"
    )
    slug = models.SlugField(help_text="Dans l'adresse de la page, unique dans la concertation.")
    title = models.CharField("titre", max_length=200)
    introduction = models.TextField(blank=True)
    ask_profile = models.BooleanField(
        "proposer le bloc « profil du participant »",
        default=True,
        help_text="Tranche d'âge, genre et commune de résidence, facultatifs pour le participant.",
    )
    opens_at = models.DateTimeField("ouverture", null=True, blank=True, help_text="Vide : suit la concertation.")
    closes_at = models.DateTimeField("clôture", null=True, blank=True, help_text="Vide : suit la concertation.")
    published = models.BooleanField("publié", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["process", "created_at"]
        verbose_name = "questionnaire"
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="survey_slug_unique_per_process"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="survey_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def refusal(self) -> str | None:
        """Why the questionnaire takes no answer now, None while it does: its own dates when it has some, else the
        current phase of the concertation (participation/rules.py)."""
        if self.opens_at is None and self.closes_at is None:
            return rules.refusal(self.process, rules.SURVEY_ANSWERS)
        now = timezone.now()
        if (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at):
            return None
        return CLOSED

    @property
    def is_open(self):
        return self.refusal is None


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Choix unique"
        MULTIPLE = "multiple", "Choix multiples"
        SCALE = "scale", "Échelle"
        TEXT = "text", "Texte libre"
        POINT = "point", "Carte : placer un point"
        AREA = "area", "Carte : dessiner une zone"
        LINE = "line", "Carte : tracer un trajet"

    MAP_KINDS = (Kind.POINT, Kind.AREA, Kind.LINE)
    # The map kinds answered by a drawing (GeoJSON in one field), each with the one geometry type it takes.
    DRAWN_SHAPES = {Kind.AREA: "Polygon", Kind.LINE: "LineString"}
    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("ordre")
    kind = models.CharField("type", max_length=8, choices=Kind.choices)
    text = models.CharField("question", max_length=300)
    help_text = models.CharField("aide", max_length=500, blank=True)
    required = models.BooleanField("obligatoire", default=False)
    scale_min = models.SmallIntegerField("échelle : minimum", default=1)
    scale_max = models.SmallIntegerField("échelle : maximum", default=5)
    scale_min_label = models.CharField("échelle : libellé du minimum", max_length=60, blank=True)
    scale_max_label = models.CharField("échelle : libellé du maximum", max_length=60, blank=True)
    # Map questions only: where an answer may be placed; none is the whole metropolis.
    communes = models.ManyToManyField(
        "territory.Commune", blank=True, related_name="+", verbose_name="communes où répondre"
    )

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = "question"
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_position_unique"),
            # A scale of more than 11 steps (0–10) is no longer read as a scale.
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min"), scale_max__lte=F("scale_min") + 10),
                name="question_scale_range",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_map(self):
        return self.kind in self.MAP_KINDS

    @property
    def shape(self) -> str | None:
        """The geometry type a drawn map question takes ("Polygon", "LineString"), None for the other kinds."""
        return self.DRAWN_SHAPES.get(self.kind)

    @property
    def scale_values(self):
        return range(self.scale_min, self.scale_max + 1)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField("ordre")
    label = models.CharField("libellé", max_length=200)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = "choix"
        verbose_name_plural = "choix"
        constraints = [models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique")]

    def __str__(self):
        return self.label


class Response(models.Model):
    """One participant's answers to a survey: one per account, enforced by the database."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Kept, detached from the person, when the account is deleted: the published aggregates do not change.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réponse à un questionnaire"
        verbose_name_plural = "réponses aux questionnaires"
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_response_once_per_user")]

    def __str__(self):
        return f"Réponse n° {self.pk} à {self.survey}"


class Answer(models.Model):
    """The answer to one question; only the column of the question's type is filled."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")
    value = models.SmallIntegerField("valeur sur l'échelle", null=True)
    text = models.TextField("texte", blank=True)
    geom = models.GeometryField("lieu", srid=settings.STORAGE_SRID, null=True)
    # Set by a database trigger on each write (sql/post_commune.sql), like the contributions' commune.
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, null=True, editable=False)

    class Meta:
        verbose_name = "réponse à une question"
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            # Both hold for a NULL geom (a CHECK passes on NULL): only map answers have one.
            models.CheckConstraint(condition=IsValid("geom"), name="answer_geom_valid"),
            models.CheckConstraint(
                condition=In(
                    Func("geom", function="GeometryType", output_field=models.CharField()),
                    ["POINT", "LINESTRING", "POLYGON"],
                ),
                name="answer_geom_type",
            ),
        ]
