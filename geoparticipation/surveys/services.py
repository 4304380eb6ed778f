"""Every write to survey data: keyword-only, validated, inside a transaction.

Answers come as {question id: value}: a choice id (single choice), a list of choice ids (multiple choice), an
integer (scale), a text, or a geometry (map questions; WGS84 unless its SRID says otherwise). Errors are keyed
"question_<id>", the name of the question's field in the page.
"""

from django.contrib.gis.db.models import Union
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from geoparticipation.participation import rules
from geoparticipation.participation.geometry import clean_geometry
from geoparticipation.participation.models import Process
from geoparticipation.territory.models import Commune

from .models import Answer, ParticipantProfile, Question, Response, Survey

MAX_TEXT = 5_000
GEOMETRY_TYPES = {Question.Kind.POINT: ("Point",)} | {kind: (shape,) for kind, shape in Question.DRAWN_SHAPES.items()}
SELF_CROSSING = "Le trajet se recoupe : tracez-le sans qu'il se croise ni repasse sur lui-même."
ALREADY_ANSWERED = (
    "Vous avez déjà répondu à ce questionnaire : une seule réponse par compte. "
    "Vous pouvez modifier vos réponses tant que le questionnaire est ouvert."
)


def error_key(question: Question) -> str:
    return f"question_{question.pk}"


def _check_can_answer(survey: Survey, user):
    process = survey.process
    if not survey.published or not Process.objects.visible_to(user).filter(pk=process.pk).exists():
        raise PermissionDenied("Ce questionnaire est réservé aux membres de la concertation.")
    if survey.refusal is not None:
        raise rules.NotAllowedNow(survey.refusal)


def _is_empty(value):
    return value is None or value == "" or value == []


def _clean_answer(question: Question, value, errors):
    """The Answer fields for one question's value, or None when it is left blank."""
    if _is_empty(value):
        if question.required:
            errors[error_key(question)] = ["Cette question est obligatoire."]
        return None
    choice_ids = {choice.pk for choice in question.choices.all()}
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        if value not in choice_ids:
            errors[error_key(question)] = ["Choisissez l'une des réponses proposées."]
        return {"choices": [value]}
    if kind == Question.Kind.MULTIPLE:
        if not set(value) <= choice_ids:
            errors[error_key(question)] = ["Choisissez parmi les réponses proposées."]
        return {"choices": sorted(set(value))}
    if kind == Question.Kind.SCALE:
        if value not in question.scale_values:
            errors[error_key(question)] = [f"Choisissez une valeur de {question.scale_min} à {question.scale_max}."]
        return {"value": value}
    if kind == Question.Kind.TEXT:
        text = value.strip()
        if len(text) > MAX_TEXT:
            errors[error_key(question)] = [
                f"La réponse ne doit pas dépasser {MAX_TEXT} caractères ({len(text)} saisis)."
            ]
        elif not text and question.required:
            errors[error_key(question)] = ["Cette question est obligatoire."]
        return {"text": text} if text else None
    try:
        geom, _ = clean_geometry(value, allowed_types=GEOMETRY_TYPES[kind], process=question.survey.process)
    except ValidationError as error:
        errors[error_key(question)] = error.message_dict["geometry"]
        return None
    if geom.geom_type == "LineString" and not geom.simple:
        # A line that crosses itself is valid for GEOS; a route that does so cannot be read as one way.
        errors[error_key(question)] = [SELF_CROSSING]
        return None
    outside = _outside_allowed_area(question, geom)
    if outside:
        errors[error_key(question)] = [outside]
        return None
    return {"geom": geom}


def _outside_allowed_area(question: Question, geom) -> str | None:
    """Why a map answer lies outside the communes the question allows, None when it lies inside (or none is set)."""
    communes = list(question.communes.all())
    if not communes:
        return None
    allowed = Commune.objects.filter(pk__in=[c.pk for c in communes]).aggregate(area=Union("geom"))["area"]
    if allowed.covers(geom.transform(allowed.srid, clone=True)):
        return None
    names = ", ".join(sorted(c.nom for c in communes))
    return f"Ce lieu est hors de la zone de la question : placez-le dans l'une de ces communes : {names}."


def _clean_answers(survey: Survey, answers: dict) -> dict:
    errors, cleaned = {}, {}
    communes = Prefetch("communes", queryset=Commune.objects.only("pk", "nom"))
    for question in survey.questions.prefetch_related("choices", communes):
        fields = _clean_answer(question, answers.get(question.pk), errors)
        if fields is not None:
            cleaned[question] = fields
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write_answers(response: Response, cleaned: dict) -> None:
    response.answers.all().delete()
    for question, fields in cleaned.items():
        choices = fields.pop("choices", None)
        answer = Answer.objects.create(response=response, question=question, **fields)
        if choices:
            answer.choices.set(choices)


@transaction.atomic
def response_create(*, survey: Survey, user, answers: dict, profile: dict | None = None) -> Response:
    """Records a participant's first response; a second one is refused (the unique constraint decides)."""
    _check_can_answer(survey, user)
    if Response.objects.filter(survey=survey, user=user).exists():
        raise ValidationError({"__all__": [ALREADY_ANSWERED]})
    cleaned = _clean_answers(survey, answers)
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, user=user)
    except IntegrityError:
        raise ValidationError({"__all__": [ALREADY_ANSWERED]}) from None
    _write_answers(response, cleaned)
    if profile is not None and survey.ask_profile:
        profile_save(user=user, **profile)
    return response


@transaction.atomic
def response_update(*, response: Response, answers: dict, profile: dict | None = None) -> Response:
    """Replaces a participant's answers while the survey is open."""
    response = (
        Response.objects.select_for_update(of=("self",)).select_related("survey__process", "user").get(pk=response.pk)
    )
    _check_can_answer(response.survey, response.user)
    _write_answers(response, _clean_answers(response.survey, answers))
    response.save(update_fields=["updated_at"])
    if profile is not None and response.survey.ask_profile:
        profile_save(user=response.user, **profile)
    return response


def profile_save(
    *, user, age_bracket="", gender="", home_commune=None, lives_outside=False
) -> ParticipantProfile | None:
    """Saves the optional profile; nothing is stored for a participant who never filled any of it."""
    errors = {}
    if age_bracket not in ("", *ParticipantProfile.AgeBracket.values):
        errors["age_bracket"] = ["Tranche d'âge inconnue."]
    if gender not in ("", *ParticipantProfile.Gender.values):
        errors["gender"] = ["Genre inconnu."]
    if home_commune is not None and lives_outside:
        errors["home"] = ["Choisissez une commune de la métropole ou « hors de la métropole », pas les deux."]
    if errors:
        raise ValidationError(errors)
    values = {
        "age_bracket": age_bracket,
        "gender": gender,
        "home_commune": home_commune,
        "lives_outside": lives_outside,
    }
    if not any(values.values()) and not ParticipantProfile.objects.filter(user=user).exists():
        return None
    profile, _ = ParticipantProfile.objects.update_or_create(user=user, defaults=values)
    return profile
