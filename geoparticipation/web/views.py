"""The citizen site: concertations with their proposals, meetings and annotation map, and the communes."""

import json
import math
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db.models.functions import Transform
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page, never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import JavaScriptCatalog

from geoparticipation.analysis.forms import AnswerCursorForm
from geoparticipation.attachments import services as attachments
from geoparticipation.console.spaces import preview
from geoparticipation.limits.counters import limited, write_refusal
from geoparticipation.moderation.selectors import with_corrections
from geoparticipation.operations.idempotency import idempotent_form
from geoparticipation.participation import rules, services
from geoparticipation.participation.geometry import check_geometry, geometry_from_geojson
from geoparticipation.participation.models import (
    Annotation,
    Comment,
    Follow,
    Meeting,
    MeetingRegistration,
    Process,
    Proposal,
    Support,
)
from geoparticipation.participation.places import place_for
from geoparticipation.participation.selectors import comment_thread
from geoparticipation.search.kinds import COUNTED
from geoparticipation.territory.models import Commune
from geoparticipation.territory.selectors import commune_points

from . import selectors, thumbnails
from .communes import COMMUNE_CLASSES, commune_rows, name_matches
from .forms import (
    VOTES,
    AnnotationForm,
    CommentForm,
    ProposalFilterForm,
    ProposalForm,
    ReplyForm,
    ReportForm,
    add_service_errors,
)
from .pagination import CappedPaginator, Keyset, SeekPage

PAGE_SIZE = 20
# The highest page number a cursor's link may show (a forged one is shown as this).
PAGE_LIMIT = 10**9
# Proposals counted in a filtered list, as the site search counts its matches: beyond, « plus de 1 000 ».
LIST_COUNTED = COUNTED


def _visible_process(request, slug):
    processes = Process.objects.visible_to(request.user).prefetch_related("phases", "themes", "communes")
    return get_object_or_404(processes, slug=slug)


def _page_process(request, slug):
    """The concertation of one of its pages (or tabs): as _visible_process, or read-only in its officers' preview."""
    return preview.open_process(request, slug, Process.objects.prefetch_related("phases", "themes", "communes"))


def _page(request, keyset, count=None, *, matches=None):
    """A page of the list `keyset` (pagination.Keyset); without its kept `count`, its `matches` (a queryset of its
    rows) are counted up to LIST_COUNTED only.

    The page after the row of `apres`, or before that of `avant`, is read from there, as deep as it is (« Suivante »
    and « Précédente » carry them, as the bilan's answers do); `page` only numbers it. A cursor not of the list's
    rows shows the first page; a `page` alone is read by its number."""
    if count is None:
        paginator = CappedPaginator(keyset, PAGE_SIZE, cap=LIST_COUNTED, matches=matches)
    else:
        paginator = Paginator(keyset, PAGE_SIZE)
        paginator.count = count
    cursor = AnswerCursorForm(request.GET)
    if not cursor.is_valid() or not (cursor.cleaned_data["apres"] or cursor.cleaned_data["avant"]):
        # A bad cursor (forged, non-numeric, huge) shows the first page.
        return paginator.get_page(None if "apres" in request.GET or "avant" in request.GET else request.GET.get("page"))
    found = keyset.page(PAGE_SIZE, after=cursor.cleaned_data["apres"], before=cursor.cleaned_data["avant"])
    if found is None:
        return paginator.get_page(None)
    rows, has_previous, has_next = found
    # The number shown: the link's (a page with rows before it is the second at least), the first if none are.
    number = min(max(_int_or_none(request.GET.get("page")) or 2, 2), PAGE_LIMIT) if has_previous else 1
    return SeekPage(rows, number, paginator, has_previous=has_previous, has_next=has_next)


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


#: the cookie that keeps a visitor's seed of the random order, so that their pages follow one order
SEED_COOKIE = "ordre_aleatoire"


