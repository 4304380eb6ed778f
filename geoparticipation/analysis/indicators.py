"""« Indicateurs de performance »: participation over time, by concertation and by commune, each one GROUP BY."""

from django.conf import settings
from django.db import connection

from geoparticipation.territory.models import Commune

PERIODS = {"month": "Mois", "week": "Semaine"}

# Every act of participation with its time, author and concertation; published and not hidden only
# (participation_published).
ACTS_SQL = """
    SELECT 'proposal' AS kind, process_id, author_id, published_at AS at FROM participation_proposal
    WHERE participation_published(published_at, hidden_at)
    UNION ALL
    SELECT 'annotation', process_id, author_id, published_at FROM participation_annotation
    WHERE participation_published(published_at, hidden_at)
    UNION ALL
    SELECT 'comment', p.process_id, c.author_id, c.published_at FROM participation_comment c
    JOIN django_content_type t ON t.id = c.content_type_id AND t.app_label = 'participation' AND t.model = 'proposal'
    JOIN participation_proposal p ON p.id = c.object_id
    WHERE participation_published(c.published_at, c.hidden_at)
    UNION ALL
    SELECT 'support', p.process_id, s.user_id, s.created_at FROM participation_support s
    JOIN participation_proposal p ON p.id = s.proposal_id
"""


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _ids(scope):
    return list(scope) if scope is not None else None


def over_time(*, period="month", process=None, scope=None):
    """Acts of participation and distinct participants per week or month (local time), every period from the first
    to the last: one without activity is a row of zeros, not a gap the charts would close. `scope`: the ids of the
    concertations counted (None: all), as in the other indicators."""
    if period not in PERIODS:
        raise ValueError(f"Unknown period {period!r}")
    return _fetch(
        f"""
        WITH counted AS (
            SELECT date_trunc(%(period)s, at AT TIME ZONE %(tz)s)::date AS period,
                   count(*) FILTER (WHERE kind = 'proposal') AS proposals,
                   count(*) FILTER (WHERE kind = 'annotation') AS annotations,
                   count(*) FILTER (WHERE kind = 'comment') AS comments,
                   count(*) FILTER (WHERE kind = 'support') AS supports,
                   count(DISTINCT author_id) AS participants
            FROM ({ACTS_SQL}) acts
            WHERE (%(process)s::bigint IS NULL OR process_id = %(process)s::bigint)
              AND (%(scope)s::bigint[] IS NULL OR process_id = ANY(%(scope)s::bigint[]))
            GROUP BY 1
        )
        SELECT p.period::date AS period,
               COALESCE(c.proposals, 0) AS proposals, COALESCE(c.annotations, 0) AS annotations,
               COALESCE(c.comments, 0) AS comments, COALESCE(c.supports, 0) AS supports,
               COALESCE(c.participants, 0) AS participants
        FROM (SELECT min(period) AS first, max(period) AS last FROM counted) span
        CROSS JOIN generate_series(span.first, span.last, ('1 ' || %(period)s)::interval) AS p(period)
        LEFT JOIN counted c ON c.period = p.period::date
        ORDER BY 1
        """,
        {"period": period, "tz": settings.TIME_ZONE, "process": process.pk if process else None, "scope": _ids(scope)},
    )


def by_process(*, scope=None):
    """Per concertation; the population is that of its communes, or of the whole metropolis when it has none."""
    total_population = sum(Commune.objects.values_list("population", flat=True))
    rows = _fetch(
        f"""
        SELECT pr.id, pr.slug, pr.title, pr.published, pr.is_private,
               count(acts.kind) FILTER (WHERE acts.kind = 'proposal') AS proposals,
               count(acts.kind) FILTER (WHERE acts.kind = 'annotation') AS annotations,
               count(acts.kind) FILTER (WHERE acts.kind = 'comment') AS comments,
               count(acts.kind) FILTER (WHERE acts.kind = 'support') AS supports,
               count(DISTINCT acts.author_id) AS participants,
               (SELECT sum(c.population) FROM participation_process_communes pc
                JOIN territory_commune c ON c.id = pc.commune_id WHERE pc.process_id = pr.id) AS population
        FROM participation_process pr LEFT JOIN ({ACTS_SQL}) acts ON acts.process_id = pr.id
        WHERE (%(scope)s::bigint[] IS NULL OR pr.id = ANY(%(scope)s::bigint[]))
        GROUP BY pr.id ORDER BY pr.created_at DESC
        """,
        {"scope": _ids(scope)},
    )
    for row in rows:
        row["population"] = row["population"] or total_population
        row["contributions"] = row["proposals"] + row["annotations"]
        row["per_1000"] = _per_1000(row["contributions"], row["population"])
        row["participants_per_1000"] = _per_1000(row["participants"], row["population"])
    return rows


def by_commune(*, process=None, scope=None):
    """Proposals and annotations about each commune, their distinct authors, and both per 1,000 inhabitants."""
    rows = _fetch(
        """
        SELECT c.insee, c.nom, c.population,
               count(x.kind) FILTER (WHERE x.kind = 'proposal') AS proposals,
               count(x.kind) FILTER (WHERE x.kind = 'annotation') AS annotations,
               count(DISTINCT x.author_id) AS participants
        FROM territory_commune c LEFT JOIN (
            SELECT 'proposal' AS kind, commune_id, author_id, process_id FROM participation_proposal
            WHERE participation_published(published_at, hidden_at)
            UNION ALL
            SELECT 'annotation', commune_id, author_id, process_id FROM participation_annotation
            WHERE participation_published(published_at, hidden_at)
        ) x ON x.commune_id = c.id AND (%(process)s::bigint IS NULL OR x.process_id = %(process)s::bigint)
          AND (%(scope)s::bigint[] IS NULL OR x.process_id = ANY(%(scope)s::bigint[]))
        GROUP BY c.id ORDER BY count(x.kind) DESC, c.nom
        """,
        {"process": process.pk if process else None, "scope": _ids(scope)},
    )
    for row in rows:
        row["contributions"] = row["proposals"] + row["annotations"]
        row["per_1000"] = _per_1000(row["contributions"], row["population"])
        row["participants_per_1000"] = _per_1000(row["participants"], row["population"])
    return rows


def _per_1000(count, population):
    return round(1000 * count / population, 2) if population else 0.0
