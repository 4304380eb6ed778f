"""A space's components: its meetings (pin, registrations, closing report), debates and news."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from geoparticipation.debates import services as debates
from geoparticipation.debates.models import Debate
from geoparticipation.news.models import Article
from geoparticipation.participation import services
from geoparticipation.participation.models import Meeting, MeetingRegistration
from geoparticipation.territory.selectors import commune_points

from ..access import space_view
from . import forms, selectors

PER_PAGE = 25


def _page(request, queryset, param="page"):
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))
    page.param = param
    return page


@space_view
def meetings(request, process):
    lists = selectors.space_meetings(process)
    return render(
        request,
        "console/components/meetings.html",
        {
            "process": process,
            "without_report": _page(request, lists["without_report"], "sans-compte-rendu"),
            "upcoming": _page(request, lists["upcoming"], "a-venir"),
            "reported": _page(request, lists["reported"], "avec-compte-rendu"),
        },
    )


def _meeting_form(request, process, meeting):
    form = forms.MeetingForm(
        request.POST or None,
        instance=meeting,
        process=process,
        centre=None if meeting.pk else selectors.territory_centre(process),
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"La réunion « {saved.title} » est enregistrée.")
        return redirect("console:space_meetings", process.slug)
    return render(
        request,
        "console/components/meeting_form.html",
        {"process": process, "form": form, "meeting": meeting, "commune_points": commune_points()},
        status=400 if form.errors else 200,
    )


@space_view
def meeting_create(request, process):
    return _meeting_form(request, process, Meeting(process=process))


@space_view
def meeting_edit(request, process, pk):
    return _meeting_form(request, process, get_object_or_404(Meeting, process=process, pk=pk))


@space_view
def meeting_report(request, process, pk):
    meeting = get_object_or_404(Meeting, process=process, pk=pk)
    linked = meeting.report_proposals.order_by("pk").values_list("pk", flat=True)
    initial = {
        "report": meeting.report,
        "attendees": meeting.attendees,
        "report_proposals": ", ".join(map(str, linked)),
    }
    form = forms.ReportForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_report_write(
                meeting=meeting,
                report=form.cleaned_data["report"],
                attendees=form.cleaned_data["attendees"],
                proposals=form.cleaned_data["report_proposals"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Le compte rendu de « {meeting.title} » est enregistré.")
            return redirect("console:space_meetings", process.slug)
    return render(
        request,
        "console/components/meeting_report.html",
        {"process": process, "meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@space_view
def meeting_registrations(request, process, pk):
    meeting = get_object_or_404(Meeting, process=process, pk=pk)
    registrations = MeetingRegistration.objects.filter(meeting=meeting).select_related("user").order_by("pk")
    return render(
        request,
        "console/components/meeting_registrations.html",
        {"process": process, "meeting": meeting, "page": _page(request, registrations)},
    )


class _Echo:
    def write(self, value):
        return value


@space_view
def meeting_registrations_csv(request, process, pk):
    """The organisers' list: personal data (pseudonym and e-mail), for this meeting only, streamed."""
    meeting = get_object_or_404(Meeting, process=process, pk=pk)
    rows = (
        MeetingRegistration.objects.filter(meeting=meeting)
        .order_by("pk")
        .values_list("user__pseudonym", "user__email", "created_at")
    )
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(["pseudonyme", "e-mail", "inscrit le"])
        for pseudonym, email, created_at in rows.iterator(chunk_size=1000):
            yield writer.writerow([pseudonym, email, timezone.localtime(created_at).strftime("%d/%m/%Y %H:%M")])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscriptions-reunion-{meeting.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@space_view
def debate_list(request, process):
    debates_page = _page(request, Debate.objects.filter(process=process).order_by("-pk"))
    return render(request, "console/components/debates.html", {"process": process, "page": debates_page})


def _debate_form(request, process, debate):
    form = forms.DebateForm(request.POST or None, instance=debate, process=process)
    if request.method == "POST" and form.is_valid():
        debate = form.save(commit=False)
        debate.process = process
        if debate.published_at is None:
            debate.published_at = timezone.now()
        try:
            debates.debate_save(debate=debate)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Le débat « {debate.title} » est enregistré.")
            return redirect("console:space_debates", process.slug)
    return render(
        request,
        "console/components/debate_form.html",
        {"process": process, "form": form, "debate": debate, "commune_points": commune_points()},
        status=400 if form.errors else 200,
    )


@space_view
def debate_create(request, process):
    return _debate_form(request, process, Debate(process=process))


@space_view
def debate_edit(request, process, pk):
    return _debate_form(request, process, get_object_or_404(Debate, process=process, pk=pk))


@space_view
def debate_close(request, process, pk):
    debate = get_object_or_404(Debate, process=process, pk=pk)
    form = forms.DebateCloseForm(request.POST or None, initial={"conclusion": debate.conclusion})
    if request.method == "POST" and form.is_valid():
        debate.state = Debate.State.CLOSED
        debate.conclusion = form.cleaned_data["conclusion"]
        try:
            debates.debate_save(debate=debate)
        except ValidationError as exc:
            form.add_error("conclusion", exc.message_dict.get("conclusion", exc.messages))
        else:
            messages.success(request, f"Le débat « {debate.title} » est clos avec sa conclusion.")
            return redirect("console:space_debates", process.slug)
    return render(
        request,
        "console/components/debate_close.html",
        {"process": process, "debate": debate, "form": form},
        status=400 if form.errors else 200,
    )


@space_view
def news_list(request, process):
    articles = _page(request, Article.objects.filter(process=process).order_by("-published_at", "-id"))
    return render(request, "console/components/news.html", {"process": process, "page": articles})


def _article_form(request, process, article):
    form = forms.ArticleForm(request.POST or None, instance=article)
    image = forms.ArticleImageForm(request.POST or None, request.FILES or None, prefix="image")
    wants_image = request.method == "POST" and image.has_changed()
    if request.method == "POST" and form.is_valid() and (not wants_image or image.is_valid()):
        article = form.save(commit=False)
        article.process = process
        if not article.slug:
            article.slug = forms.article_slug(article.title)
        article.save()
        if wants_image:
            image.instance.article = article
            image.save()
        messages.success(request, f"L'actualité « {article.title} » est enregistrée.")
        return redirect("console:space_news", process.slug)
    return render(
        request,
        "console/components/article_form.html",
        {"process": process, "form": form, "image": image, "article": article},
        status=400 if form.errors or (wants_image and image.errors) else 200,
    )


@space_view
def article_create(request, process):
    return _article_form(request, process, Article(process=process))


@space_view
def article_edit(request, process, pk):
    return _article_form(request, process, get_object_or_404(Article, process=process, pk=pk))


@require_POST
@space_view
def article_publish(request, process, pk):
    article = get_object_or_404(Article, process=process, pk=pk)
    article.published = request.POST.get("published") == "1"
    if article.published and article.published_at > timezone.now():
        messages.info(request, f"« {article.title} » paraîtra le {timezone.localtime(article.published_at):%d/%m/%Y}.")
    article.save(update_fields=["published", "updated_at"])
    state = "publiée" if article.published else "retirée (brouillon)"
    messages.success(request, f"L'actualité « {article.title} » est {state}.")
    return redirect("console:space_news", process.slug)
