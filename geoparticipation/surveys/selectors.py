"""What the survey pages read: the surveys of a concertation, a participant's answers, and the public results."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.db.models import Count

from geoparticipation.participation.models import Process

from .models import Answer, Choice, Question, Response, Survey
from .privacy import HIDDEN_LABEL, SMALL_COUNT, Cell, cells, commune_cells, count_text


def visible_surveys(user, process: Process):
    surveys = Survey.objects.filter(process=process).select_related("process")
    return surveys if user.is_staff else surveys.filter(published=True)


def response_of(survey: Survey, user) -> Response | None:
    return Response.objects.filter(survey=survey, user=user).first() if user.is_authenticated else None


def answers_of(response: Response):
    """A response's answers, with their geometry in WGS84 (`wgs84`) for the form."""
    return (
        response.answers.select_related("question")
        .prefetch_related("choices")
        .annotate(wgs84=Transform("geom", settings.API_SRID))
    )


@dataclass
class QuestionResult:
    question: Question
    answered: str
    # (label, cell) per choice or per scale value.
    rows: list[tuple[str, Cell]] = field(default_factory=list)
    mean: str | None = None
    # (INSEE code, commune name, count text) for map questions; empty when too few answers to be counted per commune.
    communes: list[tuple[str, str, str]] = field(default_factory=list)
    communes_hidden: bool = False
    # INSEE code -> the published count (a number) or « n.c. », as in `communes`: all that the results' map receives.
    map_counts: dict[str, int | str] = field(default_factory=dict)

    @property
    def map_counts_id(self):
        return f"counts-{self.question.pk}"


@dataclass
class SurveyResults:
    respondents: str
    questions: list[QuestionResult]


def survey_results(survey: Survey) -> SurveyResults:
    """The aggregates of a survey, every count passed through the small-count rule; free text only counted."""
    answers = Answer.objects.filter(question__survey=survey)
    answered = Counter(dict(answers.values_list("question").annotate(n=Count("*")).order_by()))
    choice_counts = dict(
        Choice.objects.filter(question__survey=survey).annotate(n=Count("answers")).values_list("pk", "n")
    )
    scale_counts = Counter(
        {
            (question_id, value): n
            for question_id, value, n in answers.filter(value__isnull=False)
            .values_list("question", "value")
            .annotate(n=Count("*"))
            .order_by()
        }
    )
    commune_counts = (
        answers.filter(commune__isnull=False)
        .values_list("question", "commune__insee", "commune__nom")
        .annotate(n=Count("*"))
        .order_by("commune__nom")
    )
    results = []
    for question in survey.questions.prefetch_related("choices"):
        total = answered[question.pk]
        result = QuestionResult(question=question, answered=count_text(total))
        if question.kind in Question.CHOICE_KINDS:
            choices = list(question.choices.all())
            counts = [choice_counts.get(choice.pk, 0) for choice in choices]
            result.rows = list(zip([c.label for c in choices], cells(counts, total=total), strict=True))
        elif question.kind == Question.Kind.SCALE:
            values = list(question.scale_values)
            counts = [scale_counts[(question.pk, value)] for value in values]
            scale_cells = cells(counts, total=total)
            result.rows = list(zip(map(str, values), scale_cells, strict=True))
            # With the total and the mean, two withheld cells would be two unknowns in two equations.
            if total >= SMALL_COUNT and not any(cell.hidden for cell in scale_cells):
                mean = sum(value * n for value, n in zip(values, counts, strict=True)) / total
                result.mean = f"{mean:.1f}".replace(".", ",")
        elif question.is_map:
            counts = [((insee, nom), n) for q, insee, nom, n in commune_counts if q == question.pk]
            published = commune_cells(counts)
            result.communes = [(insee, nom, text) for (insee, nom), text in published]
            shown = dict(counts)
            result.map_counts = {
                insee: text if text == HIDDEN_LABEL else shown[(insee, nom)] for (insee, nom), text in published
            }
            result.communes_hidden = bool(counts) and not result.communes
        results.append(result)
    return SurveyResults(respondents=count_text(survey.responses.count()), questions=results)
