"""The reads of the answers' pages: what awaits an answer in a person's scope, a space's proposals, one's history."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from geoparticipation.moderation.models import ModerationAction
from geoparticipation.participation.models import Proposal

from .. import answers_due, roles
from ..models import AnswerTemplate


def due_proposals(user, filters: dict):
    queryset = roles.in_scope(user, Proposal.objects.all())
    if filters.get("process"):
        queryset = queryset.filter(process=filters["process"])
    if filters.get("commune"):
        queryset = queryset.filter(commune=filters["commune"])
    if filters.get("theme"):
        queryset = queryset.filter(theme=filters["theme"])
    queryset = answers_due.overdue(queryset) if filters.get("overdue") else answers_due.awaiting(queryset)
    return queryset.select_related("process", "commune", "theme").defer("commune__geom")


def space_proposals(process, filters: dict):
    queryset = Proposal.objects.filter(process=process)
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("theme"):
        queryset = queryset.filter(theme=filters["theme"])
    if filters.get("commune"):
        queryset = queryset.filter(commune=filters["commune"])
    if filters.get("answered") == "oui":
        queryset = queryset.filter(answered_at__isnull=False)
    elif filters.get("answered") == "non":
        queryset = queryset.filter(answered_at__isnull=True)
    if filters.get("due") == "dues":
        queryset = answers_due.awaiting(queryset)
    elif filters.get("due") == "retard":
        queryset = answers_due.overdue(queryset)
    return queryset


def with_lateness(proposals, now=None):
    """Marks each proposal of a page with its due date and, once passed, `late_days`."""
    now = now or timezone.now()
    for proposal in proposals:
        awaiting = proposal.state == Proposal.State.PUBLISHED and not proposal.answered_at and not proposal.hidden_at
        proposal.due = answers_due.due_at(proposal) if awaiting else None
        proposal.late_days = (now - proposal.due).days if proposal.due and proposal.due < now else None
    return proposals


def answer_history(proposal):
    return (
        ModerationAction.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id=proposal.pk,
            action=ModerationAction.Kind.ANSWER,
        )
        .order_by("-at", "-id")
        .only("at", "officer_pseudonym", "reason", "state")
    )


def templates_for(process):
    """The templates an officer may pick to answer in `process`: the global ones and that concertation's."""
    return AnswerTemplate.objects.filter(Q(process__isnull=True) | Q(process=process))


def managed_templates(user):
    if roles.is_administrator(user):
        return AnswerTemplate.objects.select_related("process")
    return AnswerTemplate.objects.filter(process__in=roles.managed_processes(user)).select_related("process")