def _seed(request):
    """The visitor's seed of the random order, and whether it is new (to be set in their cookie)."""
    kept = request.COOKIES.get(SEED_COOKIE, "")
    if kept.isdigit() and int(kept) <= selectors.SEED_LIMIT and "melanger" not in request.GET:
        return int(kept), False
    return secrets.randbelow(selectors.SEED_LIMIT + 1), True


@preview.preview_headers
def process_detail(request, slug):
    process = _page_process(request, slug)
    filters = _proposal_filters(request, process)
    sort = request.GET.get("tri", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    seed, new_seed = _seed(request) if sort == "aleatoire" else (0, False)
    if "melanger" in request.GET:
        # A new order on demand: the same address without the request for it, from the first page.
        query = request.GET.copy()
        query.pop("melanger")
        for name in ("page", "apres", "avant"):
            query.pop(name, None)
        response = redirect(f"{request.path}?{query.urlencode()}")
    else:
        proposals = filters.filter(
            preview.contents(request, Proposal.objects)
            .filter(process=process)
            .select_related("process", "author", "theme", "commune")
            .defer("commune__geom")
        )
        # A cursor's proposal is one of the concertation's, hidden or filtered out meanwhile as well.
        sorted_list = selectors.sorted_proposals(
            proposals, sort, seed, anchors=Proposal.objects.filter(process=process)
        )
        response = render(
            request,
            "web/process_detail.html",
            {
                "process": process,
                "tab": "proposals",
                "open_graph": _open_graph(
                    request,
                    title=process.title,
                    description=process.subtitle or process.presentation,
                    url=reverse("web:process", args=[slug]),
                    image=reverse("web:process_thumbnail", args=[slug, _process_thumbnail_version(process)]),
                    image_alt=_("Carte : territoire de la concertation"),
                ),
                "filters": filters,
                "sorts": selectors.SORTS,
                "sort": sort,
                "page": _page(
                    request,
                    sorted_list,
                    _kept_count(process, filters),
                    matches=proposals,
                ),
            },
        )
    if new_seed:
        response.set_cookie(SEED_COOKIE, str(seed), samesite="Lax", secure=request.is_secure(), httponly=True)
    return response


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


def _own_proposal(request, slug, pk):
    """The proposal as its page shows it (a hidden one is the 410 notice, one the user may not see a 404), for the
    author's edit and withdrawal; None with the response to give instead."""
    proposal = (
        Proposal.objects.visible_to(request.user)
        .select_related("process", "commune")
        .defer("commune__geom")
        .annotate(point=Transform("geom", settings.API_SRID))
        .filter(process__slug=slug, pk=pk)
        .first()
    )
    if proposal is None:
        return None, _hidden_proposal_page(request, slug, pk)
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    proposal.process = _visible_process(request, slug)
    return proposal, None


@idempotent_form
def proposal_edit(request, slug, pk):
    """The author's edit: the creation form, filled in with the proposal, with its files to remove and new ones to
    add. Refused (403, saying why) on the rules of rules.edit_refusal, which the service applies again on every
    path."""
    proposal, response = _own_proposal(request, slug, pk)
    if response:
        return response
    process = proposal.process
    initial = {
        "title": proposal.title,
        "body": proposal.body,
        "theme": proposal.theme.slug if proposal.theme else None,
        "lon": round(proposal.point.x, 6),
        "lat": round(proposal.point.y, 6),
    }
    posted = request.method == "POST"
    form = ProposalForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        process=process,
        initial=initial,
        attached=list(proposal.files.all()),
    )
    edit_refusal = services.proposal_edit_refusal(proposal=proposal, user=request.user)
    refusal = write_refusal(request, "contributions") if request.method == "POST" and not edit_refusal else None
    if refusal:
        form.add_error(None, refusal.message)
    elif request.method == "POST" and not edit_refusal and form.is_valid():
        try:
            attachments.proposal_edit_with_files(
                proposal=proposal,
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                theme=form.cleaned_data["theme"],
                geometry=form.point,
                images=form.checked_images,
                documents=form.checked_documents,
                remove=form.cleaned_data.get("remove", []),
            )
        except rules.NotAllowedNow as error:
            edit_refusal = str(error)
        except ValidationError as error:
            add_service_errors(form, error, location_field="lon")
        else:
            messages.success(request, _("Votre proposition est modifiée."))
            return redirect("web:proposal", slug=process.slug, pk=proposal.pk)
    response = render(
        request,
        "web/proposal_form.html",
        {
            "process": process,
            "tab": "proposals",
            "form": form,
            "commune_points": commune_points(),
            "proposal": proposal,
            "edit_refusal": edit_refusal,
        },
        status=_write_status(edit_refusal, form),
    )
    return limited(response, refusal)


