"""Detection of coordinated contributions. A flag explains itself and deletes nothing: the officers decide.

Three rules, each a few GROUP BY queries per concertation, so that a run over a million contributions
stays a matter of seconds:
- BURST: at least BURST_MIN_ACCOUNTS accounts created within BURST_WINDOW of each other, each of which made its
  first contribution to the concertation less than BURST_FRESHNESS after its creation;
- DUPLICATES: at least DUPLICATES_MIN_TEXTS contributions whose texts are the same once case, accents,
  punctuation, digits and spaces are set aside (texts of 30 letters or more: sql/post_10_campaigns.sql);
- OUTSIDE: at least OUTSIDE_MIN_AUTHORS authors, and OUTSIDE_MIN_SHARE of the authors, of the concertation's
  contributions declare a home outside the metropolis.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import formats, timezone

from geoparticipation.participation.models import Process

from .models import CampaignFlag

BURST_MIN_ACCOUNTS = 10
BURST_WINDOW = datetime.timedelta(hours=1)
BURST_FRESHNESS = datetime.timedelta(hours=24)
DUPLICATES_MIN_TEXTS = 5
OUTSIDE_MIN_AUTHORS = 10
OUTSIDE_MIN_SHARE = 0.30

# Published, not hidden contributions of one concertation (participation_published), as (kind, id, author, time,
# text).
CONTRIBUTIONS_SQL = """
    SELECT 'proposal' AS kind, id, author_id, published_at, title || ' ' || body AS text
    FROM participation_proposal WHERE process_id = %(process)s AND participation_published(published_at, hidden_at)
    UNION ALL
    SELECT 'annotation', id, author_id, published_at, comment
    FROM participation_annotation WHERE process_id = %(process)s AND participation_published(published_at, hidden_at)
"""


@dataclass
class Finding:
    rule: str
    key: str
    explanation: str
    numbers: dict
    # The members' ids, by kind: at a million members, pairs of (kind, id) weigh several times two lists of ids.
    proposals: list = field(default_factory=list)
    annotations: list = field(default_factory=list)


def _by_kind(members):
    """The ids of (kind, id) rows, proposals first, as the keyword arguments of a Finding."""
    return {f"{kind}s": [pk for k, pk in members if k == kind] for kind in ("proposal", "annotation")}


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _moment(value):
    return formats.date_format(timezone.localtime(value), "j F Y à H:i")


def find_bursts(process) -> list[Finding]:
    fresh_sql = f"""
        WITH contributions AS ({CONTRIBUTIONS_SQL}),
        fresh AS (
            SELECT c.author_id, u.date_joined
            FROM contributions c JOIN accounts_user u ON u.id = c.author_id
            GROUP BY c.author_id, u.date_joined
            HAVING min(c.published_at) >= u.date_joined AND min(c.published_at) <= u.date_joined + %(freshness)s
        ),
        windows AS (
            SELECT date_joined,
                   count(*) OVER (ORDER BY date_joined RANGE BETWEEN CURRENT ROW AND %(window)s FOLLOWING) AS n
            FROM fresh
        )
        SELECT f.author_id, f.date_joined FROM fresh f
        WHERE EXISTS (
            SELECT 1 FROM windows w
            WHERE w.n >= %(min_accounts)s AND f.date_joined BETWEEN w.date_joined AND w.date_joined + %(window)s
        )
        ORDER BY f.date_joined
    """
    accounts = _rows(
        fresh_sql,
        {
            "process": process.pk,
            "freshness": BURST_FRESHNESS,
            "window": BURST_WINDOW,
            "min_accounts": BURST_MIN_ACCOUNTS,
        },
    )
    # Overlapping windows of the same burst are merged: a gap longer than the window starts a new group.
    groups = []
    for author_id, joined in accounts:
        if groups and joined - groups[-1][-1][1] <= BURST_WINDOW:
            groups[-1].append((author_id, joined))
        else:
            groups.append([(author_id, joined)])
    findings = []
    for group in groups:
        authors = [a for a, _ in group]
        first, last = group[0][1], group[-1][1]
        members = _rows(
            f"SELECT kind, id FROM ({CONTRIBUTIONS_SQL}) c WHERE author_id = ANY(%(authors)s) ORDER BY published_at",
            {"process": process.pk, "authors": authors},
        )
        minutes = round((last - first).total_seconds() / 60)
        findings.append(
            Finding(
                rule=CampaignFlag.Rule.BURST,
                key=f"burst:{first.isoformat()}",
                explanation=(
                    f"{len(authors)} comptes ont été créés en {minutes} minutes (du {_moment(first)} au "
                    f"{_moment(last)}) et chacun a contribué à cette concertation moins de "
                    f"{BURST_FRESHNESS.total_seconds() / 3600:.0f} h après sa création. Règle : au moins "
                    f"{BURST_MIN_ACCOUNTS} comptes créés à moins d'une heure d'intervalle."
                ),
                numbers={
                    "accounts": len(authors),
                    "contributions": len(members),
                    "first_created": first.isoformat(),
                    "last_created": last.isoformat(),
                    "span_minutes": minutes,
                },
                **_by_kind(members),
            )
        )
    return findings


# The kept digests (text_digest, written by analysis/sql/post_10_campaigns.sql) of the same contributions, as (kind,
# id, author, time, digest) where the digest {among}; each branch reads its table's partial index on (process,
# text_digest).
DIGESTS_SQL = """
    SELECT 'proposal' AS kind, id, author_id, published_at, text_digest AS digest
    FROM participation_proposal
    WHERE process_id = %(process)s AND participation_published(published_at, hidden_at) AND text_digest {among}
    UNION ALL
    SELECT 'annotation', id, author_id, published_at, text_digest
    FROM participation_annotation
    WHERE process_id = %(process)s AND participation_published(published_at, hidden_at) AND text_digest {among}
