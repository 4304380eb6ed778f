"""What a concertation accepts today: each phase says which contributions it takes, and outside every phase (before
the first, after the last, between two) it takes none. The one place this rule is written: the services, the REST
API, the site and the back-office all ask it, and read the same reason when it refuses.

The phases come from Process.calendar_phases: prefetched or annotated by for_contributing(), they cost no query.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone


@dataclass(frozen=True)
class Action:
    field: str  # the Phase flag that allows it
    noun: str  # with its partitive, for the reason: « n'accepte plus de soutiens », « d'annotations »


PROPOSALS = Action("allows_proposals", "de propositions")
SUPPORTS = Action("allows_supports", "de soutiens")
COMMENTS = Action("allows_comments", "de commentaires")
ANNOTATIONS = Action("allows_annotations", "d'annotations")
SURVEY_ANSWERS = Action("allows_survey_answers", "de réponses aux questionnaires")
ARGUMENTS = Action("allows_arguments", "d'arguments dans ses débats")
ARGUMENT_SUPPORTS = Action("allows_argument_supports", "de soutiens aux arguments")
ACTIONS = (PROPOSALS, SUPPORTS, COMMENTS, ANNOTATIONS, SURVEY_ANSWERS, ARGUMENTS, ARGUMENT_SUPPORTS)


class NotAllowedNow(PermissionDenied):
    """A write that the concertation's calendar refuses today; its message is the French reason."""


def refusal(process, action: Action) -> str | None:
    """None when the current phase of `process` allows `action`, else why not, in French."""
    phases = process.calendar_phases
    today = timezone.localdate()
    current = next((p for p in phases if p.start_date <= today <= p.end_date), None)
    if current is not None and getattr(current, action.field):
        return None
    earlier = any(getattr(p, action.field) for p in phases if p.end_date < today)
    later = any(getattr(p, action.field) for p in phases if p.start_date > today)
    if current is not None:
        when = "plus" if earlier and not later else "pas encore" if later and not earlier else "pas"
        return f"La phase « {current.title} » n'accepte {when} {action.noun}."
    if not phases or today < min(p.start_date for p in phases):
        return f"Cette concertation n'a pas encore commencé : elle n'accepte pas encore {action.noun}."
    if today > max(p.end_date for p in phases):
        return f"Cette concertation est terminée : elle n'accepte plus {action.noun}."
    return f"Cette concertation est entre deux phases : elle n'accepte pas {action.noun} en ce moment."


def allows(process, action: Action) -> bool:
    return refusal(process, action) is None


def check(process, action: Action) -> None:
    """Raises NotAllowedNow with the reason when the calendar refuses `action` today."""
    reason = refusal(process, action)
    if reason is not None:
        raise NotAllowedNow(reason)


def refusals(process) -> dict[str, str | None]:
    """The reason of each refused action, None for the allowed ones, by the flag's name less « allows_ »
    (`refusals.supports`): for the pages, which offer a button only when its action is allowed."""
    return {action.field.removeprefix("allows_"): refusal(process, action) for action in ACTIONS}