def proposal_withdraw(request, slug, pk):
    """The author's withdrawal, asked for on a page of its own so that a click alone withdraws nothing."""
    proposal, response = _own_proposal(request, slug, pk)
    if response:
        return response
    withdraw_refusal = rules.withdraw_refusal(proposal, request.user)
    refusal = write_refusal(request, "contributions") if request.method == "POST" and not withdraw_refusal else None
    if refusal:
        messages.error(request, refusal.message)
    elif request.method == "POST" and not withdraw_refusal:
        try:
            services.proposal_withdraw(proposal=proposal, user=request.user)
        except rules.NotAllowedNow as error:
            withdraw_refusal = str(error)
        else:
            messages.success(request, _("Votre proposition est retirée. Elle reste visible, marquée « Retirée »."))
            return redirect("web:proposal", slug=slug, pk=pk)
    response = render(
        request,
        "web/proposal_withdraw.html",
        {"process": proposal.process, "tab": "proposals", "proposal": proposal, "withdraw_refusal": withdraw_refusal},
        status=403 if withdraw_refusal else 200,
    )
    return limited(response, refusal)


def _write_status(refused, form):
    """A write the calendar refuses is a 403 (the page says why); a form with errors a 400."""
    return 403 if refused else 400 if form.errors else 200


def _hidden_proposal_page(request, slug, pk):
    """The notice that moderation hid the proposal (410 Gone): when, and the public category; never the content,
    its author, the reporter or the officer. A 404 for whoever could not have seen it before."""
    hidden = get_object_or_404(
        preview.hidden(request, Proposal.objects)
        .select_related("process")
        .only("process", "hidden_at", "hidden_category"),
        process__slug=slug,
        pk=pk,
    )
    return render(
        request, "web/hidden.html", {"process": hidden.process, "tab": "proposals", "hidden": hidden}, status=410
    )


