"""/gestion/moderation/: the queue of reported content, one content's page with its actions, and the journal. Every
action goes through participation.services, which writes the journal, mails the author and purges the snapshots."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from geoparticipation.moderation.selectors import versions_of
from geoparticipation.moderation.services import process_id_of
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, Proposal, Report

from .. import roles
from ..access import forbidden, spaces_required
from . import selectors
from .forms import CorrectForm, HideForm, JournalFilter, QueueFilter
from .kinds import BY_SLUG, kind_of_content_type

PER_PAGE = 50


def _scope(user):
    """The concertations whose content `user` moderates, as ids (None: all, for an administrator)."""
    return None if roles.is_administrator(user) else set(roles.access_of(user).process_ids)


def _moderates(user, content) -> bool:
    """A comment is moderated by the officers of what it is about; one left without its target, by administrators."""
    if isinstance(content, Comment):
        target = content.target
        return roles.can_moderate(user, target) if target is not None else roles.is_administrator(user)
    return roles.can_moderate(user, content)


def item_url(kind, pk) -> str:
    return reverse("console:moderation_item", args=[kind.slug, pk])


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@spaces_required
def queue(request):
    processes = roles.managed_processes(request.user)
    filters = QueueFilter(request.GET or None, processes=processes)
    data = filters.cleaned_data if filters.is_valid() else {}
    process_ids = _scope(request.user)
    if data.get("concertation"):
        process_ids = {data["concertation"].pk}
    rows = selectors.queue(
        process_ids=process_ids,
        kind=BY_SLUG.get(data.get("type") or ""),
        state=data.get("etat") or selectors.WAITING,
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    items = selectors.with_contents(page.object_list)
    for row in items:
        row["url"] = item_url(row["kind"], row["object_id"])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "console/moderation/queue.html",
        {
            "filters": filters,
            "page": page,
            "items": items,
            "query": query.urlencode(),
            "hide_form": HideForm(auto_id="bulk_%s", use_required_attribute=False),
        },
    )


def _content(kind_slug, pk):
    kind = BY_SLUG.get(kind_slug)
    if kind is None:
        raise Http404("Type de contenu inconnu.")
    try:
        return kind, kind.model.objects.select_related("hidden_by").get(pk=pk)
    except kind.model.DoesNotExist:
        raise Http404("Ce contenu n'existe pas ou a été supprimé.") from None


def _reports(kind, content):
    return Report.objects.filter(content_type=kind.content_type, object_id=content.pk).select_related("reporter")


@spaces_required
def item(request, kind, pk):
    kind, content = _content(kind, pk)
    if not _moderates(request.user, content):
        return forbidden(request, "Ce contenu appartient à une concertation dont vous n'avez pas la charge.")
    hide_form = HideForm()
    correct_form = CorrectForm(kind=kind, content=content) if kind.model in services.CORRECTABLE_TEXTS else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "hide":
                hide_form = HideForm(request.POST)
                if hide_form.is_valid():
                    services.content_hide(target=content, officer=request.user, **hide_form.cleaned_data)
                    messages.success(request, "Le contenu est masqué ; son auteur en est informé par courriel.")
                    return redirect(item_url(kind, pk))
            elif action == "unhide":
                services.content_unhide(target=content, officer=request.user)
                messages.success(request, "Le contenu est de nouveau publié.")
                return redirect(item_url(kind, pk))
            elif action == "dismiss":
                count = _dismiss(content, kind, request.user)
                messages.success(request, f"{count} signalement(s) écarté(s) ; le contenu reste tel quel.")
                return redirect(item_url(kind, pk))
            elif action == "correct" and correct_form is not None:
                correct_form = CorrectForm(request.POST, kind=kind, content=content)
                if correct_form.is_valid():
                    services.content_correct(
                        target=content,
                        officer=request.user,
                        texts={f: correct_form.cleaned_data[f] for f in correct_form.texts},
                        category=correct_form.cleaned_data["category"],
                        reason=correct_form.cleaned_data["reason"],
                    )
                    messages.success(request, "Le texte est corrigé ; la version de l'auteur est conservée.")
                    return redirect(item_url(kind, pk))
            else:
                messages.error(request, "Action inconnue.")
        except ValidationError as error:
            messages.error(request, _errors(error))
        status = 400
    else:
        status = 200
    process = roles.managed_processes(request.user).filter(pk=process_id_of(content)).first()
    return render(
        request,
        "console/moderation/item.html",
        {
            "kind": kind,
            "content": content,
            "process": process,
            "title": getattr(content, kind.title_field) if kind.title_field else "",
            "text": getattr(content, kind.text_field),
            "author": getattr(content, "author", None),
            "reports": _reports(kind, content),
            "hide_form": hide_form,
            "correct_form": correct_form,
            "versions": versions_of(content) if correct_form is not None else [],
            "public_url": _public_url(content, process),
        },
        status=status,
    )


def _public_url(content, process) -> str:
    """The content's public page, where it has one of its own."""
    if isinstance(content, Proposal) and process:
        return reverse("web:proposal", kwargs={"slug": process.slug, "pk": content.pk})
    return content.get_absolute_url() if hasattr(content, "get_absolute_url") else ""


