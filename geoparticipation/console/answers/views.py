"""Answers: what is due in a person's scope, a space's proposals, answering one in place or many at once, and the
answer templates. Every answer goes through participation.services.proposal_answer (journal, notifications)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from geoparticipation.participation import rules, services
from geoparticipation.participation.models import Process, Proposal
from geoparticipation.web.pagination import CappedPaginator

from .. import roles
from ..access import console_required, forbidden, space_view, spaces_required
from . import selectors
from .forms import AnswerForm, AnswerTemplateForm, DueFilter, SpaceFilter

PER_PAGE = 50
COUNT_CAP = 10_000
BULK_LIMIT = 500


def _page(request, queryset):
    return CappedPaginator(queryset, PER_PAGE, cap=COUNT_CAP).get_page(request.GET.get("page"))


def _visible_processes(user):
    access = roles.access_of(user)
    return Process.objects.all() if access.administrator or access.commune_ids else roles.managed_processes(user)


@console_required
def answers(request):
    form = DueFilter(request.GET or None, processes=_visible_processes(request.user))
    if form.is_bound and not form.is_valid():
        return render(request, "console/answers/due.html", {"form": form, "page": None}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    page = _page(request, selectors.due_proposals(request.user, filters))
    selectors.with_lateness(page.object_list)
    context = {"form": form, "page": page, "writes_templates": roles.access_of(request.user).manages_spaces}
    return render(request, "console/answers/due.html", context)


@space_view
def space_proposals(request, process):
    form = SpaceFilter(request.GET or None, process=process)
    context = {"process": process, "form": form, "answer_form": AnswerForm(prefix="answer"), "bulk_limit": BULK_LIMIT}
    if form.is_bound and not form.is_valid():
        return render(request, "console/answers/space_proposals.html", {**context, "page": None}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    order = SpaceFilter.SORTS[filters.get("sort") or "recent"]
    queryset = (
        selectors.space_proposals(process, filters)
        .select_related("commune", "theme")
        .defer("commune__geom")
        .order_by(*order)
    )
    page = _page(request, queryset)
    selectors.with_lateness(page.object_list)
    context["templates"] = selectors.templates_for(process)
    return render(request, "console/answers/space_proposals.html", {**context, "page": page})


@require_POST
@space_view
def bulk_answer(request, process):
    back = reverse("console:space_proposals", args=[process.slug])
    answer_form = AnswerForm(request.POST, prefix="answer")
    if request.POST.get("scope") == "filter":
        filters = SpaceFilter(request.POST, process=process)
        if not filters.is_valid():
            messages.error(request, "Les filtres envoyés ne sont pas valides : filtrez la liste à nouveau.")
            return redirect(back)
        queryset = selectors.space_proposals(process, filters.cleaned_data)
    else:
        ids = [value for value in request.POST.getlist("proposals") if value.isdigit()]
        if not ids:
            messages.error(request, "Cochez au moins une proposition, ou répondez à toutes celles du filtre.")
            return redirect(back)
        queryset = Proposal.objects.filter(process=process, pk__in=ids)
    if not answer_form.is_valid():
        for errors in answer_form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    proposals = list(queryset.order_by("published_at", "id")[: BULK_LIMIT + 1])
    if len(proposals) > BULK_LIMIT:
        messages.error(
            request,
            f"Plus de {BULK_LIMIT} propositions sont concernées : précisez le filtre pour répondre à {BULK_LIMIT} "
            "propositions au plus à la fois. Aucune réponse n'a été enregistrée.",
        )
        return redirect(back)
    answered, refused = 0, 0
    for proposal in proposals:
        try:
            services.proposal_answer(
                proposal=proposal,
                officer=request.user,
                state=answer_form.cleaned_data["state"],
                answer=answer_form.cleaned_data["answer"],
            )
            answered += 1
        except ValidationError:
            refused += 1
    messages.success(request, f"{answered} proposition(s) ont reçu la réponse.")
    if refused:
        messages.warning(request, f"{refused} proposition(s) retirée(s) par leur auteur n'ont pas reçu de réponse.")
    return redirect(back)


@console_required
def proposal(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("process", "commune", "theme", "author"), pk=pk)
    if not roles.can_see(request.user, proposal):
        return forbidden(request, "Cette proposition n'est pas dans votre périmètre.")
    form = AnswerForm(
        request.POST or None, initial={"state": proposal.answer and proposal.state, "answer": proposal.answer}
    )
    refusal = rules.answer_refusal(proposal)
    status = 200
    if request.method == "POST":
        if refusal:
            form.add_error(None, refusal)
            status = 400
        elif form.is_valid():
            try:
                services.proposal_answer(
                    proposal=proposal,
                    officer=request.user,
                    state=form.cleaned_data["state"],
                    answer=form.cleaned_data["answer"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                status = 400
            else:
                messages.success(request, "La réponse est publiée et l'auteur en est averti.")
                return redirect("console:proposal", pk=proposal.pk)
        else:
            status = 400
    context = {
        "proposal": proposal,
        "form": form,
        "refusal": refusal,
        "point": proposal.geom.transform(settings.API_SRID, clone=True),
        "history": selectors.answer_history(proposal),
        "templates": selectors.templates_for(proposal.process),
        "due": selectors.with_lateness([proposal])[0],
        "can_manage": roles.can_manage(request.user, proposal.process),
        "states": Proposal.State.choices,
    }
    return render(request, "console/answers/proposal.html", context, status=status)


@spaces_required
def answer_templates(request):
    administrator = roles.is_administrator(request.user)
    processes = roles.managed_processes(request.user)
    form = AnswerTemplateForm(request.POST or None, processes=processes, administrator=administrator)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, f"Le modèle « {form.instance.title} » est enregistré.")
            return redirect("console:answer_templates")
    templates = CappedPaginator(selectors.managed_templates(request.user), PER_PAGE, cap=COUNT_CAP).get_page(
        request.GET.get("page")
    )
    status = 400 if form.is_bound else 200
    return render(request, "console/answers/templates.html", {"form": form, "page": templates}, status=status)


@require_POST
@spaces_required
def answer_template_delete(request, pk):
    template = get_object_or_404(selectors.managed_templates(request.user), pk=pk)
    template.delete()
    messages.success(request, f"Le modèle « {template.title} » est supprimé.")
    return redirect("console:answer_templates")
