"""What the dashboard reads: a few aggregated queries, whatever the number of concertations."""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone

from geoparticipation.console import answers_due, roles
from geoparticipation.console.moderation import selectors as moderation
from geoparticipation.console.moderation.kinds import COMMENTED
from geoparticipation.debates.models import Argument, Debate
from geoparticipation.participation.models import Annotation, Comment, Meeting, Phase, Process, Proposal

PRIORITY_SIZE = 5
SOON_DAYS = 7
#: the dashboard counts up to this many rows of a kind, then says « plus de 10 000 » (templatetags `capped`): beyond,
#: the exact number changes nothing an officer does, and counting a million rows costs a second
COUNT_CAP = 10_000


def midnight():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def capped(queryset) -> int:
    """How many rows `queryset` has, counting no further than COUNT_CAP + 1."""
    return queryset.order_by()[: COUNT_CAP + 1].count()


class _CappedCount(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()


def _per_process(queryset):
    """`queryset`'s rows in each concertation, counted as capped() does, in a correlated subquery (on the indexes of
    answers_due)."""
    return _CappedCount(queryset.filter(process=OuterRef("pk")).order_by().values("pk")[: COUNT_CAP + 1])


def processes_with_counts(user, queryset=None):
    """The concertations `user` manages, each with its proposals of the day and its answers due, in one query."""
    queryset = roles.managed_processes(user) if queryset is None else queryset
    return queryset.prefetch_related("phases").annotate(
        new_proposals=_per_process(Proposal.objects.filter(published_at__gte=midnight())),
        answers_awaiting=_per_process(answers_due.awaiting()),
        answers_overdue=_per_process(answers_due.overdue()),
    )


@dataclass
class Figures:
    proposals: int
    annotations: int
    comments: int
    arguments: int
    #: reported contents waiting for a decision; None for a commune officer, who does not moderate
    reports: int | None
    awaiting: int
    overdue: int


def _scoped(user, model, **paths):
    return roles.in_scope(user, model.objects.all(), **paths)


def _comments_in_scope(user):
    """The comments whose target `user` may see: for each kind of commented contribution, a look-up of each comment's
    target by its key, so that a count of the day's comments starts from their date (comment_published_idx) rather
    than from the hundreds of thousands of contributions of a commune."""
    if roles.is_administrator(user):
        return Comment.objects.all()
    on = reduce(
        or_,
        (
            Q(content_type=kind.content_type) & Exists(_scoped(user, kind.model).filter(pk=OuterRef("object_id")))
            for kind in COMMENTED
        ),
    )
    return Comment.objects.filter(on)


def figures(user) -> Figures:
    """The counts of the day over everything `user` may see (a commune officer: its commune's)."""
    today = midnight()
    proposals = _scoped(user, Proposal)
    moderates = roles.access_of(user).manages_spaces
    return Figures(
        proposals=capped(proposals.filter(published_at__gte=today)),
        annotations=capped(_scoped(user, Annotation).filter(published_at__gte=today)),
        comments=capped(_comments_in_scope(user).filter(published_at__gte=today)),
        arguments=_scoped(user, Argument, process="debate__process", commune="debate__commune")
        .filter(created_at__gte=today)
        .count(),
        reports=moderation.queue(process_ids=roles.managed_process_ids(user)).count() if moderates else None,
        awaiting=capped(answers_due.awaiting(proposals)),
        overdue=capped(answers_due.overdue(proposals)),
    )


def priorities(user) -> dict:
    """« À traiter en priorité »: the oldest overdue answers and waiting reports (of every kind the moderation queue
    covers), phases ending soon, past meetings without their report. A few queries whatever the data."""
    proposals = _scoped(user, Proposal)
    today = timezone.localdate()
    managed = roles.managed_processes(user)
    reports = []
    if roles.access_of(user).manages_spaces:
        reports = moderation.with_contents(
            moderation.queue(process_ids=roles.managed_process_ids(user))[:PRIORITY_SIZE]
        )
    return {
        "overdue": list(answers_due.overdue(proposals).select_related("process")[:PRIORITY_SIZE]),
        "reports": reports,
        "phases": list(
            Phase.objects.filter(
                process__in=managed, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=SOON_DAYS)
            )
            .select_related("process")
            .order_by("end_date")[:PRIORITY_SIZE]
        ),
        "meetings": list(
            Meeting.objects.filter(process__in=managed, end_time__lt=timezone.now(), report="")
            .select_related("process")
            .order_by("end_time")[:PRIORITY_SIZE]
        ),
    }


def component_counts(process: Process) -> dict:
    """How many contributions each component of the space has: one indexed count each."""
    return {
        "Propositions": Proposal.objects.filter(process=process).count(),
        "Réunions": Meeting.objects.filter(process=process).count(),
        "Annotations": Annotation.objects.filter(process=process).count(),
        "Débats": Debate.objects.filter(process=process).count(),
    }
