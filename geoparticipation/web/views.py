"""The citizen site: concertations with their proposals, meetings and annotation map, and the communes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.gis.db.models.functions import Transform
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page, never_cache
from django.views.i18n import JavaScriptCatalog

from geoparticipation.attachments import services as attachments
from geoparticipation.limits.counters import limited, write_refusal
from geoparticipation.moderation.selectors import with_corrections
from geoparticipation.operations.idempotency import idempotent_form
from geoparticipation.participation import rules, services
from geoparticipation.participation.models import Annotation, Follow, Meeting, Process, Proposal, Support
from geoparticipation.territory.models import Commune
from geoparticipation.territory.selectors import commune_points

from . import selectors
from .communes import COMMUNE_CLASSES, commune_rows, name_matches
from .forms import AnnotationForm, CommentForm, ProposalFilterForm, ProposalForm, ReportForm, add_service_errors

PAGE_SIZE = 20


def _visible_process(request, slug):
    processes = Process.objects.visible_to(request.user).prefetch_related("phases", "themes", "communes")
    return get_object_or_404(processes, slug=slug)


def _page(request, queryset, count=None):
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


# Kept by the triggers of layers/sql/post_20_commune_counts.sql: counting a million proposals for every page of the
# list, or grouping them by commune, would take a second; these read one row per commune and concertation at most.
PUBLISHED = """
    SELECT COALESCE(sum(features), 0) FROM layers_layer_count WHERE kind = %s AND process_id = %s
"""
PUBLISHED_PROPOSALS_IN_COMMUNE = """
    SELECT COALESCE(sum(k.proposals), 0) FROM layers_commune_count k JOIN territory_commune c ON c.id = k.commune_id
    WHERE k.process_id = %s AND c.insee = %s
"""
PUBLIC_BY_COMMUNE = """
    SELECT k.commune_id, sum(k.proposals), sum(k.annotations) FROM layers_commune_count k
    JOIN participation_public_process pr ON pr.id = k.process_id
    GROUP BY k.commune_id
"""
PUBLIC_TOTALS = """
    SELECT COALESCE(sum(k.proposals), 0), COALESCE(sum(k.annotations), 0) FROM layers_commune_count k
    JOIN participation_public_process pr ON pr.id = k.process_id
"""
PUBLIC_IN_COMMUNE = """
    SELECT COALESCE(sum(k.proposals), 0), COALESCE(sum(k.annotations), 0) FROM layers_commune_count k
    JOIN participation_public_process pr ON pr.id = k.process_id
    WHERE k.commune_id = %s
