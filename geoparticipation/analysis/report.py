"""The public report (bilan) of a concertation: public data and aggregates only.

The commune counts come from `layers_commune_count`, the table the communes layer publishes from, so that the
map of the report and the open data can never disagree on what was public.
"""

import hashlib
import json
import pickle
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, Q, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.templatetags.static import static

from geoparticipation.participation.models import Annotation, Meeting, Process, Proposal
from geoparticipation.surveys.models import Survey
from geoparticipation.surveys.privacy import count_text
from geoparticipation.territory import selectors as territory
from layers.http import data_version

from . import background
from .charts import bars

# Light grey for communes without a contribution, then four blues by quartile of the others.
NO_CONTRIBUTION = "#eeeeee"
PALETTE = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]
DECIDED = (Proposal.State.ACCEPTED, Proposal.State.EVALUATING, Proposal.State.REJECTED)
# Up to this many answers, the page and the PDF print them all, as a report always did; beyond, the answers are
# counted by decision and theme, listed page by page on the site and downloaded in full as CSV.
INLINE_LIMIT = 200
# The summary follows the data version, which moves with every public proposal, annotation or meeting, hence with
# their supports and comments (counted on the proposal), but not with questionnaire responses outside the map: their
# counts in the report are at most this old.
SUMMARY_SECONDS = 300
# A summary no longer fresh (another data version, or older than SUMMARY_SECONDS) is still shown, while a thread of
# the process computes the new one, for this long: at a national debate's size a summary takes seconds, and every
# public write anywhere moves the data version, so a live debate would otherwise recompute it on every view.
SUMMARY_STALE_SECONDS = 3600


def key_figures(process):
    proposals = Proposal.objects.public().filter(process=process)
    annotations = Annotation.objects.public().filter(process=process)
    # Who wrote a proposal, an annotation or a comment, or supported a proposal, counted by the triggers of
    # sql/post_10_participants.sql: one row per person, where a distinct count would read millions of contributions.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM analysis_participant WHERE process_id = %s", [process.pk])
        (participants,) = cursor.fetchone()
    # The proposals' counters (sql/post_30_counts.sql) hold their supports and visible comments: summing them reads
    # the proposals only, not the millions of supports.
    totals = proposals.aggregate(
        proposals=Count("pk"), comments=Coalesce(Sum("comments_count"), 0), supports=Coalesce(Sum("supports_count"), 0)
    )
    figures = {
        "participants": participants,
        **totals,
        "annotations": annotations.count(),
        "meetings": Meeting.objects.public().filter(process=process).count(),
    }
    figures.update(survey_figures(process))
    return figures


def survey_figures(process):
    """Questionnaires and their number of responses, written by the small-count rule of the results page so that
    the two never disagree."""
    surveys = (
        Survey.objects.filter(process=process, published=True)
        .annotate(responses_count=Count("responses"))
        .order_by("created_at")
    )
    return {"surveys": [{"title": s.title, "responses": count_text(s.responses_count)} for s in surveys]}