"""


def find_duplicates(process) -> list[Finding]:
    # The repeated digests first, from the indexes alone; then the members of those few groups only.
    params = {"process": process.pk, "min_texts": DUPLICATES_MIN_TEXTS}
    repeated_sql = f"""
        SELECT digest FROM ({DIGESTS_SQL.format(among="IS NOT NULL")}) d
        GROUP BY digest HAVING count(*) >= %(min_texts)s
    """
    repeated = [digest for (digest,) in _rows(repeated_sql, params)]
    if not repeated:
        return []
    groups = _rows(
        f"""
        SELECT digest, count(*), count(DISTINCT author_id),
               (array_agg(kind ORDER BY published_at))[1], (array_agg(id ORDER BY published_at))[1],
               array_agg(id) FILTER (WHERE kind = 'proposal'), array_agg(id) FILTER (WHERE kind = 'annotation')
        FROM ({DIGESTS_SQL.format(among="= ANY(%(digests)s)")}) d
        GROUP BY digest
        ORDER BY count(*) DESC
        """,
        {**params, "digests": repeated},
    )
    samples = _first_texts([(kind, pk) for _, _, _, kind, pk, _, _ in groups])
    findings = []
    for digest, count, authors, first_kind, first_id, proposals, annotations in groups:
        sample = samples[(first_kind, first_id)]
        findings.append(
            Finding(
                rule=CampaignFlag.Rule.DUPLICATES,
                key=f"duplicates:{digest}",
                explanation=(
                    f"{count} contributions de {authors} auteurs ont le même texte, à la casse, aux accents, à la "
                    f"ponctuation et aux espaces près : « {sample[:200]}{'…' if len(sample) > 200 else ''} ». "
                    f"Règle : au moins {DUPLICATES_MIN_TEXTS} textes identiques ainsi normalisés."
                ),
                numbers={"contributions": count, "authors": authors},
                proposals=proposals or [],
                annotations=annotations or [],
            )
        )
    return findings


def _first_texts(members):
    """The text of each (kind, id), as CONTRIBUTIONS_SQL writes it."""
    texts = {}
    for kind, sql in (
        ("proposal", "SELECT id, title || ' ' || body FROM participation_proposal WHERE id = ANY(%s)"),
        ("annotation", "SELECT id, comment FROM participation_annotation WHERE id = ANY(%s)"),
    ):
        ids = [pk for k, pk in members if k == kind]
        if ids:
            texts.update(((kind, pk), text) for pk, text in _rows(sql, [ids]))
    return texts


def find_outside_authors(process) -> list[Finding]:
    ((authors, outside),) = _rows(
        f"""
        SELECT count(DISTINCT c.author_id), count(DISTINCT c.author_id) FILTER (WHERE p.lives_outside)
        FROM ({CONTRIBUTIONS_SQL}) c LEFT JOIN surveys_participantprofile p ON p.user_id = c.author_id
        """,
        {"process": process.pk},
    )
    if outside < OUTSIDE_MIN_AUTHORS or outside < OUTSIDE_MIN_SHARE * authors:
        return []
    members = _rows(
        f"""
        SELECT c.kind, c.id FROM ({CONTRIBUTIONS_SQL}) c
        JOIN surveys_participantprofile p ON p.user_id = c.author_id AND p.lives_outside
        ORDER BY c.published_at
        """,
        {"process": process.pk},
    )
    share = outside / authors
    return [
        Finding(
            rule=CampaignFlag.Rule.OUTSIDE,
            key="outside",
            explanation=(
                f"{outside} des {authors} auteurs de contributions ({share:.0%}) déclarent résider hors de la "
                f"métropole ; ils ont déposé {len(members)} contributions. Règle : au moins "
                f"{OUTSIDE_MIN_AUTHORS} auteurs et {OUTSIDE_MIN_SHARE:.0%} des auteurs."
            ),
            numbers={
                "authors": authors,
                "outside_authors": outside,
                "share": round(share, 3),
                "contributions": len(members),
            },
            **_by_kind(members),
        )
    ]


RULES = (find_bursts, find_duplicates, find_outside_authors)


@transaction.atomic
def detect_campaigns(process=None, *, among=None) -> list[CampaignFlag]:
    """Recomputes the flags of one concertation, or of all those of `among` (a queryset; default: every one). A review
    survives when its group is found again; an unreviewed flag whose group has disappeared is dropped, a reviewed one
    is kept as a record."""
    processes = [process] if process is not None else list(among if among is not None else Process.objects.all())
    now = timezone.now()
    flags = []
    for proc in processes:
        findings = [finding for rule in RULES for finding in rule(proc)]
        CampaignFlag.objects.filter(process=proc, reviewed_at__isnull=True).exclude(
            key__in=[f.key for f in findings]
        ).delete()
        flags += _store(proc, findings, now)
    return flags


# The flags of one concertation, written in one statement: a review survives (the row is updated, not replaced).
UPSERT_SQL = f"""
    INSERT INTO {CampaignFlag._meta.db_table} (process_id, rule, key, explanation, numbers, computed_at, review_note)
    SELECT %(process)s, f.rule, f.key, f.explanation, f.numbers::jsonb, %(now)s, ''
    FROM unnest(%(rules)s::text[], %(keys)s::text[], %(explanations)s::text[], %(numbers)s::text[])
        AS f(rule, key, explanation, numbers)
    ON CONFLICT (process_id, rule, key) DO UPDATE
    SET explanation = EXCLUDED.explanation, numbers = EXCLUDED.numbers, computed_at = EXCLUDED.computed_at
    RETURNING rule, key, id