"""


def _published(process, kind="proposals"):
    """The published proposals (or annotations) of a concertation: the length of its unfiltered list."""
    with connection.cursor() as cursor:
        cursor.execute(PUBLISHED, [kind, process.pk])
        return int(cursor.fetchone()[0])


def _kept_count(process, filters):
    """The length of the list from the kept counts, when its filters are none or the commune alone; None when it
    must be counted."""
    applied = {name for name in filters.fields if filters.cleaned_data.get(name)}
    if not applied:
        return _published(process)
    if applied == {"commune"}:
        with connection.cursor() as cursor:
            cursor.execute(PUBLISHED_PROPOSALS_IN_COMMUNE, [process.pk, filters.cleaned_data["commune"]])
            return int(cursor.fetchone()[0])
    return None


def home(request):
    processes = list(Process.objects.visible_to(request.user).prefetch_related("phases"))
    with connection.cursor() as cursor:
        cursor.execute(PUBLIC_TOTALS)
        proposals_count, annotations_count = cursor.fetchone()
    return render(
        request,
        "web/home.html",
        {
            "proposals_count": proposals_count,
            "annotations_count": annotations_count,
            "open_processes": [p for p in processes if p.status == Process.Status.OPEN],
            "upcoming_processes": [p for p in processes if p.status == Process.Status.UPCOMING],
            "closed_processes": [p for p in processes if p.status == Process.Status.CLOSED],
        },
    )


def _proposal_filters(request, process):
    communes = process.communes.defer("geom") or Commune.objects.defer("geom")
    return ProposalFilterForm(request.GET, themes=process.themes.all(), communes=communes.order_by("nom"))


def process_detail(request, slug):
    process = _visible_process(request, slug)
    filters = _proposal_filters(request, process)
    proposals = filters.filter(
        Proposal.objects.visible_to(request.user)
        .filter(process=process)
        .select_related("process", "author", "theme", "commune")
        .defer("commune__geom")
    )
    return render(
        request,
        "web/process_detail.html",
        {
            "process": process,
            "tab": "proposals",
            "filters": filters,
            "page": _page(request, proposals, _kept_count(process, filters)),
        },
    )


@idempotent_form
def proposal_create(request, slug):
    process = _visible_process(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    posted = request.method == "POST"
    form = ProposalForm(request.POST if posted else None, request.FILES if posted else None, process=process)
    refusal = write_refusal(request, "contributions") if request.method == "POST" else None
    refused = rules.refusal(process, rules.PROPOSALS) if request.method == "POST" else None
    if refusal:
        form.add_error(None, refusal.message)
    elif request.method == "POST" and not refused and form.is_valid():
        try:
            proposal = attachments.proposal_create_with_files(
                author=request.user,
                process=process,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                theme=form.cleaned_data["theme"],
                geometry=form.point,
                images=form.checked_images,
                documents=form.checked_documents,
            )
        except rules.NotAllowedNow:
            refused = True  # the phase ended meanwhile: the page says why, as process.refusals does
        except ValidationError as error:
            add_service_errors(form, error, location_field="lon")
        else:
            messages.success(request, _("Merci ! Votre proposition est publiée."))
            return redirect("web:proposal", slug=process.slug, pk=proposal.pk)
    response = render(
        request,
        "web/proposal_form.html",
        {"process": process, "tab": "proposals", "form": form, "commune_points": commune_points()},
        status=_write_status(refused, form),
    )
    return limited(response, refusal)


def _write_status(refused, form):
    """A write the calendar refuses is a 403 (the page says why); a form with errors a 400."""
    return 403 if refused else 400 if form.errors else 200


def _hidden_proposal_page(request, slug, pk):
    """The notice that moderation hid the proposal (410 Gone): when, and the public category; never the content,
    its author, the reporter or the officer. A 404 for whoever could not have seen it before."""
    hidden = get_object_or_404(
        Proposal.objects.hidden()
        .in_processes_visible_to(request.user)
        .select_related("process")
        .only("process", "hidden_at", "hidden_category"),
        process__slug=slug,
        pk=pk,
    )
    return render(
        request, "web/hidden.html", {"process": hidden.process, "tab": "proposals", "hidden": hidden}, status=410
    )


@idempotent_form
def proposal_detail(request, slug, pk):
    proposal = (
        Proposal.objects.visible_to(request.user)
        .select_related("process", "author", "theme", "commune")
        .prefetch_related("process__phases", "files")
        .defer("commune__geom")
        .annotate(point=Transform("geom", settings.API_SRID))
        .filter(process__slug=slug, pk=pk)
        .first()
    )
    if proposal is None:
        return _hidden_proposal_page(request, slug, pk)
    comments = with_corrections(proposal.comments.select_related("author"))
    comment_form, report_form = CommentForm(), ReportForm()
    reported_comment = None
    refusal, refused = None, False
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        action = request.POST.get("action")
        if action == "comment":
            comment_form = CommentForm(request.POST)
        elif action == "report":
            report_form = ReportForm(request.POST)
        elif action == "report_comment":
            reported_comment = _reported_comment(request, comments)
            reported_comment.report_form = ReportForm(request.POST, auto_id=_comment_report_id(reported_comment))
        refusal = write_refusal(request, ACTION_SCOPES[action]) if action in ACTION_SCOPES else None
        if refusal:
            # The page again, with what was typed in its forms.
            messages.error(request, refusal.message)
        else:
            try:
                done = _proposal_action(request, proposal, action, comment_form, report_form, reported_comment)
            except rules.NotAllowedNow as error:
                messages.error(request, str(error))
                refused, done = True, None
            if done:
                return redirect(reverse("web:proposal", args=[slug, pk]) + done)
    for comment in comments:
        if comment.hidden_at is None and not hasattr(comment, "report_form"):
            comment.report_form = ReportForm(auto_id=_comment_report_id(comment))
    user = request.user
    response = render(
        request,
        "web/proposal_detail.html",
        {
            "process": proposal.process,
            "tab": "proposals",
            "proposal": with_corrections([proposal])[0],
            # Hidden comments keep their place as a notice; the count is of the published ones (comments_count).
            "comments": comments,
            "comment_form": comment_form,
            "report_form": report_form,
            "supported": user.is_authenticated and Support.objects.filter(user=user, proposal=proposal).exists(),
            "following": user.is_authenticated
            and Follow.objects.filter(user=user, object_id=proposal.pk, content_type__model="proposal").exists(),
        },
        status=403
        if refused
        else 400
        if comment_form.errors or report_form.errors or _report_errors(reported_comment)
        else 200,
    )
    return limited(response, refusal)


def _report_errors(comment):
    return comment is not None and comment.report_form.errors


def _reported_comment(request, comments):
    """The published comment of this thread that the form reports: a hidden or foreign one is not found."""
    wanted = request.POST.get("comment", "")
    comment = next((c for c in comments if c.hidden_at is None and str(c.pk) == wanted), None)
    if comment is None:
        raise Http404
    return comment


def _comment_report_id(comment):
    """Ids of its own for each comment's report form, so that every label points to its own field."""
    return f"id_comment{comment.pk}_%s"


