"""Every write to participation data: keyword-only, validated, inside a transaction.

Creating a contribution reads what the checks need, then writes one INSERT: a single statement is atomic on its
own, so that path opens no transaction (two round trips fewer on the busiest write).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notifications, signals
from .geometry import clean_geometry
from .models import Annotation, Comment, Follow, ModerationReason, Process, Proposal, Report, Support


def _require_text(errors, field, value, *, max_length=None, label):
    value = (value or "").strip()
    if not value:
        errors[field] = [f"{label} est obligatoire."]
    elif max_length and len(value) > max_length:
        errors[field] = [f"{label} ne doit pas dépasser {max_length} caractères ({len(value)} saisis)."]
    return value


def _check_can_contribute(process: Process, user):
    if not process.is_visible_to(user):
        raise PermissionDenied("Cette concertation est réservée à ses membres.")
    if process.status != Process.Status.OPEN:
        raise ValidationError({"process": ["Cette concertation n'est pas ouverte aux contributions."]})


def _clean_contribution(*, process, author, geometry, allowed_types, errors):
    """Runs the geometry checks after the text checks, so that every field gets its message at once."""
    _check_can_contribute(process, author)
    try:
        geom, commune = clean_geometry(geometry, allowed_types=allowed_types, process=process)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        raise ValidationError(errors) from None
    if errors:
        raise ValidationError(errors)
    return geom, commune


def proposal_create(*, author, process: Process, title: str, body: str, geometry, theme=None) -> Proposal:
    errors = {}
    title = _require_text(errors, "title", title, max_length=150, label="Le titre")
    body = _require_text(errors, "body", body, max_length=10_000, label="Le texte")
    if theme is not None and not process.themes.filter(pk=theme.pk).exists():
        errors["theme"] = [f"Le thème « {theme} » n'appartient pas à cette concertation."]
    geom, commune = _clean_contribution(
        process=process, author=author, geometry=geometry, allowed_types=("Point",), errors=errors
    )
    return Proposal.objects.create(
        process=process,
        author=author,
        title=title,
        body=body,
        theme=theme,
        geom=geom,
        commune=commune,
        published_at=timezone.now(),
    )


def annotation_create(*, author, process: Process, kind: str, comment: str, geometry) -> Annotation:
    errors = {}
    comment = _require_text(errors, "comment", comment, max_length=5_000, label="Le commentaire")
    if kind not in Annotation.Kind.values:
        errors["kind"] = [f"Type inconnu « {kind} » : choisissez parmi {', '.join(Annotation.Kind.values)}."]
    geom, commune = _clean_contribution(
        process=process,
        author=author,
        geometry=geometry,
        allowed_types=("Point", "LineString", "Polygon"),
        errors=errors,
    )
    return Annotation.objects.create(
        process=process,
        author=author,
        kind=kind,
        comment=comment,
        geom=geom,
        commune=commune,
        published_at=timezone.now(),
    )


def support_create(*, user, proposal: Proposal) -> tuple[Support, bool]:
    """Supports a proposal once; a repeated or concurrent request returns the existing support. The proposal's
    supports_count follows by a database trigger (sql/post_30_counts.sql), as on every path."""
    if proposal.state == Proposal.State.WITHDRAWN:
        raise ValidationError({"proposal": ["Cette proposition a été retirée : elle ne peut plus être soutenue."]})
    try:
        with transaction.atomic():
            support = Support.objects.create(user=user, proposal=proposal)
    except IntegrityError:
        # The unique constraint, not a prior SELECT, decides: two simultaneous clicks cannot both insert.
        return Support.objects.get(user=user, proposal=proposal), False
    return support, True


def support_delete(*, user, proposal: Proposal) -> bool:
    deleted, _ = Support.objects.filter(user=user, proposal=proposal).delete()
    return bool(deleted)


@transaction.atomic
def comment_create(*, author, target, body: str) -> Comment:
    errors = {}
    body = _require_text(errors, "body", body, max_length=5_000, label="Le commentaire")
    if errors:
        raise ValidationError(errors)
    comment = Comment.objects.create(target=target, author=author, body=body)
    if isinstance(target, Proposal):
        notifications.notify(target, "participation/email/commented.txt", exclude=author, commenter=author)
    return comment


def follow_create(*, user, target) -> Follow:
    follow, _ = Follow.objects.get_or_create(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )
    return follow


def follow_delete(*, user, target) -> None:
    Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).delete()


def report_create(*, reporter, target, reason: str, details: str = "") -> Report:
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": [f"Motif inconnu : choisissez parmi {', '.join(Report.Reason.values)}."]})
    report, _ = Report.objects.update_or_create(
        reporter=reporter,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        defaults={"reason": reason, "details": details.strip()},
    )
    return report


@transaction.atomic
def content_hide(*, target, officer, category: str, reason: str) -> None:
    """Hides content from every public output, recording who hid it, when and why: the category is public, the
    reason's text is for the author and the back-office."""
    errors = {}
    if category not in ModerationReason.values:
        errors["hidden_category"] = [f"Motif inconnu : choisissez parmi {', '.join(ModerationReason.values)}."]
    reason = (reason or "").strip()
    if not reason:
        errors["hidden_reason"] = ["Indiquez le motif du masquage."]
    if errors:
        raise ValidationError(errors)
    type(target).objects.filter(pk=target.pk).update(
        hidden_at=timezone.now(), hidden_by=officer, hidden_category=category, hidden_reason=reason
    )
    target.refresh_from_db()
    signals.public_content_changed.send(sender=type(target), target=target)


def content_unhide(*, target) -> None:
    type(target).objects.filter(pk=target.pk).update(
        hidden_at=None, hidden_by=None, hidden_category="", hidden_reason=""
    )
    target.refresh_from_db()


@transaction.atomic
def proposal_answer(*, proposal: Proposal, officer, state: str, answer: str) -> Proposal:
    answerable = {Proposal.State.EVALUATING, Proposal.State.ACCEPTED, Proposal.State.REJECTED}
    errors = {}
    if state not in answerable:
        errors["state"] = ["Une réponse met la proposition en évaluation, l'accepte ou la rejette."]
    answer = _require_text(errors, "answer", answer, label="La réponse")
    if errors:
        raise ValidationError(errors)
    proposal.state = state
    proposal.answer = answer
    proposal.answered_at = timezone.now()
    proposal.answered_by = officer
    proposal.save(update_fields=["state", "answer", "answered_at", "answered_by"])
    notifications.notify(proposal, "participation/email/answered.txt", exclude=officer)
    return proposal
