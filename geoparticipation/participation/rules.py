"""What a concertation accepts today: each phase says which contributions it takes, and outside every phase (before
the first, after the last, between two) it takes none. The one place this rule is written: the services, the REST
API, the site and the back-office all ask it, and read the same reason when it refuses.

The phases come from Process.calendar_phases: prefetched or annotated by for_contributing(), they cost no query.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
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


# The proposal's life cycle: what its author may still do with it. These too are read by the services (which raise
# NotAllowedNow with the reason) and by the pages (which leave out the button and say why).


def edit_refusal(proposal, user, *, corrected: bool) -> str | None:
    """None when `user` may edit `proposal` now, else why not, in French.

    Only its author, and only while the concertation takes proposals: once the phase has moved on (supports, a
    vote, the answers), the texts that people support or that the metropolis answers must stay those they read.
    Then while nobody has supported or commented it, or within settings.PROPOSAL_EDIT_MINUTES of its publication
    (Decidim's rule): later, an edit would change what others have already backed. Never once it is withdrawn or
    answered, nor once moderation has corrected it (`corrected`): an edit could put back what moderation took out,
    and the published text would no longer be the last correction's."""
    if not user.is_authenticated or proposal.author_id != user.pk:
        return "Seul l'auteur d'une proposition peut la modifier."
    if proposal.state == proposal.State.WITHDRAWN:
        return "Cette proposition a été retirée par son auteur : elle ne peut plus être modifiée."
    if proposal.state != proposal.State.PUBLISHED:
        return "La métropole a répondu à cette proposition : elle ne peut plus être modifiée."
    if corrected:
        return "La modération a corrigé cette proposition : elle ne peut plus être modifiée."
    phase = refusal(proposal.process, PROPOSALS)
    if phase is not None:
        return f"{phase} Une proposition ne se modifie que pendant une phase qui accepte des propositions."
    if proposal.supports_count or proposal.comments_count:
        minutes = settings.PROPOSAL_EDIT_MINUTES
        if proposal.published_at is None or timezone.now() > proposal.published_at + timedelta(minutes=minutes):
            return (
                "Cette proposition a déjà reçu des soutiens ou des commentaires, et sa publication remonte à plus de "
                f"{minutes} minutes : elle ne peut plus être modifiée."
            )
    return None


def withdraw_refusal(proposal, user) -> str | None:
    """None when `user` may withdraw `proposal`: its author, at any time, once. A withdrawal is not undone."""
    if not user.is_authenticated or proposal.author_id != user.pk:
        return "Seul l'auteur d'une proposition peut la retirer."
    if proposal.state == proposal.State.WITHDRAWN:
        return "Cette proposition est déjà retirée."
    return None


def support_refusal(proposal) -> str | None:
    """Why `proposal` takes no support today (the phase, or its withdrawal), None when it does."""
    if proposal.state == proposal.State.WITHDRAWN:
        return "Cette proposition a été retirée par son auteur : elle ne peut plus être soutenue."
    return refusal(proposal.process, SUPPORTS)


def answer_refusal(proposal) -> str | None:
    """A withdrawn proposal is not answered any more (as in Decidim, where a withdrawn proposal leaves the
    answering): its author has taken it back, and an answer would bring it back into the results."""
    if proposal.state == proposal.State.WITHDRAWN:
        return "Cette proposition a été retirée par son auteur : elle ne reçoit plus de réponse."
    return None