@idempotent_form
@preview.preview_headers
def proposal_detail(request, slug, pk):
    proposal = preview.find(
        request,
        slug,
        Proposal.objects.select_related("process", "author", "theme", "commune")
        .prefetch_related("process__phases", "files")
        .defer("commune__geom")
        .annotate(point=Transform("geom", settings.API_SRID)),
        pk=pk,
    )
    if proposal is None:
        return _hidden_proposal_page(request, slug, pk)
    comment_form, report_form = CommentForm(), ReportForm()
    # The forms of one comment bound to what was posted, shown in its thread with their errors and text.
    acted, bound = None, {}
    thread_start = request.GET.get("depuis")
    refusal, refused = None, False
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        action = request.POST.get("action")
        if action == "comment":
            comment_form = CommentForm(request.POST)
        elif action == "report":
            report_form = ReportForm(request.POST)
        elif action in COMMENT_ACTIONS:
            acted = _thread_comment(proposal, request.POST.get("comment", ""))
            thread_start = acted.parent_id or acted.pk
            if action == "reply":
                bound["reply"] = ReplyForm(request.POST, auto_id=_comment_form_id("reply", acted))
            elif action == "report_comment":
                bound["report"] = ReportForm(request.POST, auto_id=_comment_form_id("report", acted))
        refusal = write_refusal(request, ACTION_SCOPES[action]) if action in ACTION_SCOPES else None
        if refusal:
            # The page again, with what was typed in its forms.
            messages.error(request, refusal.message)
        else:
            try:
                done = _proposal_action(request, proposal, action, comment_form, report_form, acted, bound)
            except rules.NotAllowedNow as error:
                messages.error(request, str(error))
                refused, done = True, None
            if done:
                return redirect(reverse("web:proposal", args=[slug, pk]) + done)
    user = request.user
    thread = comment_thread(proposal, sort=request.GET.get("tri"), start=thread_start, user=user)
    _attach_comment_forms(thread, acted, bound)
    response = render(
        request,
        "web/proposal_detail.html",
        {
            "process": proposal.process,
            "tab": "proposals",
            "proposal": with_corrections([proposal])[0],
            "open_graph": _open_graph(
                request,
                title=proposal.title,
                description=proposal.body,
                url=reverse("web:proposal", args=[slug, pk]),
                image=reverse("web:proposal_thumbnail", args=[slug, pk, _proposal_thumbnail_version(proposal)]),
                image_alt=_("Carte : lieu de la proposition, à %(commune)s")
                % {"commune": proposal.commune.nom if proposal.commune else ""},
            ),
            # Hidden comments keep their place as a notice; the count is of the published ones (comments_count).
            "thread": thread,
            "comment_form": comment_form,
            "report_form": report_form,
            "supported": user.is_authenticated and Support.objects.filter(user=user, proposal=proposal).exists(),
            "support_refusal": rules.support_refusal(proposal),
            "can_edit": user.is_authenticated
            and proposal.author_id == user.pk
            and services.proposal_edit_refusal(proposal=proposal, user=user) is None,
            "can_withdraw": rules.withdraw_refusal(proposal, user) is None,
            "following": user.is_authenticated
            and Follow.objects.filter(user=user, object_id=proposal.pk, content_type__model="proposal").exists(),
        },
        status=403
        if refused
        else 400
        if comment_form.errors or report_form.errors or any(form.errors for form in bound.values())
        else 200,
    )
    return limited(response, refusal)


def _thread_comment(proposal, wanted):
    """The published comment of this proposal's thread that a form acts on: a hidden or foreign one is not found."""
    comment = (
        Comment.objects.published()
        .filter(content_type=ContentType.objects.get_for_model(Proposal), object_id=proposal.pk, pk=wanted)
        .select_related("parent")
        .first()
        if wanted.isdigit() and len(wanted) < 19
        else None
    )
    if comment is None:
        raise Http404
    return comment


def _comment_form_id(kind, comment):
    """Ids of its own for each comment's forms, so that every label points to its own field."""
    return f"id_{'comment' if kind == 'report' else kind}{comment.pk}_%s"


def _attach_comment_forms(thread, acted, bound):
    """Each published comment of the page gets its report form, each top comment its reply form: those bound to
    the post for the comment acted on, empty ones elsewhere."""
    for top in thread.comments:
        for comment in (top, *top.thread_replies):
            if comment.hidden_at is not None:
                continue
            mine = acted is not None and comment.pk == acted.pk
            comment.report_form = (mine and bound.get("report")) or ReportForm(
                auto_id=_comment_form_id("report", comment)
            )
        if top.hidden_at is None:
            mine = acted is not None and acted.pk == top.pk
            top.reply_form = (mine and bound.get("reply")) or ReplyForm(auto_id=_comment_form_id("reply", top))


#: the rate (settings.RATE_LIMITS) that counts each action of the proposal page
ACTION_SCOPES = {
    "support": "supports",
    "unsupport": "supports",
    "follow": "supports",
    "unfollow": "supports",
    "comment": "comments",
    "reply": "comments",
    "vote": "supports",
    "report": "reports",
    "report_comment": "reports",
}
#: the actions of the page on one comment (the `comment` field names it)
COMMENT_ACTIONS = ("reply", "vote", "report_comment")


