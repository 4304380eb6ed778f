"""When the Métropole owes a proposal its answer: ANSWER_DELAY_DAYS after publication (settings). A proposal awaits
its answer while it is published, not hidden, not withdrawn and has no answer yet; it is overdue after its date.
Read by the dashboard and the answers' pages, on the partial index proposal_awaiting_answer_idx."""

from datetime import timedelta

from django.conf import settings
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.utils import timezone

from geoparticipation.participation.models import Proposal


def delay() -> timedelta:
    return timedelta(days=settings.ANSWER_DELAY_DAYS)


def awaiting(queryset=None):
    """The proposals that await an answer, with their `due_at`, the oldest debt first."""
    queryset = Proposal.objects.all() if queryset is None else queryset
    return (
        queryset.filter(published_at__isnull=False, hidden_at__isnull=True, answered_at__isnull=True)
        .filter(state=Proposal.State.PUBLISHED)
        .annotate(due_at=ExpressionWrapper(F("published_at") + delay(), output_field=DateTimeField()))
        .order_by("published_at", "id")
    )


def overdue(queryset=None, now=None):
    """Those whose date has passed."""
    now = now or timezone.now()
    return awaiting(queryset).filter(published_at__lt=now - delay())


def due_at(proposal):
    return proposal.published_at + delay() if proposal.published_at else None
