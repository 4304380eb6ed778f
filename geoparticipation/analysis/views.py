import csv
import datetime
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Left
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from geoparticipation.console import roles
from geoparticipation.console.access import spaces_required
from geoparticipation.console.moderation.kinds import kind_of_model
from geoparticipation.console.spaces import preview
from geoparticipation.participation.models import Process, Proposal

from . import campaigns, exports, indicators, pdf, report, services, summaries, written
from .charts import bars, columns
from .forms import (
    AnswerCursorForm,
    AnswerSearchForm,
    CrossTabForm,
    FilterForm,
    TagActionForm,
    TagCreateForm,
)
from .models import CampaignFlag, Tag
from .selectors import KINDS, ORIGINS, crosstab, home_label, newest_first, where_from

PAGE_SIZE = 50
BILAN_PAGE_SIZE = 25


def _key(spec):
    """The filter as the key of a summary: the chosen rows' ids, not their names, which may repeat; with the scope of
    the officer, so that a summary computed for one concertation's officer is never shown to another's."""
    return tuple((name, getattr(value, "pk", value)) for name, value in vars(spec).items())


def _query(request):
    """The filter part of the query string, to carry filters across the workspace's pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@spaces_required
def workspace(request):
    """The filtered list of contributions, with their tags, and the tagging of one or many."""
    filters = FilterForm(request.GET, user=request.user)
    spec = filters.spec()
    if request.method == "POST":
        action = TagActionForm(request.POST)
        if action.is_valid():
            tag, verb = action.cleaned_data["tag"], action.cleaned_data["action"]
            if verb == "apply_all":
                n = services.tag_apply_to_filter(tag=tag, spec=spec)
                messages.success(request, f"Étiquette « {tag} » appliquée à {n} contribution(s) de plus.")
            elif verb == "apply":
                n = services.tag_apply(tag=tag, scope=spec.scope, **action.selected_ids())
                messages.success(request, f"Étiquette « {tag} » appliquée à {n} contribution(s) de plus.")
            else:
                n = services.tag_remove(tag=tag, scope=spec.scope, **action.selected_ids())
                messages.success(request, f"Étiquette « {tag} » retirée de {n} contribution(s).")
            return redirect(request.get_full_path())
        for error in action.errors.values():
            messages.error(request, " ".join(error))
    page = Paginator(_Listing(spec), PAGE_SIZE).get_page(request.GET.get("page"))
    items = page.object_list
    _attach_tags(items)
    return render(
        request,
        "analysis/workspace.html",
        {
            "title": "Analyse des contributions",
            "filters": filters,
            "page": page,
            "items": items,
            "count": page.paginator.count,
            "query": _query(request),
            "tags": Tag.objects.select_related("parent"),
        },
    )


class _Listing:
    """The filtered contributions, newest first, as the paginator reads them: a count, then one page's rows."""

    def __init__(self, spec):
        self.spec = spec

    def count(self):
        return self.spec.count()

    def __getitem__(self, window):
        keys = newest_first(self.spec, window.start, window.stop)
        rows = {}
        for kind, (_, model) in KINDS.items():
            ids = [pk for k, pk in keys if k == kind]
            if not ids:
                continue
            listed = model.objects.filter(pk__in=ids).annotate(
                x_title=Left("title" if kind == "proposal" else "comment", 120),
                x_commune=Coalesce(F("commune__nom"), Value("Hors territoire")),
                x_home=home_label(),
                x_process=F("process__title"),
            )
            for pk, title, commune, home, published, process in listed.values_list(
                "pk", "x_title", "x_commune", "x_home", "published_at", "x_process"
            ):
                rows[(kind, pk)] = {
                    "kind": kind,
                    "pk": pk,
                    "title": title,
                    "commune": commune,
                    "home": home,
                    "published": published,
                    "process": process,
                }
        return [rows[key] for key in keys]


def _attach_tags(items):
    for kind in KINDS:
        ids = [item["pk"] for item in items if item["kind"] == kind]
        through = getattr(Tag, f"{kind}s").through
        names = {}
        for pk, tag in through.objects.filter(**{f"{kind}_id__in": ids}).values_list(f"{kind}_id", "tag_id"):
            names.setdefault(pk, []).append(tag)
        tags = Tag.objects.select_related("parent").in_bulk({t for ts in names.values() for t in ts})
        for item in items:
            if item["kind"] == kind:
                item["tags"] = sorted(str(tags[t]) for t in names.get(item["pk"], []))
                item["url"] = _content_url(kind, item["pk"])