def _proposal_action(request, proposal, action, comment_form, report_form, acted, bound):
    """Runs one action of the proposal page; where to go back to (a query and an anchor), or None to show the
    form's errors."""
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
            comment = services.comment_create(author=user, target=proposal, body=comment_form.cleaned_data["body"])
            messages.success(request, _("Votre commentaire est publié."))
            return f"?depuis={comment.pk}#commentaire-{comment.pk}"
        if action == "reply" and bound["reply"].is_valid():
            reply = services.comment_create(
                author=user, target=proposal, body=bound["reply"].cleaned_data["body"], parent=acted
            )
            messages.success(request, _("Votre réponse est publiée."))
            # From the reply: its top comment's page, with the replies from this one on (the first ones may be many).
            return f"?depuis={reply.pk}#commentaire-{reply.pk}"
        if action == "vote":
            if request.POST.get("vote") not in VOTES:
                raise ValidationError({"value": [_("Choisissez « D'accord » ou « Pas d'accord ».")]})
            services.comment_vote(user=user, comment=acted, value=VOTES[request.POST["vote"]])
            return _thread_query(request) + f"#commentaire-{acted.pk}"
        if action == "report" and report_form.is_valid():
            services.report_create(reporter=user, target=proposal, **report_form.cleaned_data)
            messages.success(request, _("Merci, votre signalement a été transmis à la modération."))
            return ""
        if action == "report_comment" and bound["report"].is_valid():
            services.report_create(reporter=user, target=acted, **bound["report"].cleaned_data)
            messages.success(request, _("Merci, votre signalement a été transmis à la modération."))
            return _thread_query(request) + f"#commentaire-{acted.pk}"
    except ValidationError as error:
        if action in ("comment", "reply"):
            add_service_errors(comment_form if action == "comment" else bound["reply"], error, location_field=None)
            return None
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        return f"#commentaire-{acted.pk}" if action == "vote" else "#soutiens"
    return None if action in ("comment", "reply", "report", "report_comment") else ""


def _thread_query(request):
    """The thread's page and order the form was posted from, to go back to."""
    kept = {key: request.GET[key] for key in ("tri", "depuis") if request.GET.get(key)}
    return "?" + urlencode(kept) if kept else ""


def _with_reports(meetings, user):
    """Meetings with the proposals their reports link that `user` may see (a hidden one is left out), as
    `visible_report_proposals`."""
    proposals = Proposal.objects.visible_to(user).select_related("process").only("pk", "title", "process__slug")
    return meetings.prefetch_related(
        Prefetch("report_proposals", queryset=proposals.order_by("title"), to_attr="visible_report_proposals")
    )


@preview.preview_headers
def process_meetings(request, slug):
    process = _page_process(request, slug)
    meetings = (
        preview.contents(request, Meeting.objects)
        .filter(process=process)
        .select_related("commune")
        .defer("commune__geom")
    )
    now = timezone.now()
    upcoming = meetings.filter(end_time__gte=now).annotate(registered=Count("registrations"))
    registered_ids = set()
    if request.user.is_authenticated:
        registered_ids = set(
            MeetingRegistration.objects.filter(user=request.user, meeting__in=upcoming.values("pk")).values_list(
                "meeting_id", flat=True
            )
        )
    return render(
        request,
        "web/process_meetings.html",
        {
            "process": process,
            "tab": "meetings",
            "upcoming": upcoming,
            "registered_ids": registered_ids,
            "now": now,
            "past": _with_reports(meetings.filter(end_time__lt=now).order_by("-start_time"), request.user),
        },
    )


