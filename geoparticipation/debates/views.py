"""The debate pages of the citizen site: a concertation's debates, and one debate with its columns of arguments."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.gis.db.models.functions import Transform
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from geoparticipation.console.spaces import preview
from geoparticipation.limits.counters import limited, write_refusal
from geoparticipation.operations.idempotency import idempotent_form
from geoparticipation.participation import rules
from geoparticipation.participation import services as participation
from geoparticipation.participation.models import Follow
from geoparticipation.territory.selectors import commune_points
from geoparticipation.web.forms import ReportForm, add_service_errors
from geoparticipation.web.views import _page_process

from . import selectors, services
from .forms import SORT_CHOICES, ArgumentForm, ReplyForm
from .models import Argument, Debate, Stance

PAGE_SIZE = 20

#: the rate (settings.RATE_LIMITS) that counts each action of the debate page
ACTION_SCOPES = {
    "argument": "comments",
    "reply": "comments",
    "support": "supports",
    "unsupport": "supports",
    "follow": "supports",
    "unfollow": "supports",
    "report": "reports",
    "report_argument": "reports",
}


@preview.preview_headers
def debate_list(request, slug):
    process = _page_process(request, slug)
    # A concertation has a few debates, opened by officers: counting them is one look-up of its index.
    debates = selectors.debates_of(process, preview.contents(request, Debate.objects))
    page = Paginator(debates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "debates/debate_list.html", {"process": process, "tab": "debates", "page": page})


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 10_000))
    except (TypeError, ValueError):
        return 1


def _hidden_debate_page(request, slug, pk):
    """As for a proposal: moderation hid it (410), and says when and why; a 404 for whoever could not have seen it."""
    hidden = get_object_or_404(
        preview.hidden(request, Debate.objects)
        .select_related("process")
        .only("process", "hidden_at", "hidden_category"),
        process__slug=slug,
        pk=pk,
    )
    return render(
        request,
        "debates/debate_hidden.html",
        {"process": hidden.process, "tab": "debates", "hidden": hidden},
        status=410,
    )


def _posted_argument(request, debate, name="argument"):
    """The published argument of this debate that a form names; a hidden or foreign one is not found."""
    try:
        pk = int(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Argument.objects.published().select_related("debate__process"), debate=debate, pk=pk)


@idempotent_form
@preview.preview_headers
def debate_detail(request, slug, pk):
    debate = preview.find(
        request,
        slug,
        Debate.objects.select_related("process", "commune")
        .prefetch_related("process__phases")
        .defer("commune__geom")
        .annotate(point=Transform("geom", settings.API_SRID)),
        pk=pk,
    )
    if debate is None:
        return _hidden_debate_page(request, slug, pk)
    process = debate.process
    argument_form, report_form = ArgumentForm(), ReportForm()
    reply_forms, argument_report = {}, None
    refusal, refused = None, False
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        action = request.POST.get("action")
        refusal = write_refusal(request, ACTION_SCOPES[action]) if action in ACTION_SCOPES else None
        if action == "argument":
            argument_form = ArgumentForm(request.POST)
        elif action == "report":
            report_form = ReportForm(request.POST)
        elif action == "reply":
            parent = _posted_argument(request, debate, "parent")
            reply_forms[parent.pk] = ReplyForm(request.POST, auto_id=f"id_reply{parent.pk}_%s")
        elif action == "report_argument":
            argument_report = _posted_argument(request, debate)
            argument_report.report_form = ReportForm(request.POST, auto_id=f"id_argument{argument_report.pk}_%s")
        if refusal:
            messages.error(request, refusal.message)
        else:
            try:
                done = _action(request, debate, action, argument_form, report_form, reply_forms, argument_report)
            except (rules.NotAllowedNow, PermissionDenied) as error:
                messages.error(request, str(error))
                refused, done = True, None
            if done is not None:
                return redirect(reverse("debates:detail", args=[slug, pk]) + done)
    sort = _sort_of(request)
    try:
        columns = [_column(request, debate, stance, sort) for stance in Stance.values]
    except selectors.BadCursor:
        return HttpResponseBadRequest(
            _("Cette page d'arguments n'existe pas : le lien est incomplet, ou son argument a quitté la colonne."),
            content_type="text/plain; charset=utf-8",
        )
    shown = [argument for c in columns for argument in c.arguments]
    selectors.with_replies(shown, from_reply=request.GET.get("reponses"))
    supported = selectors.supported_by(request.user, shown)
    for argument in shown:
        argument.reply_form = reply_forms.get(argument.pk) or ReplyForm(auto_id=f"id_reply{argument.pk}_%s")
        if argument_report is not None and argument_report.pk == argument.pk:
            argument.report_form = argument_report.report_form
        else:
            argument.report_form = ReportForm(auto_id=f"id_argument{argument.pk}_%s")
    user = request.user
    errors = (
        argument_form.errors
        or report_form.errors
        or any(f.errors for f in reply_forms.values())
        or (argument_report is not None and argument_report.report_form.errors)
    )
    response = render(
        request,
        "debates/debate_detail.html",
        {
            "process": process,
            "tab": "debates",
            "debate": debate,
            "columns": columns,
            "sort": sort,
            "sorts": SORT_CHOICES,
            "supported": supported,
            "argument_form": argument_form,
            "report_form": report_form,
            "commune_points": commune_points(),
            "placed_arguments": selectors.has_placed_arguments(debate),
            "following": user.is_authenticated
            and Follow.objects.filter(user=user, object_id=debate.pk, content_type__model="debate").exists(),
            "refusal_arguments": _refusal(process, debate, rules.ARGUMENTS),
            "refusal_supports": _refusal(process, debate, rules.ARGUMENT_SUPPORTS),
        },
        status=403 if refused else 400 if errors else 200,
    )
    return limited(response, refusal)


def _column(request, debate, stance, sort):
    """A column's page that the query asks for: after or before one of its arguments (its links), or a number."""
    parameter = selectors.PAGE_PARAMETERS[stance]
    return selectors.column(
        debate,
        stance,
        sort=sort,
        page=_page_number(request.GET.get(parameter)),
        after=request.GET.get(f"{parameter}_apres"),
        before=request.GET.get(f"{parameter}_avant"),
    )


