"""What the dashboard reads: a few aggregated queries, whatever the number of concertations."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from geoparticipation.console import answers_due, roles
from geoparticipation.debates.models import Argument, Debate
from geoparticipation.participation.models import Annotation, Comment, Meeting, Phase, Process, Proposal, Report

PRIORITY_SIZE = 5
SOON_DAYS = 7


def midnight():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def _per_process(queryset):
    """A count of `queryset`'s rows for each concertation, as a correlated subquery (on the indexes of answers_due)."""
    counted = queryset.filter(process=OuterRef("pk")).order_by().values("process").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def processes_with_counts(user, queryset=None):
    """The concertations `user` manages, each with its proposals of the day and its answers due, in one query."""
    queryset = roles.managed_processes(user) if queryset is None else queryset
    return queryset.prefetch_related("phases").annotate(
        new_proposals=_per_process(Proposal.objects.filter(created_at__gte=midnight())),
        answers_awaiting=_per_process(answers_due.awaiting()),
        answers_overdue=_per_process(answers_due.overdue()),
    )


@dataclass
class Figures:
    proposals: int
    annotations: int
    comments: int
    arguments: int
    reports: int
    awaiting: int
    overdue: int


def _scoped(user, model, **paths):
    return roles.in_scope(user, model.objects.all(), **paths)


def _targets(user):
    """The proposals `user` may see, as the target of comments and reports (a subquery)."""
    return _scoped(user, Proposal).values("pk")


def figures(user) -> Figures:
    """The counts of the day over everything `user` may see (a commune officer: its commune's)."""
    today = midnight()
    proposal_type = ContentType.objects.get_for_model(Proposal)
    on_proposals = Q(content_type=proposal_type, object_id__in=_targets(user))
    proposals = _scoped(user, Proposal)
    return Figures(
        proposals=proposals.filter(created_at__gte=today).count(),
        annotations=_scoped(user, Annotation).filter(created_at__gte=today).count(),
        comments=Comment.objects.filter(on_proposals, published_at__gte=today).count(),
        arguments=_scoped(user, Argument, process="debate__process", commune="debate__commune")
        .filter(created_at__gte=today)
        .count(),
        reports=Report.objects.filter(on_proposals).count(),
        awaiting=answers_due.awaiting(proposals).count(),
        overdue=answers_due.overdue(proposals).count(),
    )


def priorities(user) -> dict:
    """« À traiter en priorité »: the oldest overdue answers and reports, phases ending soon, past meetings without
    their report."""
    proposals = _scoped(user, Proposal)
    proposal_type = ContentType.objects.get_for_model(Proposal)
    today = timezone.localdate()
    managed = roles.managed_processes(user)
    return {
        "overdue": list(answers_due.overdue(proposals).select_related("process")[:PRIORITY_SIZE]),
        "reports": list(
            Report.objects.filter(content_type=proposal_type, object_id__in=proposals.values("pk"))
            .order_by("created_at")
            .values("object_id", "created_at", "reason")[:PRIORITY_SIZE]
        ),
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
