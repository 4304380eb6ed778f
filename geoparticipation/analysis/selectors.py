"""Reads of the analysis workspace: filtered contributions, cross-tabulations and where-from counts.

Proposals and annotations are two tables; each count is a GROUP BY run on both, and only the aggregated
rows (a few hundred at most) are merged in Python.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Concat, TruncMonth
from django.utils import timezone

from geoparticipation.participation.models import Annotation, Proposal
from geoparticipation.surveys.models import ParticipantProfile

from .models import Tag

UNKNOWN = "Non renseigné"
OUTSIDE = "Hors métropole"
KINDS = {"proposal": ("Proposition", Proposal), "annotation": ("Annotation", Annotation)}


@dataclass(frozen=True)
class ContributionFilter:
    """What the officer chose in the filter bar; empty values mean « tout »."""

    process: object = None
    kind: str = ""
    theme: object = None
    tag: object = None
    commune: object = None
    home: str = ""  # a commune id, "outside" or "unknown"
    age_bracket: str = ""  # a bracket or "unknown"
    gender: str = ""  # a gender or "unknown"
    since: datetime.date | None = None
    until: datetime.date | None = None
    # The concertations the officer may analyse (ids, sorted), whatever they chose above; None: all (an administrator).
    scope: tuple[int, ...] | None = None

    def querysets(self):
        """The filtered proposals and annotations (published, not hidden), keyed by kind."""
        return {kind: self._filter(kind, model) for kind, (_, model) in KINDS.items() if self.kind in ("", kind)}

    def _filter(self, kind, model):
        qs = model.objects.published()
        if self.scope is not None:
            qs = qs.filter(process_id__in=self.scope)
        if self.process is not None:
            qs = qs.filter(process=self.process)
        if self.theme is not None:
            qs = qs.filter(theme=self.theme) if kind == "proposal" else qs.none()
        if self.tag is not None:
            through = getattr(Tag, f"{kind}s").through
            # Exists rather than a join: a contribution tagged with a theme and its sub-theme counts once.
            qs = qs.filter(
                Exists(
                    through.objects.filter(**{kind: OuterRef("pk")}).filter(Q(tag=self.tag) | Q(tag__parent=self.tag))
                )
            )
        if self.commune is not None:
            qs = qs.filter(commune=self.commune)
        if self.home == "outside":
            qs = qs.filter(author__profile__lives_outside=True)
        elif self.home == "unknown":
            qs = qs.exclude(author__profile__lives_outside=True).filter(author__profile__home_commune__isnull=True)
        elif self.home:
            qs = qs.filter(author__profile__home_commune_id=self.home)
        qs = self._profile_filter(qs, "age_bracket", self.age_bracket)
        qs = self._profile_filter(qs, "gender", self.gender)
        # Local days as a range of instants, which the index on (process, published_at) serves; a cast of every
        # row's time to a local date would be read row by row.
        if self.since:
            qs = qs.filter(published_at__gte=_local_midnight(self.since))
        if self.until:
            qs = qs.filter(published_at__lt=_local_midnight(self.until + datetime.timedelta(days=1)))
        return qs

    @staticmethod
    def _profile_filter(qs, field, value):
        if value == "unknown":
            return qs.filter(Q(**{f"author__profile__{field}": ""}) | Q(**{f"author__profile__{field}__isnull": True}))
        if value:
            return qs.filter(**{f"author__profile__{field}": value})
        return qs

    def count(self):
        """How many contributions the filter selects. With no filter but the concertation, the kind and the commune,
        it is read from the counters the triggers keep, since counting a million rows takes seconds."""
        if any(getattr(self, name) not in (None, "") for name in COUNTED_ELSEWHERE):
            return sum(qs.count() for qs in self.querysets().values())
        kinds = [f"{kind}s" for kind in self.querysets()]
        with connection.cursor() as cursor:
            cursor.execute(
                KEPT_COUNT,
                {
                    "kinds": kinds,
                    "process": self.process.pk if self.process is not None else None,
                    "scope": list(self.scope) if self.scope is not None else None,
                    "commune": self.commune.pk if self.commune is not None else None,
                },
            )
            return cursor.fetchone()[0]


# The published rows (participation_published, the rule of published()) per concertation, kind and commune, kept by
# the triggers of layers/sql/post_20_commune_counts.sql.
KEPT_COUNT = """
    SELECT COALESCE(sum(features), 0) FROM layers_layer_count
    WHERE kind = ANY(%(kinds)s) AND (%(process)s::bigint IS NULL OR process_id = %(process)s::bigint)
      AND (%(scope)s::bigint[] IS NULL OR process_id = ANY(%(scope)s::bigint[]))
      AND (%(commune)s::bigint IS NULL OR commune_id = %(commune)s::bigint)