@require_POST
def meeting_registration(request, slug, pk):
    """« S'inscrire » / « Se désinscrire » on a meeting of the meetings' page (services.meeting_register's rules)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("web:meetings", args=[slug]))
    process = _visible_process(request, slug)
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), process=process, pk=pk)
    if request.POST.get("action") == "unregister":
        if services.meeting_unregister(meeting=meeting, user=request.user):
            messages.success(request, _("Votre inscription à « %s » est annulée.") % meeting.title)
    else:
        try:
            services.meeting_register(meeting=meeting, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Vous êtes inscrit à « %s ».") % meeting.title)
    return redirect(f"{reverse('web:meetings', args=[slug])}#reunion-{meeting.pk}")


@idempotent_form
@preview.preview_headers
def process_annotations(request, slug):
    process = _page_process(request, slug)
    annotations = (
        preview.contents(request, Annotation.objects)
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
    newest = Keyset(annotations, ("-published_at", "-id"), anchors=Annotation.objects.filter(process=process))
    page = _page(request, newest, _published(process, "annotations"))
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
@preview.preview_headers
def private_proposals_data(request, slug):
    """The proposals of a private concertation, for its maps: its members only (the published layers omit them);
    and of a concertation in its officers' preview."""
    process = _private_process(request, slug)
    proposals = _proposal_filters(request, process).filter(
        preview.contents(request, Proposal.objects).filter(process=process)
    )
    collection = selectors.feature_collection(proposals, selectors.PROPOSAL_PROPERTIES, page="web:proposal")
    return HttpResponse(collection, content_type="application/geo+json")


@never_cache
@preview.preview_headers
def private_annotations_data(request, slug):
    """The annotations of a private concertation, for its map: its members only; and of a concertation in its
    officers' preview."""
    process = _private_process(request, slug)
    annotations = preview.contents(request, Annotation.objects).filter(process=process)
    collection = selectors.feature_collection(annotations, selectors.ANNOTATION_PROPERTIES)
    return HttpResponse(collection, content_type="application/geo+json")