def _content_url(kind, pk):
    """The console's page of one contribution, where it is read, moderated and corrected."""
    return reverse("console:moderation_item", args=[kind_of_model(KINDS[kind][1]).slug, pk])


@spaces_required
def crosstab_view(request):
    filters = FilterForm(request.GET, user=request.user)
    dimensions = CrossTabForm(request.GET or None)
    spec = filters.spec()
    summary = None
    if dimensions.is_valid():
        chosen = dimensions.cleaned_data
        summary = summaries.kept("crosstab", (_key(spec), chosen), lambda: crosstab(spec, **chosen))
    return render(
        request,
        "analysis/crosstab.html",
        {
            "title": "Tableau croisé",
            "filters": filters,
            "dimensions": dimensions,
            "table": summary and summary["value"],
            "computed_at": summary and summary["computed_at"],
            "query": _query(request),
        },
    )


@spaces_required
def where_from_view(request):
    filters = FilterForm(request.GET, user=request.user)
    spec = filters.spec()
    summary = summaries.kept("where_from", _key(spec), lambda: where_from(spec))
    rows, totals = summary["value"]
    return render(
        request,
        "analysis/where_from.html",
        {
            "title": "D'où viennent les contributions",
            "filters": filters,
            "rows": rows,
            "totals": totals,
            "origins": list(ORIGINS.values()),
            "computed_at": summary["computed_at"],
            "query": _query(request),
        },
    )


@spaces_required
def export(request, extension):
    filters = FilterForm(request.GET, user=request.user)
    if not filters.is_valid():
        return HttpResponseBadRequest(" ".join(e for errors in filters.errors.values() for e in errors))
    spec = filters.spec()
    count = spec.count()
    if count > exports.MAX_ROWS:
        return HttpResponseBadRequest(
            f"{count} contributions : c'est plus qu'un tableur ne peut contenir ({exports.MAX_ROWS} lignes). "
            "Filtrez par concertation ou par période."
        )
    stream, content_type = exports.FORMATS[extension]
    response = StreamingHttpResponse(stream(spec), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(spec, extension)}"'
    return response


