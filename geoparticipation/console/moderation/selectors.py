"""Reads of the moderation console: the queue of reported content, one content's reports, and the journal."""

from collections import defaultdict
from datetime import datetime, time, timedelta
from functools import reduce
from operator import or_

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from geoparticipation.moderation.models import ModerationAction
from geoparticipation.moderation.services import process_id_of
from geoparticipation.participation.models import Comment, Process, Report

from .kinds import COMMENTED, KINDS, kind_of_content_type

WAITING, HIDDEN, ALL = "en-attente", "masques", "tous"
STATES = ((WAITING, "En attente"), (HIDDEN, "Masqués"), (ALL, "Tous"))


def _in_processes(kind, process_ids):
    """The pks of the content of `kind` in those concertations, as a subquery."""
    if kind.model is Comment:
        on = reduce(
            or_,
            (
                Q(
                    content_type=target.content_type,
                    object_id__in=target.model.objects.filter(process_id__in=process_ids).values("pk"),
                )
                for target in COMMENTED
            ),
        )
        return Comment.objects.filter(on).values("pk")
    return kind.model.objects.filter(**{f"{kind.process_path}_id__in": process_ids}).values("pk")


def _reports_on(kinds, make_pks):
    return reduce(or_, (Q(content_type=kind.content_type, object_id__in=make_pks(kind)) for kind in kinds))


def queue(*, process_ids=None, kind=None, state=WAITING):
    """One row per reported content (content_type, object_id, count, reasons, details, first, last), the oldest
    first report first. `process_ids` None: every concertation."""
    kinds = [kind] if kind else list(KINDS)
    reports = Report.objects.all()
    if process_ids is not None:
        reports = reports.filter(_reports_on(kinds, lambda k: _in_processes(k, process_ids)))
    elif kind:
        reports = reports.filter(content_type=kind.content_type)
    if state != ALL:
        hidden = _reports_on(kinds, lambda k: k.model.objects.filter(hidden_at__isnull=False).values("pk"))
        reports = reports.filter(hidden) if state == HIDDEN else reports.exclude(hidden)
    return (
        reports.values("content_type", "object_id")
        .annotate(
            count=Count("id"),
            reasons=ArrayAgg("reason", distinct=True, default=[]),
            details=ArrayAgg("details", filter=~Q(details=""), default=[]),
            first=Min("created_at"),
            last=Max("created_at"),
        )
        .order_by("first", "content_type", "object_id")
    )


def with_contents(rows):
    """Sets on each row of a page `kind`, `content` (None if deleted) and `process`: one query per content type,
    one for the comments' targets per type and one for the concertations."""
    rows = list(rows)
    ids = defaultdict(list)
    for row in rows:
        ids[row["content_type"]].append(row["object_id"])
    contents = {}
    for content_type_id, pks in ids.items():
        kind = kind_of_content_type(content_type_id)
        objects = kind.model.objects.filter(pk__in=pks)
        if kind.model is Comment:
            objects = objects.prefetch_related("target")
        elif kind.process_path != "process":
            objects = objects.select_related("debate")
        contents.update({(content_type_id, obj.pk): obj for obj in objects})
    processes = Process.objects.in_bulk({process_id_of(obj) for obj in contents.values()} - {None})
    for row in rows:
        row["kind"] = kind_of_content_type(row["content_type"])
        row["content"] = contents.get((row["content_type"], row["object_id"]))
        row["process"] = processes.get(process_id_of(row["content"])) if row["content"] else None
        row["reason_labels"] = [Report.Reason(reason).label for reason in row["reasons"]]
    return rows


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def journal(*, process_ids=None, process=None, action="", officer=None, since=None, until=None):
    """The journal's lines, newest first, within `process_ids` (None: all)."""
    lines = ModerationAction.objects.select_related("process", "content_type")
    if process_ids is not None:
        lines = lines.filter(process_id__in=process_ids)
    if process:
        lines = lines.filter(process=process)
    if action:
        lines = lines.filter(action=action)
    if officer:
        lines = lines.filter(officer=officer)
    # Whole days of the local time zone, as a range on `at` so that the indexes on (…, at, id) serve it.
    if since:
        lines = lines.filter(at__gte=_start_of(since))
    if until:
        lines = lines.filter(at__lt=_start_of(until + timedelta(days=1)))
    return lines.order_by("-at", "-id")