def _sort_of(request) -> str:
    """The columns' order of the page, or of the page a form was posted from."""
    return request.GET.get("tri") if request.GET.get("tri") in selectors.SORTS else "soutiens"


@preview.preview_headers
def argument_link(request, slug, pk, argument):
    """An argument's permalink (mails, notifications, search, the layer): the debate's page where it stands (in the
    officers' preview too)."""
    debate = preview.find(request, slug, Debate.objects.only("pk"), pk=pk)
    found = (
        Argument.objects.filter(pk=argument, debate=debate, published_at__isnull=False).select_related("parent").first()
        if debate is not None
        else None
    )
    if found is None:
        return redirect(reverse("debates:detail", args=[slug, pk]))
    return redirect(reverse("debates:detail", args=[slug, pk]) + selectors.anchor_of(found))


def _refusal(process, debate, action):
    """Why the page offers no button for `action`: the calendar's reason, or the debate's closing."""
    if debate.is_closed:
        return _("Ce débat est clos : il n'accepte plus d'arguments ni de soutiens.")
    return process.refusals[action.field.removeprefix("allows_")]


def _action(request, debate, action, argument_form, report_form, reply_forms, argument_report):
    """Runs one action of the debate page; the anchor to go back to, or None to show the forms' errors."""
    user = request.user
    try:
        if action in ("support", "unsupport"):
            argument = _posted_argument(request, debate)
            if action == "support":
                services.argument_support_create(user=user, argument=argument)
            else:
                services.argument_support_delete(user=user, argument=argument)
            return selectors.anchor_of(argument, _sort_of(request))
        if action == "follow":
            participation.follow_create(user=user, target=debate)
            messages.success(request, _("Vous suivez ce débat."))
            return "#suivre"
        if action == "unfollow":
            participation.follow_delete(user=user, target=debate)
            return "#suivre"
        if action == "argument" and argument_form.is_valid():
            argument = services.argument_create(
                author=user,
                debate=debate,
                stance=argument_form.cleaned_data["stance"],
                body=argument_form.cleaned_data["body"],
                geometry=argument_form.point,
            )
            messages.success(request, _("Votre argument est publié."))
            return selectors.anchor_of(argument, _sort_of(request))
        if action == "reply":
            ((parent_pk, form),) = reply_forms.items()
            if form.is_valid():
                parent = Argument.objects.get(pk=parent_pk)
                reply = services.argument_create(
                    author=user, debate=debate, parent=parent, body=form.cleaned_data["body"]
                )
                messages.success(request, _("Votre réponse est publiée."))
                return selectors.anchor_of(reply, _sort_of(request))
            return None
        if action == "report" and report_form.is_valid():
            participation.report_create(reporter=user, target=debate, **report_form.cleaned_data)
            messages.success(request, _("Merci, votre signalement a été transmis à la modération."))
            return ""
        if action == "report_argument" and argument_report.report_form.is_valid():
            participation.report_create(
                reporter=user, target=argument_report, **argument_report.report_form.cleaned_data
            )
            messages.success(request, _("Merci, votre signalement a été transmis à la modération."))
            return selectors.anchor_of(argument_report, _sort_of(request))
    except ValidationError as error:
        if action == "argument":
            add_service_errors(argument_form, error, location_field="lon")
            return None
        if action == "reply":
            add_service_errors(next(iter(reply_forms.values())), error, location_field=None)
            return None
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        return ""
    if action in ("argument", "report", "report_argument"):
        return None
    raise Http404
