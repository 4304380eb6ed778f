"""The survey builder: a concertation's questionnaires, and one page per questionnaire with all its questions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from geoparticipation.surveys import builder
from geoparticipation.surveys.forms import SurveyForm as PublicSurveyForm
from geoparticipation.surveys.models import Choice, Question, Survey
from geoparticipation.territory.models import Commune
from geoparticipation.territory.selectors import commune_points

from ..access import space_view
from .forms import ChoiceForm, MoveForm, NewQuestionForm, NewSurveyForm, QuestionForm, SurveyForm


def _add_errors(form, error: ValidationError):
    for key, errors in error.message_dict.items():
        form.add_error(key if key in form.fields else None, errors)


@space_view
@require_http_methods(["GET", "POST"])
def space_surveys(request, process):
    form = NewSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = builder.survey_create(process=process, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Questionnaire créé : ajoutez ses questions.")
            return redirect("console:survey", process.slug, survey.pk)
    surveys = Survey.objects.filter(process=process).annotate(answers=Count("responses")).order_by("-created_at")
    page = Paginator(surveys, 50).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    return render(request, "console/surveys/list.html", {"process": process, "page": page, "form": form}, status=status)


def _survey_of(process, pk):
    return get_object_or_404(Survey, process=process, pk=pk)


def _questions(survey):
    communes = Prefetch("communes", queryset=Commune.objects.only("pk", "nom"))
    return survey.questions.order_by("position").prefetch_related("choices", communes)


def _disable(form, *, keep):
    """Locked fields are shown disabled, so the browser does not send them; one that is sent anyway (a forged POST)
    stays enabled, and the service refuses the change."""
    for name, field in form.fields.items():
        if name not in keep:
            field.disabled = not form.is_bound or form.add_prefix(name) not in form.data


class _Blocks:
    """The forms of the page; the one that was posted carries its data and errors."""

    def __init__(self, survey, posted=None, data=None):
        locked = builder.response_count(survey) > 0
        self.survey = SurveyForm(data if posted == "survey" else None, instance=survey, prefix="survey")
        if locked:
            _disable(self.survey, keep=builder.HARMLESS_SURVEY_FIELDS)
        self.new_question = NewQuestionForm(data if posted == "add_question" else None, prefix="new")
        self.questions = []
        for question in _questions(survey):
            mine = posted == f"question-{question.pk}"
            form = QuestionForm(data if mine else None, instance=question, prefix=f"q{question.pk}")
            if locked:
                _disable(form, keep=builder.HARMLESS_QUESTION_FIELDS)
            new_choice = ChoiceForm(data if posted == f"add_choice-{question.pk}" else None, prefix=f"nc{question.pk}")
            choices = [
                (c, ChoiceForm(data if posted == f"choice-{c.pk}" else None, instance=c, prefix=f"c{c.pk}"))
                for c in question.choices.all()
            ]
            self.questions.append((question, form, choices, new_choice))
        self.errors = None

    def posted(self):
        for form in [self.survey, self.new_question]:
            if form.is_bound:
                return form
        for _, form, choices, new_choice in self.questions:
            for candidate in [form, new_choice, *(f for _, f in choices)]:
                if candidate.is_bound:
                    return candidate
        return None


def _act(request, survey):
    """Runs the posted action; (message, form with the errors or None, where to go after)."""
    action, target = request.POST.get("action", ""), request.POST.get("target", "")
    kind = action.split("-", 1)[0]
    blocks = _Blocks(survey, posted=action, data=request.POST)
    form = blocks.posted()
    anchor = ""
    if kind in ("move_question", "delete_question", "move_choice", "delete_choice", "duplicate"):
        form = MoveForm(request.POST) if kind.startswith("move") else None
    if form is not None and not form.is_valid():
        return None, blocks, form, anchor
    data = form.cleaned_data if form is not None else {}
    if kind == "survey":
        builder.survey_update(survey=survey, **data)
        return "Questionnaire enregistré.", blocks, None, ""
    if kind == "add_question":
        question = builder.question_add(survey=survey, **data)
        return "Question ajoutée.", blocks, None, f"question-{question.pk}"
    if kind in ("question", "move_question", "delete_question", "add_choice"):
        question = get_object_or_404(Question, survey=survey, pk=target)
        anchor = f"question-{question.pk}"
        if kind == "question":
            builder.question_update(question=question, **data)
            return "Question enregistrée.", blocks, None, anchor
        if kind == "move_question":
            position = builder.question_move(question=question, position=data["position"])
            return f"Question déplacée en position {position}.", blocks, None, anchor
        if kind == "delete_question":
            builder.question_delete(question=question)
            return "Question supprimée.", blocks, None, ""
        builder.choice_add(question=question, **data)
        return "Choix ajouté.", blocks, None, anchor
    if kind in ("choice", "move_choice", "delete_choice"):
        choice = get_object_or_404(Choice.objects.select_related("question"), question__survey=survey, pk=target)
        anchor = f"question-{choice.question_id}"
        if kind == "choice":
            builder.choice_rename(choice=choice, **data)
            return "Choix renommé.", blocks, None, anchor
        if kind == "move_choice":
            position = builder.choice_move(choice=choice, position=data["position"])
            return f"Choix déplacé en position {position}.", blocks, None, anchor
        builder.choice_delete(choice=choice)
        return "Choix supprimé.", blocks, None, anchor
    if kind == "duplicate":
        copy = builder.survey_duplicate(survey=survey)
        return "Nouvelle version créée, non publiée : modifiez-la ici.", blocks, None, copy
    return None, blocks, False, anchor


@space_view
@require_http_methods(["GET", "POST"])
def survey(request, process, pk):
    survey = _survey_of(process, pk)
    status, error_form, notice = 200, None, None
    if request.method == "POST":
        try:
            notice, blocks, error_form, anchor = _act(request, survey)
        except ValidationError as error:
            blocks = _Blocks(survey, posted=request.POST.get("action", ""), data=request.POST)
            error_form = blocks.posted()
            notice = "; ".join(m for ms in error.message_dict.values() for m in ms)
            if error_form is not None:
                _add_errors(error_form, error)
            return _page(request, process, survey, blocks, status=409, refusal=notice)
        if error_form is False:
            return _page(request, process, survey, blocks, status=400, refusal="Action inconnue.")
        if error_form is not None:
            return _page(request, process, survey, blocks, status=400, refusal="Vérifiez les champs signalés.")
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"message": notice})
        messages.success(request, notice)
        if isinstance(anchor, Survey):
            return redirect("console:survey", process.slug, anchor.pk)
        url = redirect("console:survey", process.slug, survey.pk)
        if anchor:
            url["Location"] += f"#{anchor}"
        return url
    return _page(request, process, survey, _Blocks(survey), status=status)


def _page(request, process, survey, blocks, *, status, refusal=None):
    count = builder.response_count(survey)
    if request.headers.get("Accept") == "application/json" and refusal:
        return JsonResponse({"message": refusal}, status=status)
    context = {
        "process": process,
        "survey": survey,
        "blocks": blocks,
        "locked": count > 0,
        "lock_message": builder.lock_message(count) if count else "",
        "refusal": refusal,
        "kinds": Question.Kind,
    }
    return render(request, "console/surveys/survey.html", context, status=status)


@space_view
def survey_preview(request, process, pk):
    survey = _survey_of(process, pk)
    questions = _questions(survey)
    form = PublicSurveyForm(questions=questions)
    context = {
        "process": process,
        "survey": survey,
        "form": form,
        "commune_points": commune_points(),
        "has_drawing": any(q.shape for q in form.questions),
    }
    return render(request, "console/surveys/preview.html", context)