#: the rate (settings.RATE_LIMITS) that counts each action of the proposal page
ACTION_SCOPES = {
    "support": "supports",
    "unsupport": "supports",
    "follow": "supports",
    "unfollow": "supports",
    "comment": "comments",
    "report": "reports",
    "report_comment": "reports",
}


def _proposal_action(request, proposal, action, comment_form, report_form, reported_comment):
    """Runs one action of the proposal page; the anchor to go back to, or None to show the form's errors."""
    user = request.user
    try:
        if action == "support":
            services.support_create(user=user, proposal=proposal)
            return "#soutiens"
        if action == "unsupport":
            services.support_delete(user=user, proposal=proposal)
            return "#soutiens"
        if action == "follow":
            services.follow_create(user=user, target=proposal)
            messages.success(request, _("Vous suivez cette proposition."))
            return "#soutiens"
        if action == "unfollow":
            services.follow_delete(user=user, target=proposal)
            return "#soutiens"
        if action == "comment" and comment_form.is_valid():
            services.comment_create(author=user, target=proposal, body=comment_form.cleaned_data["body"])
            messages.success(request, _("Votre commentaire est publié."))
            return "#commentaires"
        if action == "report" and report_form.is_valid():
            services.report_create(reporter=user, target=proposal, **report_form.cleaned_data)
            messages.success(request, _("Merci, votre signalement a été transmis à la modération."))
            return ""
        if action == "report_comment" and reported_comment.report_form.is_valid():
            services.report_create(reporter=user, target=reported_comment, **reported_comment.report_form.cleaned_data)
            messages.success(request, _("Merci, votre signalement a été transmis à la modération."))
            return f"#commentaire-{reported_comment.pk}"
    except ValidationError as error:
        if action == "comment":
            add_service_errors(comment_form, error, location_field=None)
            return None
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        return "#soutiens"
    return None if action in ("comment", "report", "report_comment") else ""


def _with_reports(meetings, user):
    """Meetings with the proposals their reports link that `user` may see (a hidden one is left out), as
    `visible_report_proposals`."""
    proposals = Proposal.objects.visible_to(user).select_related("process").only("pk", "title", "process__slug")
    return meetings.prefetch_related(
        Prefetch("report_proposals", queryset=proposals.order_by("title"), to_attr="visible_report_proposals")
    )


def process_meetings(request, slug):
    process = _visible_process(request, slug)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(process=process)
        .select_related("commune")
        .defer("commune__geom")
    )
    now = timezone.now()
    return render(
        request,
        "web/process_meetings.html",
        {
            "process": process,
            "tab": "meetings",
            "upcoming": meetings.filter(end_time__gte=now),
            "past": _with_reports(meetings.filter(end_time__lt=now).order_by("-start_time"), request.user),
        },
    )


@idempotent_form
def process_annotations(request, slug):
    process = _visible_process(request, slug)
    annotations = (
        Annotation.objects.visible_to(request.user)
        .filter(process=process)
        .select_related("author", "commune")
        .defer("commune__geom")
    )
    reporting = request.method == "POST" and request.POST.get("action") == "report"
    form = AnnotationForm(request.POST if request.method == "POST" and not reporting else None)
    refusal = report_errors = refused = None
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.path)
    if reporting:
        annotation, refusal, report_errors = _report_annotation(request, annotations)
        if not refusal and not report_errors:
            # Back to the page of the list the report was sent from (the form posts to it, ?page= included).
            return redirect(request.get_full_path() + f"#annotation-{annotation.pk}")
    elif request.method == "POST":
        refusal = write_refusal(request, "contributions")
        refused = rules.refusal(process, rules.ANNOTATIONS)
        if refusal:
            form.add_error(None, refusal.message)
        elif not refused and form.is_valid():
            try:
                services.annotation_create(
                    author=request.user,
                    process=process,
                    kind=form.cleaned_data["kind"],
                    comment=form.cleaned_data["comment"],
                    geometry=form.cleaned_data["geometry"],
                )
            except rules.NotAllowedNow:
                refused = True
            except ValidationError as error:
                add_service_errors(form, error, location_field="geometry")
            else:
                messages.success(request, _("Merci ! Votre annotation est publiée sur la carte."))
                return redirect("web:annotations", slug=process.slug)
    page = _page(request, annotations, _published(process, "annotations"))
    page.object_list = with_corrections(page.object_list)
    for annotation in page.object_list:
        annotation.report_form = ReportForm(auto_id=f"id_annotation{annotation.pk}_%s")
    response = render(
        request,
        "web/process_annotations.html",
        {"process": process, "tab": "annotations", "form": form, "page": page},
        status=403 if refused else 400 if form.errors or report_errors else 200,
    )
    return limited(response, refusal)


