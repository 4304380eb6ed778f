"""Writes of the analysis workspace: tagging and reviewing flags. Contributions themselves are never changed."""

from django.db import connection, transaction
from django.utils import timezone

from . import summaries
from .models import CampaignFlag, Tag
from .selectors import KINDS, ContributionFilter


def _in_scope(kind, ids, scope):
    """The ids among `ids` of contributions of the concertations of `scope` (None: all that exist)."""
    existing = KINDS[kind][1].objects.filter(pk__in=list(ids))
    if scope is not None:
        existing = existing.filter(process_id__in=scope)
    return existing.values_list("pk", flat=True)


@transaction.atomic
def tag_apply(*, tag: Tag, proposals=(), annotations=(), scope: tuple[int, ...] | None = None) -> int:
    """Tags the given contributions (ids) of the concertations of `scope` (None: all), leaving those already tagged
    as they are; returns how many were added."""
    added = 0
    for kind, ids in (("proposal", proposals), ("annotation", annotations)):
        through = getattr(Tag, f"{kind}s").through
        rows = through.objects.bulk_create(
            [through(tag=tag, **{f"{kind}_id": pk}) for pk in _in_scope(kind, ids, scope)], ignore_conflicts=True
        )
        added += len(rows)
    summaries.tags_changed()
    return added


@transaction.atomic
def tag_apply_to_filter(*, tag: Tag, spec: ContributionFilter) -> int:
    """Tags every contribution the filter selects, in one INSERT … SELECT per table, however many there are."""
    added = 0
    for kind, qs in spec.querysets().items():
        through = getattr(Tag, f"{kind}s").through
        select_sql, params = qs.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {through._meta.db_table} (tag_id, {kind}_id) SELECT %s, s.id FROM ({select_sql}) s(id) "
                f"ON CONFLICT DO NOTHING",
                [tag.pk, *params],
            )
            added += cursor.rowcount
    summaries.tags_changed()
    return added


@transaction.atomic
def tag_remove(*, tag: Tag, proposals=(), annotations=(), scope: tuple[int, ...] | None = None) -> int:
    removed = 0
    for kind, ids in (("proposal", proposals), ("annotation", annotations)):
        through = getattr(Tag, f"{kind}s").through
        deleted, _ = through.objects.filter(tag=tag, **{f"{kind}_id__in": _in_scope(kind, ids, scope)}).delete()
        removed += deleted
    summaries.tags_changed()
    return removed


def flag_review(*, flag: CampaignFlag, officer, note: str = "") -> CampaignFlag:
    flag.reviewed_at = timezone.now()
    flag.reviewed_by = officer
    flag.review_note = (note or "").strip()
    flag.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    return flag