def _private_process(request, slug):
    """A 404 for anyone but a member (or an officer, or one previewing the concertation), and for public
    concertations, whose data the layers serve."""
    if not request.user.is_authenticated:
        raise Http404
    process = _page_process(request, slug)
    if not (process.is_private or preview.previewing(request)):
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
    newest = Keyset(
        proposals, ("-published_at", "-id"), anchors=Proposal.objects.in_public_processes().in_commune(commune)
    )
    with connection.cursor() as cursor:
        cursor.execute(PUBLIC_IN_COMMUNE, [commune.pk])
        proposals_count, annotations_count = cursor.fetchone()
    return render(
        request,
        "web/commune_detail.html",
        {
            "commune": commune,
            "page": _page(request, newest, proposals_count),
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


def _coordinate(request, name, limit):
    try:
        value = float(request.GET[name].replace(",", "."))
    except (KeyError, ValueError):
        return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


#: a drawing sent to the place check: the largest the site's forms take (settings.MAX_GEOMETRY_VERTICES) fits
PLACE_CHECK_MAX_BYTES = 2_000_000


def _posted_drawing(request):
    """The drawing of a place check's POST body (`{"geometry": GeoJSON}`), checked as the submit checks it but for
    its territory; or the JSON response that says why not."""
    if len(request.body) > PLACE_CHECK_MAX_BYTES:
        detail = _("Tracé trop lourd pour être vérifié ici : envoyez le formulaire.")
        return None, JsonResponse({"detail": detail}, status=413)
    try:
        geometry = geometry_from_geojson(json.loads(request.body)["geometry"])
        check_geometry(geometry, allowed_types=("Point", "LineString", "Polygon"))
    except ValidationError as error:
        return None, JsonResponse({"detail": " ".join(error.messages)}, status=400)
    except (ValueError, KeyError, TypeError, RecursionError):
        detail = _('Corps attendu : {"geometry": une géométrie GeoJSON en WGS84}.')
        return None, JsonResponse({"detail": detail}, status=400)
    return geometry, None


@never_cache
@require_http_methods(["GET", "POST"])
def place_check(request, slug):
    """For the maps, at the click: the commune of `lon`, `lat` (WGS84), or of a drawing POSTed as GeoJSON, and
    whether the concertation takes a contribution there (participation/places.py). 400 with a message for unreadable
    coordinates or an invalid drawing, 404 for a concertation one may not see. Neither the place nor the answer is
    logged or stored."""
    if request.method == "POST":
        geometry, refusal = _posted_drawing(request)
        if refusal is not None:
            return refusal
        place = place_for(user=request.user, slug=slug, geometry=geometry)
    else:
        lon, lat = _coordinate(request, "lon", 180), _coordinate(request, "lat", 90)
        if lon is None or lat is None:
            detail = _("Paramètres attendus : lon (longitude) et lat (latitude), en degrés WGS84.")
            return JsonResponse({"detail": detail}, status=400)
        place = place_for(user=request.user, slug=slug, lon=lon, lat=lat)
    if place is None:
        return JsonResponse({"detail": _("Concertation introuvable.")}, status=404)
    commune = {"insee": place.insee, "nom": place.nom} if place.insee else None
    return JsonResponse({"inside": place.inside, "commune": commune, "reason": place.reason})


def _thumbnail_response(request, data, version, *, public):
    """A thumbnail whose address carries its version: kept a year by any cache (by the browser alone for a private
    concertation's), and a 304 to whoever has this version already."""
    etag = f'"{version}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(data, content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age=31536000, immutable"
    return response


def _proposal_thumbnail_version(proposal):
    return thumbnails.version("proposal", proposal.pk, proposal.geom.coords, proposal.commune_id)


def proposal_thumbnail(request, slug, pk, version):
    """The map of a proposal's card when its link is shared; none for a hidden proposal (404, as its content)."""
    proposal = get_object_or_404(
        Proposal.objects.visible_to(request.user)
        .select_related("process", "commune")
        .defer("commune__geom")
        .filter(process__slug=slug),
        pk=pk,
    )
    current = _proposal_thumbnail_version(proposal)
    if version != current:
        return redirect("web:proposal_thumbnail", slug=slug, pk=pk, version=current)
    data = thumbnails.cached(
        f"proposals/{proposal.pk}-{current}.png",
        lambda: thumbnails.draw(
            focus_ids=[proposal.commune_id],
            pin=proposal.geom.coords,
            caption=proposal.commune.nom if proposal.commune else "",
        ),
    )
    return _thumbnail_response(request, data, current, public=not proposal.process.is_private)


def _process_thumbnail_version(process):
    return thumbnails.version("process", process.pk, sorted(c.pk for c in process.communes.all()), process.title)


def process_thumbnail(request, slug, version):
    """The map of a concertation's card: its territory among the communes (the metropolis when it has none)."""
    process = _visible_process(request, slug)
    current = _process_thumbnail_version(process)
    if version != current:
        return redirect("web:process_thumbnail", slug=slug, version=current)
    focus = [c.pk for c in process.communes.all()] or list(Commune.objects.values_list("pk", flat=True))
    data = thumbnails.cached(
        f"processes/{process.pk}-{current}.png",
        lambda: thumbnails.draw(focus_ids=focus, caption=process.title),
    )
    return _thumbnail_response(request, data, current, public=not process.is_private)


def _open_graph(request, *, title, description, url, image, image_alt):
    """The Open Graph and Twitter card of a page (templates/web/_open_graph.html), with absolute addresses."""
    return {
        "title": title,
        "image_alt": image_alt,
        "description": Truncator(" ".join(description.split())).chars(200),
        "url": request.build_absolute_uri(url),
        "image": request.build_absolute_uri(image),
        "image_width": thumbnails.WIDTH,
        "image_height": thumbnails.HEIGHT,
    }