@spaces_required
def flags(request):
    managed = roles.managed_processes(request.user)
    process = None
    if request.GET.get("process"):
        process = get_object_or_404(managed, pk=request.GET["process"]) if request.GET["process"].isdigit() else None
    if request.method == "POST":
        chosen = request.POST.get("process", "")
        target = get_object_or_404(managed, pk=chosen) if chosen.isdigit() else None
        found = campaigns.detect_campaigns(target, among=managed)
        messages.success(request, f"Recherche terminée : {len(found)} groupe(s) signalé(s).")
        return redirect(request.get_full_path())
    listed = CampaignFlag.objects.filter(process__in=managed).select_related("process", "reviewed_by")
    if process is not None:
        listed = listed.filter(process=process)
    # A detection over a million templated texts raised thousands of groups: they are listed a page at a time.
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "analysis/flags.html",
        {
            "title": "Signalements de campagnes",
            "flags": page.object_list,
            "page": page,
            "query": _query(request),
            "process": process,
            "processes": managed,
            "rules": {
                "burst": (campaigns.BURST_MIN_ACCOUNTS, int(campaigns.BURST_FRESHNESS.total_seconds() // 3600)),
                "duplicates": campaigns.DUPLICATES_MIN_TEXTS,
                "outside": (campaigns.OUTSIDE_MIN_AUTHORS, round(100 * campaigns.OUTSIDE_MIN_SHARE)),
            },
        },
    )


@spaces_required
def flag_detail(request, pk):
    flagged = CampaignFlag.objects.select_related("process", "reviewed_by")
    flag = get_object_or_404(flagged.filter(process__in=roles.managed_processes(request.user)), pk=pk)
    if request.method == "POST":
        services.flag_review(flag=flag, officer=request.user, note=request.POST.get("note", ""))
        messages.success(request, "Groupe marqué comme examiné. Ses contributions restent publiées.")
        return redirect("analysis:flag", pk=flag.pk)
    # A group may hold ten thousand contributions: their ids are read whole, and only a page of them in full.
    keys = [
        (kind, pk)
        for kind in KINDS
        for pk in getattr(flag, f"{kind}s").order_by("published_at").values_list("pk", flat=True)
    ]
    page = Paginator(keys, PAGE_SIZE).get_page(request.GET.get("page"))
    loaded = {}
    for kind, (label, model) in KINDS.items():
        related = (
            model.objects.filter(pk__in=[pk for k, pk in page.object_list if k == kind])
            .select_related("commune", "author__profile__home_commune")
            .defer("commune__geom", "author__profile__home_commune__geom")
        )
        for contribution in related:
            profile = getattr(contribution.author, "profile", None) if contribution.author else None
            loaded[(kind, contribution.pk)] = {
                "label": label,
                "text": contribution.title if kind == "proposal" else contribution.comment,
                "commune": contribution.commune.nom if contribution.commune else "Hors territoire",
                "published": contribution.published_at,
                "joined": contribution.author.date_joined if contribution.author else None,
                "home": _home(profile),
                "hidden": contribution.hidden_at is not None,
                "url": _content_url(kind, contribution.pk),
            }
    members = [loaded[key] for key in page.object_list]
    return render(
        request,
        "analysis/flag_detail.html",
        {"title": str(flag), "flag": flag, "members": members, "page": page},
    )


def _home(profile):
    if profile is None:
        return "Non renseigné"
    if profile.lives_outside:
        return "Hors métropole"
    return profile.home_commune.nom if profile.home_commune else "Non renseigné"


@spaces_required
def tags(request):
    form = TagCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tag = form.save()
        messages.success(request, f"Étiquette « {tag} » créée.")
        return redirect("analysis:tags")
    themes = Tag.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "analysis/tags.html", {"title": "Étiquettes d'analyse", "form": form, "themes": themes})


@spaces_required
def indicators_view(request):
    period = request.GET.get("period") if request.GET.get("period") in indicators.PERIODS else "month"
    managed = roles.managed_processes(request.user)
    # Another officer's concertation is as one that does not exist: the page counts all of one's own.
    process = managed.filter(pk=request.GET["process"]).first() if request.GET.get("process", "").isdigit() else None
    scope = roles.managed_process_ids(request.user)
    summary = summaries.kept(
        "indicators",
        (period, process.pk if process else None, scope),
        lambda: (
            indicators.over_time(period=period, process=process, scope=scope),
            indicators.by_process(scope=scope),
            indicators.by_commune(process=process, scope=scope),
        ),
    )
    series, by_process, communes = summary["value"]
    label = "%d/%m/%Y" if period == "week" else "%m/%Y"
    return render(
        request,
        "analysis/indicators.html",
        {
            "title": "Indicateurs de participation",
            "period": period,
            "periods": indicators.PERIODS,
            "process": process,
            "processes": managed,
            "series": series,
            "series_chart": columns(
                (row["period"].strftime(label), row["proposals"] + row["annotations"] + row["comments"])
                for row in series
            ),
            "participants_chart": columns((row["period"].strftime(label), row["participants"]) for row in series),
            "by_process": by_process,
            "computed_at": summary["computed_at"],
            "by_commune": communes,
            "communes_chart": bars((row["nom"], row["per_1000"]) for row in communes[:15]),
        },
    )


def _public_process(slug):
    return get_object_or_404(Process.objects.public().prefetch_related("phases"), slug=slug)


def _report_context(process, summary):
    return {"process": process, **summary, "csv_url": reverse("analysis:bilan_csv", args=[process.slug])}


def _search(request):
    search = AnswerSearchForm(request.GET)
    if not search.is_valid():
        return search, HttpResponseBadRequest(
            f"Recherche invalide. {search.error_text()}", content_type="text/plain; charset=utf-8"
        )
    return search, None


@preview.preview_headers
def bilan(request, slug):
    process = preview.open_process(request, slug, Process.objects.prefetch_related("phases"), public_only=True)
    return bilan_page(request, process, written.published(process))