def _report_annotation(request, annotations):
    """The « Signaler » of an annotation in the map's list, on one the reader may see (a hidden or private one is not
    found), at the rate of reports: (annotation, refusal, form errors)."""
    annotation = get_object_or_404(annotations, pk=_int_or_none(request.POST.get("annotation")))
    form = ReportForm(request.POST)
    refusal = write_refusal(request, "reports")
    if refusal:
        messages.error(request, refusal.message)
    elif form.is_valid():
        services.report_create(reporter=request.user, target=annotation, **form.cleaned_data)
        messages.success(request, _("Merci, votre signalement a été transmis à la modération."))
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return annotation, refusal, form.errors if not refusal else None


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@never_cache
def private_proposals_data(request, slug):
    """The proposals of a private concertation, for its maps: its members only (the published layers omit them)."""
    process = _private_process(request, slug)
    proposals = _proposal_filters(request, process).filter(
        Proposal.objects.visible_to(request.user).filter(process=process)
    )
    collection = selectors.feature_collection(proposals, selectors.PROPOSAL_PROPERTIES, page="web:proposal")
    return HttpResponse(collection, content_type="application/geo+json")


@never_cache
def private_annotations_data(request, slug):
    """The annotations of a private concertation, for its map: its members only."""
    process = _private_process(request, slug)
    annotations = Annotation.objects.visible_to(request.user).filter(process=process)
    collection = selectors.feature_collection(annotations, selectors.ANNOTATION_PROPERTIES)
    return HttpResponse(collection, content_type="application/geo+json")


def _private_process(request, slug):
    """A 404 for anyone but a member (or an officer), and for public concertations, whose data the layers serve."""
    if not request.user.is_authenticated:
        raise Http404
    process = _visible_process(request, slug)
    if not process.is_private:
        raise Http404
    return process


def commune_list(request):
    with connection.cursor() as cursor:
        cursor.execute(PUBLIC_BY_COMMUNE)
        counts = {commune_id: (proposals, annotations) for commune_id, proposals, annotations in cursor.fetchall()}
    rows = commune_rows(Commune.objects.only("insee", "nom", "population").order_by("nom"), counts)
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "web/commune_list.html",
        {
            "communes": rows,
            # Every commune is listed, those that do not match hidden: the page's script filters the same rows.
            "matching": {row.insee for row in rows if name_matches(row.nom, query)},
            "query": query,
            "rates": {row.insee: row.per_1000 for row in rows},
            "classes": COMMUNE_CLASSES,
        },
    )


def commune_detail(request, insee):
    commune = get_object_or_404(Commune.objects.defer("geom"), insee=insee)
    proposals = (
        Proposal.objects.public()
        .in_commune(commune)
        .select_related("process", "author", "theme", "commune")
        .defer("commune__geom")
    )
    with connection.cursor() as cursor:
        cursor.execute(PUBLIC_IN_COMMUNE, [commune.pk])
        proposals_count, annotations_count = cursor.fetchone()
    return render(
        request,
        "web/commune_detail.html",
        {
            "commune": commune,
            "page": _page(request, proposals, proposals_count),
            "annotations_count": annotations_count,
            "meetings": Meeting.objects.public()
            .in_commune(commune)
            .filter(end_time__gte=timezone.now())
            .select_related("process"),
        },
    )


# The project's strings only: those of LOCALE_PATHS, which Django always reads, and of this app, rather than the
# catalogs of every installed app (the admin's among them). They change with a deployment: a day in the cache, and
# in the browser.
_javascript_catalog = cache_page(24 * 3600)(JavaScriptCatalog.as_view(packages=["geoparticipation.web"]))


def javascript_catalog(request, language):
    """The strings of the site's scripts (locale/*/LC_MESSAGES/djangojs.po) in `language`: one address a language,
    so that a browser that cached one catalog does not show it again after a switch of the language menu."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(language):
        response = _javascript_catalog(request)
    response.headers["Content-Language"] = language
    return response