def theme_bars(process):
    counts = (
        Proposal.objects.public()
        .filter(process=process)
        .values("theme__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "theme__name")
    )
    return bars([(row["theme__name"] or "Sans thème", row["n"]) for row in counts])


def answered(process, *, q="", etat="", theme=None):
    """The public proposals the Métropole answered, in the order of the report (decision, then title)."""
    proposals = Proposal.objects.public().filter(process=process, state__in=DECIDED).filter(~Q(answer=""))
    if q:
        proposals = proposals.filter(title__icontains=q)
    if etat:
        proposals = proposals.filter(state=etat)
    if theme is not None:
        proposals = proposals.filter(theme=theme)
    return proposals.order_by("state", "title", "pk")


@dataclass
class AnswersPage:
    answers: list
    has_previous: bool
    has_next: bool

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    def __iter__(self):
        return iter(self.answers)

    @property
    def first(self):
        return self.answers[0] if self.answers else None

    @property
    def last(self):
        return self.answers[-1] if self.answers else None


# The order of answered(), compared as one row value, so that the index proposal_answered_order_idx finds where a page
# starts and reads only the page.
_ORDER = "(participation_proposal.state, participation_proposal.title, participation_proposal.id) {} (%s, %s, %s)"


def answers_page(answers, size, *, after=None, before=None):
    """`size` answers of `answers` (in answered()'s order) that come after the answer of id `after`, or before that
    of id `before`, or the first ones: an OFFSET would read every answer before the page. None if that answer is not
    in `answers` (hidden meanwhile, or another search)."""
    anchor = after or before
    if anchor:
        position = answers.filter(pk=anchor).values_list("state", "title", "pk").first()
        if position is None:
            return None
        comparison = ">" if after else "<"
        answers = answers.filter(RawSQL(_ORDER.format(comparison), position, output_field=BooleanField()))
    if before:
        rows = list(answers.order_by("-state", "-title", "-pk")[: size + 1])
        return AnswersPage(rows[:size][::-1], has_previous=len(rows) > size, has_next=True)
    rows = list(answers[: size + 1])
    return AnswersPage(rows[:size], has_previous=bool(after), has_next=len(rows) > size)


def decisions(proposals):
    """(decision label, its proposals among `proposals`), in the order of DECIDED."""
    groups = {state: [] for state in DECIDED}
    for proposal in proposals:
        groups[proposal.state].append(proposal)
    return [(Proposal.State(state).label, items) for state, items in groups.items() if items]


def decision_counts(process):
    """The answered proposals counted by decision and theme, in one GROUP BY."""
    rows = (
        answered(process)
        .values("state", "theme__slug", "theme__name")
        .annotate(n=Count("pk"))
        .order_by("state", "-n", "theme__name")
    )
    groups = {state: [] for state in DECIDED}
    for row in rows:
        name = row["theme__name"] or "Sans thème"
        groups[row["state"]].append({"slug": row["theme__slug"], "name": name, "n": row["n"]})
    return [
        {"state": state, "label": Proposal.State(state).label, "total": sum(t["n"] for t in themes), "themes": themes}
        for state, themes in groups.items()
        if themes
    ]


def summary(process):
    """What the page and the PDF show of the whole concertation: counting participants and supports reads millions
    of rows at a national debate's size, so it is computed once per data version (and at most SUMMARY_SECONDS old),
    and a summary no longer fresh is shown while a thread computes the next (BILAN_REFRESH_IN_BACKGROUND).

    `digest` names this content, so that a PDF built from it is built once."""
    version, _ = data_version()
    cached = cache.get(_summary_key(process.pk))
    if cached is not None and cached["version"] == version and time.time() - cached["computed"] < SUMMARY_SECONDS:
        return cached
    if cached is not None and settings.BILAN_REFRESH_IN_BACKGROUND:
        _refresh_in_background(process.pk)
        return cached
    return _compute_summary(process, version)


def _summary_key(process_pk):
    return f"bilan-summary:{process_pk}"


def _compute_summary(process, version):
    rates, _, breaks = commune_rates(process)
    counts = decision_counts(process)
    computed = {
        "version": version,
        "figures": key_figures(process),
        "themes": theme_bars(process),
        "decision_counts": counts,
        "answered": sum(group["total"] for group in counts),
        "legend": legend(breaks, any_contribution=any(r.contributions for r in rates)),
        "top_communes": sorted((r for r in rates if r.contributions), key=lambda r: -r.per_1000)[:10],
    }
    computed["digest"] = hashlib.sha1(pickle.dumps(computed)).hexdigest()[:16]
    computed["computed"] = time.time()
    cache.set(_summary_key(process.pk), computed, SUMMARY_STALE_SECONDS)
    return computed


def _refresh_in_background(process_pk):
    """Computes the concertation's summary in a thread of its own, one at a time per concertation and process."""
    background.refresh(
        ("bilan", process_pk),
        lambda: _compute_summary(Process.objects.get(pk=process_pk), data_version()[0]),
        f"The summary of the bilan of concertation {process_pk}",
    )


@dataclass
class CommuneRate:
    insee: str
    nom: str
    population: int
    contributions: int
    per_1000: float
    color: str = NO_CONTRIBUTION


def commune_rates(process, *, with_geometry=None):
    """Public proposals and annotations per commune and per 1,000 inhabitants, every commune of the metropolis.

    with_geometry: "geojson" (WGS84, for folium) or "svg" (Lambert-93 path, for the PDF), simplified in PostGIS.
    """
    geometry = {
        None: "NULL",
        "geojson": f"ST_AsGeoJSON(ST_Transform(ST_SimplifyPreserveTopology(c.geom, 30), {settings.API_SRID}), 5)",
        "svg": "ST_AsSVG(ST_SimplifyPreserveTopology(c.geom, 60), 1, 0)",
    }[with_geometry]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT c.insee, c.nom, c.population, coalesce(sum(n.proposals + n.annotations), 0)::int, {geometry}
            FROM territory_commune c
            LEFT JOIN layers_commune_count n ON n.commune_id = c.id AND n.process_id = %s
            GROUP BY c.id ORDER BY c.nom
            """,
            [process.pk],
        )
        rows = cursor.fetchall()
    rates = [
        CommuneRate(insee, nom, population, n, round(1000 * n / population, 2) if population else 0.0)
        for insee, nom, population, n, _ in rows
    ]
    breaks = classify(rates)
    for rate in rates:
        if rate.contributions:
            rate.color = PALETTE[sum(rate.per_1000 > b for b in breaks)]
    return rates, [geom for *_, geom in rows], breaks


def classify(rates):
    """Upper bounds of the quartile classes of the communes that have contributions (fewer when values repeat)."""
    values = sorted(r.per_1000 for r in rates if r.contributions)
    if not values:
        return []
    return sorted({values[min(len(values) - 1, len(values) * q // 4)] for q in (1, 2, 3)} - {values[-1]})


def legend(breaks, *, any_contribution=True):
    items = [(NO_CONTRIBUTION, "Aucune contribution")]
    if not any_contribution:
        return items
    lower = 0
    for color, upper in zip(PALETTE, [*breaks, None], strict=False):
        items.append((color, f"plus de {_number(lower)}" if upper is None else f"{_number(lower)} à {_number(upper)}"))
        lower = upper
    return items


def _number(value):
    return f"{value:g}".replace(".", ",")


MAP_TITLE = "Carte de la participation pour 1 000 habitants par commune"


def folium_map(process) -> str:
    """A whole HTML document: Leaflet from the project's static files, no tiles, no other script."""
    # Imported here: folium brings pandas, 140 MB in every worker that never draws this map, the PDF's included.
    import folium

    rates, geometries, _ = commune_rates(process, with_geometry="geojson")
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(geom),
            "properties": {
                "nom": rate.nom,
                "contributions": rate.contributions,
                "taux": _number(rate.per_1000),
                "couleur": rate.color,
            },
        }
        for rate, geom in zip(rates, geometries, strict=True)
    ]
    figure = folium.Map(location=settings.LEAFLET_CONFIG["DEFAULT_CENTER"], zoom_start=10, tiles=None)
    # folium's defaults pull Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; a choropleth needs Leaflet only.
    figure.default_js = [("leaflet", static("leaflet/leaflet.js"))]
    figure.default_css = [("leaflet_css", static("leaflet/leaflet.css"))]
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Participation pour 1 000 habitants",
        style_function=lambda feature: {
            "fillColor": feature["properties"]["couleur"],
            "fillOpacity": 0.85,
            "color": "#555555",
            "weight": 0.6,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["nom", "contributions", "taux"],
            aliases=["Commune", "Contributions", "Pour 1 000 habitants"],
        ),
    )
    layer.add_to(figure)
    figure.fit_bounds(layer.get_bounds())
    root = figure.get_root()
    root.title = MAP_TITLE
    # folium's page has no language and forbids zooming (WCAG 3.1.1 and 1.4.4), which its options cannot change.
    return (
        root.render()
        .replace("<html>", '<html lang="fr">', 1)
        .replace("initial-scale=1.0, maximum-scale=1.0, user-scalable=no", "initial-scale=1.0", 1)
    )


def svg_frame():
    """The SVG viewBox of the metropolis in Lambert-93 metres (ST_AsSVG writes y downwards, hence -ymax)."""
    xmin, ymin, xmax, ymax = territory.extent(settings.STORAGE_SRID)
    return {"viewbox": f"{xmin:.0f} {-ymax:.0f} {xmax - xmin:.0f} {ymax - ymin:.0f}", "stroke": (xmax - xmin) / 1500}