def _dismiss(content, kind, officer) -> int:
    reports = list(_reports(kind, content))
    for report in reports:
        services.report_dismiss(report=report, officer=officer)
    return len(reports)


@require_POST
@spaces_required
def bulk(request):
    """Hides, or dismisses the reports of, each checked item: one transaction per item, then a summary."""
    action = request.POST.get("action")
    hide_form = HideForm(request.POST, auto_id="bulk_%s")
    if action not in ("hide", "dismiss"):
        messages.error(request, "Choisissez « Masquer » ou « Écarter les signalements ».")
        return redirect("console:moderation")
    if action == "hide" and not hide_form.is_valid():
        messages.error(request, "Pour masquer, choisissez un motif public et écrivez une note à l'auteur.")
        return redirect("console:moderation")
    done, refused = 0, []
    for value in request.POST.getlist("items"):
        kind_slug, _, pk = value.partition(":")
        kind = BY_SLUG.get(kind_slug)
        content = kind.model.objects.filter(pk=pk).first() if kind and pk.isdigit() else None
        if content is None or not _moderates(request.user, content):
            refused.append(value)
            continue
        try:
            with transaction.atomic():
                if action == "hide":
                    if content.hidden_at is None:
                        services.content_hide(target=content, officer=request.user, **hide_form.cleaned_data)
                else:
                    _dismiss(content, kind, request.user)
            done += 1
        except ValidationError:
            refused.append(value)
    verb = "masqué(s)" if action == "hide" else "dont les signalements sont écartés"
    messages.success(request, f"{done} contenu(s) {verb}.")
    if refused:
        messages.error(
            request, f"{len(refused)} contenu(s) n'ont pas pu être traités (supprimés ou hors de vos concertations)."
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("console:moderation")
    return redirect(back)


@spaces_required
def journal(request):
    processes = roles.managed_processes(request.user)
    filters = JournalFilter(request.GET or None, processes=processes)
    data = filters.cleaned_data if filters.is_valid() else {}
    lines = selectors.journal(
        process_ids=_scope(request.user),
        process=data.get("concertation"),
        action=data.get("action", ""),
        officer=data.get("agent"),
        since=data.get("du"),
        until=data.get("au"),
    )
    page = Paginator(lines, PER_PAGE).get_page(request.GET.get("page"))
    for line in page.object_list:
        kind = kind_of_content_type(line.content_type_id)
        line.url = item_url(kind, line.object_id) if kind else ""
        line.kind_label = kind.label if kind else line.content_type.name
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "console/moderation/journal.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
        status=200 if filters.is_bound is False or filters.is_valid() else 400,
    )
