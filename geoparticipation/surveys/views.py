"""The survey pages of a concertation: the list, the questionnaire, and its public results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from geoparticipation.console.spaces import preview
from geoparticipation.limits.counters import limited, write_refusal
from geoparticipation.operations.idempotency import idempotent_form
from geoparticipation.participation import rules
from geoparticipation.participation.models import Process
from geoparticipation.territory.selectors import commune_points

from . import selectors, services
from .forms import ProfileForm, SurveyForm
from .privacy import SMALL_COUNT


def _visible_survey(request, slug, survey_slug):
    """A questionnaire of a concertation `request.user` may open, or read only in its officers' preview."""
    process = preview.open_process(request, slug, Process.objects.prefetch_related("phases"))
    survey = get_object_or_404(selectors.visible_surveys(request.user, process), slug=survey_slug)
    survey.process = process  # the one with its phases prefetched, for the calendar's rules
    return survey


@preview.preview_headers
def survey_list(request, slug):
    process = preview.open_process(request, slug, Process.objects.prefetch_related("phases"))
    surveys = list(selectors.visible_surveys(request.user, process))
    for survey in surveys:
        survey.process = process
    return render(request, "surveys/survey_list.html", {"process": process, "tab": "surveys", "surveys": surveys})


def _save(request, survey, response, form, profile_form):
    """Saves the answers; None when saved, else the status of the page that shows why not."""
    if survey.refusal is not None:
        form.add_error(None, survey.refusal)
        return 403
    if not form.is_valid() or (profile_form is not None and not profile_form.is_valid()):
        return 400
    profile = profile_form.profile() if profile_form else None
    # A form sent without the response it edits is a second response (another tab, an old page): refused.
    editing = response is not None and request.POST.get("response") == str(response.pk)
    try:
        if editing:
            services.response_update(response=response, answers=form.answers(), profile=profile)
        else:
            services.response_create(survey=survey, user=request.user, answers=form.answers(), profile=profile)
    except rules.NotAllowedNow as refused:
        form.add_error(None, str(refused))
        return 403
    except ValidationError as error:
        form.add_service_errors(error)
        return 409 if response is not None and not editing else 400
    messages.success(request, "Vos réponses sont modifiées." if editing else "Merci ! Vos réponses sont enregistrées.")
    return None


@login_required
@idempotent_form
@preview.preview_headers
def survey_detail(request, slug, survey_slug):
    survey = _visible_survey(request, slug, survey_slug)
    response = selectors.response_of(survey, request.user)
    data = request.POST if request.method == "POST" else None
    form = SurveyForm(data, questions=survey.questions.prefetch_related("choices"))
    profile_form = ProfileForm(data, user=request.user) if survey.ask_profile else None
    status, refusal = 200, None
    if request.method == "POST":
        refusal = write_refusal(request, "contributions")
        if refusal:
            form.add_error(None, refusal.message)
        else:
            status = _save(request, survey, response, form, profile_form)
            if status is None:
                return redirect("surveys:results", slug=slug, survey_slug=survey.slug)
    elif response is not None:
        form.set_answers(selectors.answers_of(response))
    page = render(
        request,
        "surveys/survey_form.html",
        {
            "process": survey.process,
            "tab": "surveys",
            "survey": survey,
            "form": form,
            "profile_form": profile_form,
            "response": response,
            "commune_points": commune_points(),
            "has_drawing": any(q.shape for q in form.questions),
        },
        status=status,
    )
    return limited(page, refusal)


# The classes of the results' maps, from the smallest count that is ever published: answers placed in a commune.
MAP_CLASSES = [
    {"lower": SMALL_COUNT, "upper": 10, "colour": "#c6dbef"},
    {"lower": 10, "upper": 20, "colour": "#6baed6"},
    {"lower": 20, "upper": 50, "colour": "#2171b5"},
    {"lower": 50, "upper": None, "colour": "#08306b"},
]


@preview.preview_headers
def survey_results(request, slug, survey_slug):
    survey = _visible_survey(request, slug, survey_slug)
    return render(
        request,
        "surveys/survey_results.html",
        {
            "process": survey.process,
            "tab": "surveys",
            "survey": survey,
            "results": selectors.survey_results(survey),
            "small_count": SMALL_COUNT,
            "map_classes": MAP_CLASSES,
        },
    )
