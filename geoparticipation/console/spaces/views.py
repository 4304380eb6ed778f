"""The console's dashboard, the list of concertations, and a concertation's space: overview, presentation,
calendar, territory, publication and preview."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from geoparticipation.attachments.serving import file_response
from geoparticipation.console import roles
from geoparticipation.console.access import administrator_required, console_required, space_view, spaces_required
from geoparticipation.pages.rendering import render_markdown
from geoparticipation.participation.models import Process
from geoparticipation.territory.models import Commune

from . import selectors
from .forms import PhaseFormSet, PresentationForm, ProcessCreateForm, TerritoryForm

PAGE_SIZE = 25
#: above this, the dashboard lists the first concertations only and links to the full list
DASHBOARD_PROCESSES = 20


@console_required
def dashboard(request):
    access = roles.access_of(request.user)
    processes = selectors.processes_with_counts(request.user).order_by("-created_at")[:DASHBOARD_PROCESSES]
    return render(
        request,
        "console/spaces/dashboard.html",
        {
            "processes": processes if access.manages_spaces else [],
            "figures": selectors.figures(request.user),
            "priorities": selectors.priorities(request.user),
            "commune_only": not access.manages_spaces,
        },
    )


@spaces_required
def processes(request):
    queryset = selectors.processes_with_counts(request.user).order_by("-created_at", "-id")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "console/spaces/processes.html",
        {"page": page, "user_is_administrator": roles.is_administrator(request.user)},
    )


@administrator_required
def process_create(request):
    form = ProcessCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        process = form.save()
        messages.success(request, f"La concertation « {process.title} » est créée. Elle n'est pas encore publiée.")
        return redirect("console:space", process.slug)
    return render(request, "console/spaces/process_create.html", {"form": form})


@space_view
def space(request, process):
    return render(
        request,
        "console/spaces/space.html",
        {"process": process, "counts": selectors.component_counts(process)},
    )


@space_view
def presentation(request, process):
    posted = request.method == "POST"
    form = PresentationForm(request.POST if posted else None, request.FILES if posted else None, instance=process)
    preview = posted and "apercu" in request.POST
    if posted and not preview and form.is_valid():
        form.save()
        messages.success(request, "La présentation est enregistrée.")
        return redirect("console:space_presentation", process.slug)
    return render(
        request,
        "console/spaces/presentation.html",
        {
            "process": process,
            "form": form,
            "preview": preview,
            "preview_presentation": render_markdown(request.POST.get("presentation", "")) if preview else "",
            "preview_modalities": render_markdown(request.POST.get("modalities", "")) if preview else "",
        },
    )


@space_view
def calendar(request, process):
    formset = PhaseFormSet(request.POST or None, instance=process, queryset=process.phases.order_by("position"))
    if request.method == "POST" and formset.is_valid():
        _save_calendar(formset)
        messages.success(request, "Le calendrier est enregistré.")
        return redirect("console:space_calendar", process.slug)
    return render(request, "console/spaces/calendar.html", {"process": process, "formset": formset})


@transaction.atomic
def _save_calendar(formset):
    phases = formset.save(commit=False)
    for phase in formset.deleted_objects:
        phase.delete()
    # Phases that swap places would meet on the unique order: each moves out of the way first.
    moving = [phase for phase in phases if phase.pk]
    for offset, phase in enumerate(moving):
        wanted = phase.position
        phase.position = 30000 + offset
        phase.save(update_fields=["position"])
        phase.position = wanted
    for phase in phases:
        phase.save()


@space_view
def territory(request, process):
    chosen = list(process.communes.values_list("pk", flat=True))
    initial = {"whole": "some" if chosen else "all", "communes": chosen}
    form = TerritoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        process.communes.set(form.cleaned_data["communes"] if form.cleaned_data["whole"] == "some" else [])
        messages.success(request, "Le territoire est enregistré.")
        return redirect("console:space_territory", process.slug)
    return render(
        request,
        "console/spaces/territory.html",
        {"process": process, "form": form, "commune_count": Commune.objects.count()},
    )


@require_POST
@space_view
def publish(request, process):
    process.published = request.POST.get("published") == "1"
    process.save(update_fields=["published"])
    if process.published:
        messages.success(request, f"La concertation « {process.title} » est publiée : chacun peut la voir.")
    else:
        messages.success(
            request, f"La concertation « {process.title} » n'est plus publiée : seuls les agents la voient."
        )
    return redirect("console:space", process.slug)


@space_view
def preview(request, process):
    """The concertation's real public page, which its officers open before it is public (spaces/preview.py)."""
    return redirect("web:process", process.slug)


def process_image(request, slug):
    """The concertation's image, for whoever may see the concertation (or run its space, for the preview)."""
    process = Process.objects.filter(slug=slug).first()
    if (
        process is None
        or not process.image
        or not (roles.can_manage(request.user, process) or process.is_visible_to(request.user))
    ):
        raise Http404
    return file_response(_ImageFile(process))


class _ImageFile:
    """What file_response reads of a stored file, for the concertation's image."""

    is_image = True
    thumbnail = None

    def __init__(self, process):
        self.file = process.image
        self.content_type = "image/png" if process.image.name.endswith(".png") else "image/jpeg"
        self.original_name = process.image.name.rsplit("/", 1)[-1]