"""


MEMBERS_CHUNK = 100_000


def _chunks(groups):
    """The (flag id, member ids) pairs in runs of about MEMBERS_CHUNK members, so that memory stays bounded."""
    chunk, size = [], 0
    for group in groups:
        chunk.append(group)
        size += len(group[1])
        if size >= MEMBERS_CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _store_members(cursor, kind, chunk):
    """Deletes the members these flags no longer have and adds the new ones: a group unchanged writes nothing."""
    table = getattr(CampaignFlag, f"{kind}s").through._meta.db_table
    members = {
        "flags": [pk for pk, _ in chunk],
        "owners": [pk for pk, ids in chunk for _ in ids],
        "members": [member for _, ids in chunk for member in ids],
    }
    cursor.execute(
        f"""
        DELETE FROM {table} t WHERE campaignflag_id = ANY(%(flags)s::bigint[]) AND NOT EXISTS (
            SELECT 1 FROM unnest(%(owners)s::bigint[], %(members)s::bigint[]) AS m(flag, id)
            WHERE m.flag = t.campaignflag_id AND m.id = t.{kind}_id
        )
        """,
        members,
    )
    cursor.execute(
        f"""
        INSERT INTO {table} (campaignflag_id, {kind}_id)
        SELECT * FROM unnest(%(owners)s::bigint[], %(members)s::bigint[]) ON CONFLICT DO NOTHING
        """,
        members,
    )


def _store(process, findings, now) -> list[CampaignFlag]:
    """Writes the findings' flags in one statement and their members in two per MEMBERS_CHUNK, however many groups
    (statements per group took minutes for the thousands of groups of a million contributions)."""
    with connection.cursor() as cursor:
        cursor.execute(
            UPSERT_SQL,
            {
                "process": process.pk,
                "now": now,
                "rules": [f.rule for f in findings],
                "keys": [f.key for f in findings],
                "explanations": [f.explanation for f in findings],
                "numbers": [json.dumps(f.numbers) for f in findings],
            },
        )
        written = {(rule, key): pk for rule, key, pk in cursor.fetchall()}
        ids = [written[f.rule, f.key] for f in findings]
        for kind in ("proposal", "annotation"):
            for chunk in _chunks(zip(ids, (getattr(f, f"{kind}s") for f in findings), strict=True)):
                _store_members(cursor, kind, chunk)
    flags = CampaignFlag.objects.select_related("process").in_bulk(ids)
    return [flags[pk] for pk in ids]