"""
# The filters those counters cannot answer.
COUNTED_ELSEWHERE = ("theme", "tag", "home", "age_bracket", "gender", "since", "until")


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def newest_first(spec: ContributionFilter, start: int, stop: int):
    """(kind, id) of the contributions from `start` to `stop` of the filtered list, newest first. Each kind's
    newest `stop` rows come from its index on (process, published_at), and only they are merged: the rows before
    them are never all read and sorted."""
    querysets = spec.querysets()
    if stop <= start:
        return []

    def keys(kind, qs):
        return (
            qs.annotate(x_kind=Value(kind, output_field=CharField()), x_pk=F("pk"), x_published=F("published_at"))
            .order_by("-x_published", "-x_pk")
            .values_list("x_kind", "x_pk", "x_published")
        )

    if len(querysets) == 1:
        ((kind, qs),) = querysets.items()
        listed = keys(kind, qs)[start:stop]
    else:
        branches = [keys(kind, qs)[:stop] for kind, qs in querysets.items()]
        listed = branches[0].union(*branches[1:], all=True).order_by("-x_published", "-x_pk")[start:stop]
    return [(kind, pk) for kind, pk, _ in listed]


def _choice_label(field, choices):
    return Case(
        *[When(**{f"author__profile__{field}": value}, then=Value(label)) for value, label in choices],
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def home_label():
    return Case(
        When(author__profile__lives_outside=True, then=Value(OUTSIDE)),
        When(author__profile__home_commune__isnull=False, then=F("author__profile__home_commune__nom")),
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def tag_label():
    return Case(
        When(
            analysis_tags__parent__isnull=False,
            then=Concat(F("analysis_tags__parent__name"), Value(" › "), F("analysis_tags__name")),
        ),
        default=Coalesce(F("analysis_tags__name"), Value("Sans étiquette")),
        output_field=CharField(),
    )


# Each dimension: its label, the SQL expression per contribution kind, and the order of its values.
DIMENSIONS = {
    "kind": ("Type de contribution", lambda kind: Value(KINDS[kind][0], output_field=CharField())),
    "theme": (
        "Thème (choisi par l'auteur)",
        lambda kind: Coalesce(F("theme__name"), Value("Sans thème")) if kind == "proposal" else Value("Sans thème"),
    ),
    "tag": ("Étiquette d'analyse", lambda kind: tag_label()),
    "commune": ("Commune de la contribution", lambda kind: Coalesce(F("commune__nom"), Value("Hors territoire"))),
    "home": ("Commune de résidence de l'auteur", lambda kind: home_label()),
    "age": ("Tranche d'âge", lambda kind: _choice_label("age_bracket", ParticipantProfile.AgeBracket.choices)),
    "gender": ("Genre", lambda kind: _choice_label("gender", ParticipantProfile.Gender.choices)),
    "month": ("Mois de publication", lambda kind: TruncMonth("published_at")),
}


def _order(dimension, values):
    if dimension == "age":
        known = [label for _, label in ParticipantProfile.AgeBracket.choices]
    elif dimension == "gender":
        known = [label for _, label in ParticipantProfile.Gender.choices]
    else:
        return sorted(values, key=lambda v: (v in (UNKNOWN, OUTSIDE, "Sans thème", "Sans étiquette"), v))
    return [v for v in [*known, UNKNOWN] if v in values]


@dataclass
class CrossTable:
    row_label: str
    column_label: str
    rows: list
    columns: list
    cells: dict  # (row, column) -> count
    row_totals: dict
    column_totals: dict
    total: int

    def matrix(self):
        return [
            (row, [self.cells.get((row, col), 0) for col in self.columns], self.row_totals[row]) for row in self.rows
        ]


def crosstab(spec: ContributionFilter, rows: str, columns: str) -> CrossTable:
    """Counts of contributions by two dimensions. With the tag dimension a contribution counts under each tag."""
    cells = Counter()
    for kind, qs in spec.querysets().items():
        grouped = (
            qs.values(r=DIMENSIONS[rows][1](kind), c=DIMENSIONS[columns][1](kind))
            .annotate(n=Count("pk"))
            .values_list("r", "c", "n")
            .order_by()
        )
        for row, column, n in grouped:
            cells[(_label(row), _label(column))] += n
    row_values = _order(rows, {r for r, _ in cells})
    column_values = _order(columns, {c for _, c in cells})
    row_totals = {r: sum(n for (rr, _), n in cells.items() if rr == r) for r in row_values}
    column_totals = {c: sum(n for (_, cc), n in cells.items() if cc == c) for c in column_values}
    return CrossTable(
        row_label=DIMENSIONS[rows][0],
        column_label=DIMENSIONS[columns][0],
        rows=row_values,
        columns=column_values,
        cells=dict(cells),
        row_totals=row_totals,
        column_totals=column_totals,
        total=sum(cells.values()),
    )


def _label(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m")
    return value


ORIGINS = {
    "resident": "Habitants de la commune",
    "metropolis": "Autres communes de la métropole",
    "outside": OUTSIDE,
    "unknown": UNKNOWN,
}


def origin_category():
    return Case(
        When(author__profile__lives_outside=True, then=Value("outside")),
        When(author__profile__home_commune=F("commune"), then=Value("resident")),
        When(author__profile__home_commune__isnull=False, then=Value("metropolis")),
        default=Value("unknown"),
        output_field=CharField(),
    )


def where_from(spec: ContributionFilter):
    """For each commune a contribution is about: how many come from its residents, the rest of the metropolis,
    outside, or authors who did not say. Returns rows sorted by total, then the totals per origin."""
    counts = {}
    for qs in spec.querysets().values():
        grouped = (
            qs.values("commune_id", "commune__insee", "commune__nom", origin=origin_category())
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in grouped:
            key = (row["commune__nom"] or "Hors territoire", row["commune__insee"] or "")
            counts.setdefault(key, Counter())[row["origin"]] += row["n"]
    rows = [
        {"nom": nom, "insee": insee, "counts": [c[o] for o in ORIGINS], "total": sum(c.values()), **c}
        for (nom, insee), c in counts.items()
    ]
    rows.sort(key=lambda r: (-r["total"], r["nom"]))
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(ORIGINS))]
    return rows, totals
