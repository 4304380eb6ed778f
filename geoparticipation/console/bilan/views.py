"""A concertation's bilan written by its officers (form, preview, publication), and the map of its annotations."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.contrib.gis.geos import Polygon
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from geoparticipation.analysis import views as analysis_views
from geoparticipation.analysis import written
from geoparticipation.analysis.models import Bilan
from geoparticipation.participation.models import Annotation

from ..access import space_view
from .forms import AnnotationAreaForm, BilanForm, PublicationForm

#: the most annotations one window of the map reads; beyond, the officer zooms in or filters by kind
ANNOTATIONS_CAP = 2000


def _bilan_of(process):
    """The concertation's written bilan, or a new one showing every section (not saved)."""
    return Bilan.objects.filter(process=process).first() or Bilan(process=process, sections=list(written.ALL_SECTIONS))


@require_http_methods(["GET", "POST"])
@space_view
def bilan(request, process):
    bilan = _bilan_of(process)
    form = BilanForm(request.POST or None, instance=bilan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "Le brouillon est enregistré : publiez-le pour qu'il remplace le bilan public."
            if bilan.published_at
            else "Le bilan est enregistré.",
        )
        return redirect("console:space_bilan", process.slug)
    return render(request, "console/bilan/bilan.html", {"process": process, "bilan": bilan, "form": form})


@require_GET
@space_view
def preview(request, process):
    return analysis_views.bilan_page(request, process, _bilan_of(process), preview=True)


@require_POST
@space_view
def publication(request, process):
    form = PublicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Action inconnue : choisissez de publier, de dépublier ou d'abandonner le brouillon.")
        return redirect("console:space_bilan", process.slug)
    bilan = _bilan_of(process)
    if bilan.pk is None:
        bilan.save()
    action = form.cleaned_data["action"]
    if action == "publier":
        written.bilan_publish(bilan=bilan, by=request.user)
        messages.success(request, "Le bilan est publié.")
    elif action == "abandonner":
        if bilan.published_at is None:
            messages.error(request, "Le bilan n'est pas publié : il n'y a pas de version publiée à laquelle revenir.")
        else:
            written.bilan_draft_abandon(bilan=bilan)
            messages.success(request, "Le brouillon est abandonné : le bilan reprend le texte publié.")
    else:
        written.bilan_unpublish(bilan=bilan)
        messages.success(request, "Le bilan n'est plus publié : la page publique montre le bilan calculé.")
    return redirect("console:space_bilan", process.slug)


@require_GET
@space_view
def annotations(request, process):
    return render(
        request,
        "console/bilan/annotations.html",
        {"process": process, "kinds": Annotation.Kind.choices, "cap": ANNOTATIONS_CAP},
    )


def _link(process, pk):
    """The annotation's moderation page once the console has one, else the concertation's public map."""
    try:
        return reverse("console:moderation_item", args=["annotation", pk])
    except NoReverseMatch:
        return reverse("web:annotations", args=[process.slug])


@require_GET
@space_view
def annotations_data(request, process):
    """The concertation's published annotations in a window of the map, hidden ones included, as GeoJSON."""
    form = AnnotationAreaForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"erreur": f"Zone invalide. {form.error_text()}"}, status=400)
    area = Polygon.from_bbox(form.cleaned_data["bbox"])
    area.srid = 4326
    found = Annotation.objects.filter(process=process, published_at__isnull=False, geom__bboverlaps=area)
    if form.cleaned_data["type"]:
        found = found.filter(kind=form.cleaned_data["type"])
    rows = list(
        found.annotate(shape=AsGeoJSON(Transform("geom", settings.API_SRID), precision=6))
        .order_by("-published_at", "-id")
        .values_list("pk", "kind", "comment", "hidden_at", "shape")[: ANNOTATIONS_CAP + 1]
    )
    labels = dict(Annotation.Kind.choices)
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": json.loads(shape),
            "properties": {
                "type": kind,
                "libelle": labels[kind],
                "texte": comment[:200],
                "masquee": hidden_at is not None,
                "url": _link(process, pk),
            },
        }
        for pk, kind, comment, hidden_at, shape in rows[:ANNOTATIONS_CAP]
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features, "tronque": len(rows) > ANNOTATIONS_CAP},
        headers={"Cache-Control": "private, no-store"},
    )