def bilan_page(request, process, bilan, *, preview=False):
    """The public report, with the officers' written `bilan` (None: computed from the data alone) as published;
    `preview`: the console's view of the bilan's draft, as it will look once published."""
    search, error = _search(request)
    if error:
        return error
    cursor = AnswerCursorForm(request.GET)
    if not cursor.is_valid():
        return HttpResponseBadRequest(f"Page invalide. {cursor.error_text()}", content_type="text/plain; charset=utf-8")
    summary = report.summary(process)
    # A small concertation's answers fit on one page, as they always did; a large one's are listed page by page, each
    # page linking to the next from its last answer.
    inline = summary["answered"] <= report.INLINE_LIMIT
    answers = report.answered(process, **search.cleaned_data)
    filtered = any(search.cleaned_data.values())
    page = report.answers_page(
        answers.select_related("commune", "theme").defer("commune__geom"),
        report.INLINE_LIMIT if inline else BILAN_PAGE_SIZE,
        after=cursor.cleaned_data["apres"],
        before=cursor.cleaned_data["avant"],
    )
    if page is None:
        raise Http404("Cette réponse n'est pas dans la liste.")
    query = request.GET.copy()
    for name in ("apres", "avant", "page"):
        query.pop(name, None)
    context = {
        **_report_context(process, summary),
        "on_site": True,
        "search": search,
        "searchable": not inline,
        "inline": inline,
        "page": page,
        # The whole list's length is the summary's, as in the table of decisions above it.
        "count": answers.count() if filtered else summary["answered"],
        "query": query.urlencode(),
        "decisions": report.decisions(page),
        "filtered": filtered,
        **written.context(bilan, draft=preview),
        "preview": preview,
        "written_published": bool(bilan and bilan.published_at),
        "draft_differs": bool(bilan and bilan.draft_differs),
        "published_at": bilan.published_at if bilan else None,
        # The map's page is public only: a concertation not yet public shows its map in the preview once it is.
        "map_public": process.published and not process.is_private,
    }
    return render(request, "analysis/bilan.html", context)


def bilan_csv(request, slug):
    """Every answered public proposal (or those of the search), streamed from a server-side cursor."""
    process = _public_process(slug)
    search, error = _search(request)
    if error:
        return error
    rows = report.answered(process, **search.cleaned_data).values_list(
        "pk", "title", "state", "theme__name", "commune__insee", "commune__nom", "answered_at", "answer"
    )
    response = StreamingHttpResponse(_csv_lines(_streamed(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bilan-{process.slug}-reponses.csv"'
    return response


def _streamed(rows):
    """The rows from a server-side cursor inside a transaction: outside one, PostgreSQL fills the whole result of a
    cursor (WITH HOLD) before sending its first row, so that the download would start only once every row is read."""
    with transaction.atomic():
        yield from rows.iterator(chunk_size=2000)


# What a spreadsheet reads as the start of a formula: a citizen's title opened in Excel or LibreOffice must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _iso(moment):
    """ISO 8601 in UTC, as the open-data CSVs write dates."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def _csv_lines(rows):
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\n")
    writer.writerow(["id", "titre", "decision", "theme", "insee", "commune", "date_reponse", "reponse"])
    states = dict(Proposal.State.choices)
    for pk, title, state, theme, insee, commune, answered_at, answer in rows:
        title, theme, commune, answer = (_as_text(value or "") for value in (title, theme, commune, answer))
        writer.writerow([pk, title, states[state], theme, insee or "", commune, _iso(answered_at), answer])
        # One line at a time: the response never holds more than a row and the cursor's chunk.
        yield line.getvalue()
        line.seek(0)
        line.truncate()
    yield line.getvalue()


@xframe_options_sameorigin
def bilan_map(request, slug):
    process = _public_process(slug)
    return HttpResponse(report.folium_map(process))


def bilan_pdf(request, slug):
    process = _public_process(slug)
    # A summary's PDF weighs tens of kilobytes: read whole, it is sent as any page is.
    built = pdf.build(process, report.summary(process), written.context(written.published(process)))
    response = HttpResponse(built.read_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bilan-{process.slug}.pdf"'
    return response
