"""Every write of an officer building a survey: its fields, its questions and their choices, their order.

Once a survey has responses its questions and choices are locked: changing them would change what the participants
answered. Only harmless edits remain (a question's help, the introduction, the closing date, publication); a new
version is made with survey_duplicate.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, PositiveSmallIntegerField, Value, When

from .models import Choice, Question, Survey

#: survey fields that may change after the first response
HARMLESS_SURVEY_FIELDS = {"introduction", "closes_at", "published"}
HARMLESS_QUESTION_FIELDS = {"help_text"}
SURVEY_FIELDS = ("title", "slug", "introduction", "ask_profile", "opens_at", "closes_at", "published")
QUESTION_FIELDS = ("text", "help_text", "required", "scale_min", "scale_max", "scale_min_label", "scale_max_label")
SLUG_TAKEN = "Cette adresse est déjà prise par un autre questionnaire de la concertation."
# Positions are moved out of the way first, then set: the unique constraint is checked row by row.
OUT_OF_THE_WAY = 10_000


def response_count(survey: Survey) -> int:
    return survey.responses.count()


def lock_message(count: int) -> str:
    plural = "s" if count > 1 else ""
    return (
        f"Ce questionnaire a déjà {count} réponse{plural} : ses questions et ses choix ne peuvent plus changer, "
        "sauf l'aide des questions, l'introduction, la date de clôture et la publication. "
        "Pour le modifier, dupliquez-le en nouvelle version."
    )


def _refuse_if_locked(survey: Survey) -> None:
    count = response_count(survey)
    if count:
        raise ValidationError({"__all__": [lock_message(count)]})


def _check_dates(opens_at, closes_at):
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": ["La clôture doit suivre l'ouverture."]})


@transaction.atomic
def survey_create(*, process, title: str, slug: str, **fields) -> Survey:
    """A new survey, unpublished until the officer publishes it."""
    fields.setdefault("published", False)
    _check_dates(fields.get("opens_at"), fields.get("closes_at"))
    if Survey.objects.filter(process=process, slug=slug).exists():
        raise ValidationError({"slug": [SLUG_TAKEN]})
    return Survey.objects.create(process=process, title=title, slug=slug, **fields)


@transaction.atomic
def survey_update(*, survey: Survey, **fields) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    changed = {name for name, value in fields.items() if getattr(survey, name) != value}
    if changed - HARMLESS_SURVEY_FIELDS:
        _refuse_if_locked(survey)
    _check_dates(fields.get("opens_at", survey.opens_at), fields.get("closes_at", survey.closes_at))
    if "slug" in changed and Survey.objects.filter(process=survey.process, slug=fields["slug"]).exists():
        raise ValidationError({"slug": [SLUG_TAKEN]})
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    return survey


def _check_scale(scale_min, scale_max):
    if not scale_min < scale_max <= scale_min + 10:
        raise ValidationError({"scale_max": ["Le maximum doit dépasser le minimum, de 10 au plus."]})


@transaction.atomic
def question_add(*, survey: Survey, kind: str, text: str, communes=(), **fields) -> Question:
    """A question at the end of the survey."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _refuse_if_locked(survey)
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": ["Type de question inconnu."]})
    _check_scale(fields.get("scale_min", 1), fields.get("scale_max", 5))
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question.objects.create(survey=survey, position=last + 1, kind=kind, text=text, **fields)
    if kind in Question.MAP_KINDS:
        question.communes.set(communes)
    return question


@transaction.atomic
def question_update(*, question: Question, communes=None, **fields) -> Question:
    question = Question.objects.select_for_update().select_related("survey").get(pk=question.pk)
    changed = {name for name, value in fields.items() if getattr(question, name) != value}
    if communes is not None and question.is_map:
        if {c.pk for c in communes} != set(question.communes.values_list("pk", flat=True)):
            changed.add("communes")
    if changed - HARMLESS_QUESTION_FIELDS:
        _refuse_if_locked(question.survey)
    _check_scale(fields.get("scale_min", question.scale_min), fields.get("scale_max", question.scale_max))
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    if "communes" in changed:
        question.communes.set(communes)
    return question


def _renumber(queryset, ordered_ids):
    """Gives the rows of `queryset` the positions 1…n in the order of `ordered_ids`, in two passes."""
    queryset.update(position=F("position") + OUT_OF_THE_WAY)
    queryset.update(
        position=Case(
            *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ordered_ids, start=1)),
            default=F("position"),
            output_field=PositiveSmallIntegerField(),
        )
    )


def _move(queryset, item, position: int) -> int:
    ids = list(queryset.values_list("pk", flat=True))
    position = max(1, min(position, len(ids)))
    ids.remove(item.pk)
    ids.insert(position - 1, item.pk)
    _renumber(queryset, ids)
    return position


@transaction.atomic
def question_move(*, question: Question, position: int) -> int:
    """Puts the question at `position` (1 is the first), the others keeping their order; returns where it went."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _refuse_if_locked(survey)
    return _move(survey.questions.order_by("position"), question, position)


@transaction.atomic
def question_delete(*, question: Question) -> None:
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _refuse_if_locked(survey)
    question.delete()
    _renumber(survey.questions.all(), list(survey.questions.order_by("position").values_list("pk", flat=True)))


def _lock_question(question: Question) -> Question:
    question = Question.objects.select_for_update().select_related("survey").get(pk=question.pk)
    Survey.objects.select_for_update().filter(pk=question.survey_id).first()
    _refuse_if_locked(question.survey)
    if question.kind not in Question.CHOICE_KINDS:
        raise ValidationError({"__all__": ["Seules les questions à choix ont des choix."]})
    return question


@transaction.atomic
def choice_add(*, question: Question, label: str) -> Choice:
    question = _lock_question(question)
    last = question.choices.aggregate(last=Max("position"))["last"] or 0
    return Choice.objects.create(question=question, position=last + 1, label=label)


@transaction.atomic
def choice_rename(*, choice: Choice, label: str) -> Choice:
    _lock_question(choice.question)
    choice.label = label
    choice.save(update_fields=["label"])
    return choice


@transaction.atomic
def choice_delete(*, choice: Choice) -> None:
    question = _lock_question(choice.question)
    choice.delete()
    _renumber(question.choices.all(), list(question.choices.order_by("position").values_list("pk", flat=True)))


@transaction.atomic
def choice_move(*, choice: Choice, position: int) -> int:
    question = _lock_question(choice.question)
    return _move(question.choices.order_by("position"), choice, position)


@transaction.atomic
def survey_duplicate(*, survey: Survey) -> Survey:
    """A copy of the survey, its questions and choices, unpublished and without responses, at a new address."""
    slug, n = f"{survey.slug}-v2", 2
    while Survey.objects.filter(process=survey.process_id, slug=slug).exists():
        n += 1
        slug = f"{survey.slug}-v{n}"
    fields = {name: getattr(survey, name) for name in SURVEY_FIELDS if name not in ("slug", "published")}
    fields["title"] = f"{survey.title} (version {n})"
    try:
        copy = Survey.objects.create(process_id=survey.process_id, slug=slug, published=False, **fields)
    except IntegrityError:
        raise ValidationError({"__all__": ["La copie n'a pas pu être créée : réessayez."]}) from None
    for question in survey.questions.prefetch_related("choices", "communes").order_by("position"):
        new = Question.objects.create(
            survey=copy,
            position=question.position,
            kind=question.kind,
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
        )
        new.communes.set(question.communes.all())
        Choice.objects.bulk_create(
            Choice(question=new, position=c.position, label=c.label) for c in question.choices.all()
        )
    return copy
