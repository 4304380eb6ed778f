"""Every write to participation data: keyword-only, validated, inside a transaction.

Creating a contribution reads what the checks need, then writes one INSERT that also applies the territory rule
(inserts.py): a single statement is atomic on its own, so that path opens no transaction (two round trips fewer on
the busiest write).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from geoparticipation.moderation import services as journal
from geoparticipation.moderation.models import ModerationAction, TextVersion

from . import notifications, rules, signals
from .geometry import check_geometry, check_territory
from .inserts import TerritoryInsert
from .models import (
    Annotation,
    Comment,
    CommentVote,
    Follow,
    Meeting,
    MeetingRegistration,
    ModerationReason,
    Process,
    Proposal,
    Report,
    Support,
)

INSERTS = {Proposal: TerritoryInsert(Proposal), Annotation: TerritoryInsert(Annotation)}


def _require_text(errors, field, value, *, max_length=None, label):
    value = (value or "").strip()
    if not value:
        errors[field] = [f"{label} est obligatoire."]
    elif max_length and len(value) > max_length:
        errors[field] = [f"{label} ne doit pas dépasser {max_length} caractères ({len(value)} saisis)."]
    return value


def _check_can_contribute(process: Process, user, action: rules.Action):
    if not process.is_visible_to(user):
        raise PermissionDenied("Cette concertation est réservée à ses membres.")
    rules.check(process, action)


def _create_contribution(model, *, process, author, geometry, allowed_types, action, errors, **values):
    """Checks the geometry after the texts, so that every field gets its message at once, then writes the row in
    one statement that also applies the territory rule (inserts.py); the territory's message comes from a second
    look only when the row was refused, or when other fields were refused already."""
    _check_can_contribute(process, author, action)
    try:
        geom = check_geometry(geometry, allowed_types=allowed_types)
        if errors:
            check_territory(geom, process=process)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        raise ValidationError(errors) from None
    if errors:
        raise ValidationError(errors)
    instance = INSERTS[model].create(geom=geom, process=process, author=author, published_at=timezone.now(), **values)
    if instance is None:
        check_territory(geom, process=process)
        # The territory changed between the two statements (communes reloaded): still outside.
        raise ValidationError({"geometry": ["Ce lieu est en dehors du territoire de la concertation."]})
    return instance


def proposal_create(*, author, process: Process, title: str, body: str, geometry, theme=None) -> Proposal:
    errors = {}
    title = _require_text(errors, "title", title, max_length=150, label="Le titre")
    body = _require_text(errors, "body", body, max_length=10_000, label="Le texte")
    if theme is not None and not process.themes.filter(pk=theme.pk).exists():
        errors["theme"] = [f"Le thème « {theme} » n'appartient pas à cette concertation."]
    return _create_contribution(
        Proposal,
        process=process,
        author=author,
        geometry=geometry,
        allowed_types=("Point",),
        action=rules.PROPOSALS,
        errors=errors,
        title=title,
        body=body,
        theme=theme,
    )


def _corrected(proposal) -> bool:
    return TextVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal), object_id=proposal.pk
    ).exists()


def proposal_edit_refusal(*, proposal: Proposal, user) -> str | None:
    """Why `user` may not edit `proposal` now (rules.edit_refusal), None when they may: for the pages' buttons."""
    if not user.is_authenticated or proposal.author_id != user.pk:
        return rules.edit_refusal(proposal, user, corrected=False)
    return rules.edit_refusal(proposal, user, corrected=_corrected(proposal))


@transaction.atomic
def proposal_edit(*, proposal: Proposal, user, title: str, body: str, geometry, theme=None) -> Proposal:
    """The author's edit of their proposal, on the rules of rules.edit_refusal (NotAllowedNow with the reason).

    The row is locked first and the rule read from it, so that a support or comment arriving meanwhile either
    came before (and the rule sees it) or waits for the edit (its count's trigger updates this row). The pin is
    checked as at creation, territory included; the commune is then recomputed by the database's trigger on the
    UPDATE of geom, and the commune counters follow by theirs (layers/sql/post_20_commune_counts.sql)."""
    current = Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)
    current.process = Process.objects.for_contributing().prefetch_related("phases").get(pk=current.process_id)
    if reason := rules.edit_refusal(current, user, corrected=_corrected(current)):
        raise rules.NotAllowedNow(reason)
    errors = {}
    title = _require_text(errors, "title", title, max_length=150, label="Le titre")
    body = _require_text(errors, "body", body, max_length=10_000, label="Le texte")
    if theme is not None and not current.process.themes.filter(pk=theme.pk).exists():
        errors["theme"] = [f"Le thème « {theme} » n'appartient pas à cette concertation."]
    try:
        geom = check_geometry(geometry, allowed_types=("Point",))
        check_territory(geom, process=current.process)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    Proposal.objects.filter(pk=current.pk).update(title=title, body=body, theme=theme, geom=geom)
    proposal.refresh_from_db()
    signals.public_content_changed.send(sender=Proposal, target=proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user) -> Proposal:
    """The author takes their proposal back, at any time and for good: it stays public, marked « Retirée », and
    takes no more supports, edits or answers (rules.py). Its supports stay counted: they were given."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if reason := rules.withdraw_refusal(current, user):
        raise rules.NotAllowedNow(reason)
    Proposal.objects.filter(pk=current.pk).update(state=Proposal.State.WITHDRAWN, withdrawn_at=timezone.now())
    proposal.refresh_from_db()
    signals.public_content_changed.send(sender=Proposal, target=proposal)
    return proposal


def annotation_create(*, author, process: Process, kind: str, comment: str, geometry) -> Annotation:
    errors = {}
    comment = _require_text(errors, "comment", comment, max_length=5_000, label="Le commentaire")
    if kind not in Annotation.Kind.values:
        errors["kind"] = [f"Type inconnu « {kind} » : choisissez parmi {', '.join(Annotation.Kind.values)}."]
    return _create_contribution(
        Annotation,
        process=process,
        author=author,
        geometry=geometry,
        allowed_types=("Point", "LineString", "Polygon"),
        action=rules.ANNOTATIONS,
        errors=errors,
        kind=kind,
        comment=comment,
    )


def support_create(*, user, proposal: Proposal) -> tuple[Support, bool]:
    """Supports a proposal once; a repeated or concurrent request returns the existing support. The proposal's
    supports_count follows by a database trigger (sql/post_30_counts.sql), as on every path."""
    if reason := rules.support_refusal(proposal):
        raise rules.NotAllowedNow(reason)
    try:
        with transaction.atomic():
            support = Support.objects.create(user=user, proposal=proposal)
    except IntegrityError:
        # The unique constraint, not a prior SELECT, decides: two simultaneous clicks cannot both insert.
        return Support.objects.get(user=user, proposal=proposal), False
    return support, True


def support_delete(*, user, proposal: Proposal) -> bool:
    """Withdraws a support while supports are taken: after that, or once the proposal is withdrawn, the count is
    the concertation's result."""
    if reason := rules.support_refusal(proposal):
        raise rules.NotAllowedNow(reason)
    deleted, _ = Support.objects.filter(user=user, proposal=proposal).delete()
    return bool(deleted)


@transaction.atomic
def comment_create(*, author, target, body: str, parent: Comment | None = None) -> Comment:
    """A comment on `target`, or a reply to `parent`, a comment of the same thread. Replies go one level deep: a
    reply to a reply joins the thread of its top comment. A hidden comment takes no more replies."""
    rules.check(target.process, rules.COMMENTS)
    errors = {}
    body = _require_text(errors, "body", body, max_length=5_000, label="Le commentaire")
    if parent is not None:
        if (parent.content_type_id, parent.object_id) != (ContentType.objects.get_for_model(target).pk, target.pk):
            errors["parent"] = ["Ce commentaire n'appartient pas à cette discussion."]
        elif parent.hidden_at is not None or parent.published_at is None:
            errors["parent"] = ["Ce commentaire a été masqué par la modération : on ne peut plus y répondre."]
        elif parent.parent_id is not None:
            parent = parent.parent
    if errors:
        raise ValidationError(errors)
    comment = Comment.objects.create(target=target, author=author, body=body, parent=parent)
    if isinstance(target, Proposal):
        notifications.notify_commented(comment)
    return comment


def comment_vote(*, user, comment: Comment, value: int | None) -> int | None:
    """« D'accord » (1), « Pas d'accord » (-1), or withdrawn (None): one vote per person and comment, changed in
    place. Taken while the concertation takes comments (the vote is part of the discussion, not a proposal's
    support). The comment's counts follow by a database trigger (sql/post_40_comment_votes.sql). Returns the vote
    now standing."""
    target = comment.target
    rules.check(target.process, rules.COMMENTS)
    if value is not None and value not in CommentVote.Value.values:
        raise ValidationError({"value": ["Choisissez « D'accord » ou « Pas d'accord »."]})
    if comment.hidden_at is not None or comment.published_at is None:
        raise ValidationError({"comment": ["Ce commentaire a été masqué par la modération."]})
    if comment.author_id is not None and comment.author_id == user.pk:
        raise ValidationError({"comment": ["Vous ne pouvez pas voter sur votre propre commentaire."]})
    if value is None:
        CommentVote.objects.filter(user=user, comment=comment).delete()
        return None
    # INSERT … ON CONFLICT DO UPDATE: two simultaneous clicks leave one row, whichever wins.
    CommentVote.objects.bulk_create(
        [CommentVote(user=user, comment=comment, value=value)],
        update_conflicts=True,
        unique_fields=["comment", "user"],
        update_fields=["value", "updated_at"],
    )
    return value


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
    reason's text is for the author and the back-office. The author is told by e-mail, once the hiding commits."""
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
    notifications.notify_hidden(target)
    journal.action_record(
        action=ModerationAction.Kind.HIDE, target=target, officer=officer, category=category, reason=reason
    )
    signals.public_content_changed.send(sender=type(target), target=target)


@transaction.atomic
def content_unhide(*, target, officer) -> None:
    type(target).objects.filter(pk=target.pk).update(
        hidden_at=None, hidden_by=None, hidden_category="", hidden_reason=""
    )
    target.refresh_from_db()
    journal.action_record(action=ModerationAction.Kind.UNHIDE, target=target, officer=officer)


@transaction.atomic
def proposal_answer(*, proposal: Proposal, officer, state: str, answer: str) -> Proposal:
    answerable = {Proposal.State.EVALUATING, Proposal.State.ACCEPTED, Proposal.State.REJECTED}
    if reason := rules.answer_refusal(Proposal.objects.get(pk=proposal.pk)):
        raise ValidationError({"state": [reason]})
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
    journal.action_record(
        action=ModerationAction.Kind.ANSWER, target=proposal, officer=officer, reason=answer, state=state
    )
    notifications.notify_answered(proposal, officer=officer)
    return proposal


def meeting_report_check(*, process: Process, end_time, report: str, attendees: int | None, proposals) -> str:
    """The rules of a meeting's closing report, for this service and the back-office form: it is published once the
    meeting has ended, with its text, and links only proposals of the meeting's concertation. Returns the text."""
    errors = {}
    report = (report or "").strip()
    if report or attendees is not None or proposals:
        if end_time > timezone.now():
            errors["report"] = [
                "Le compte rendu ne peut être publié qu'après la fin de la réunion, "
                f"le {timezone.localtime(end_time):%d/%m/%Y à %H:%M}."
            ]
        elif not report:
            errors["report"] = [
                "Rédigez le compte rendu : le nombre de participants et les propositions liées sont publiés avec lui."
            ]
        elif len(report) > 20_000:
            errors["report"] = [f"Le compte rendu ne doit pas dépasser 20000 caractères ({len(report)} saisis)."]
    if attendees is not None and attendees < 0:
        errors["attendees"] = ["Le nombre de participants ne peut pas être négatif."]
    foreign = [proposal for proposal in proposals if proposal.process_id != process.pk]
    if foreign:
        titles = ", ".join(f"« {proposal.title} »" for proposal in foreign)
        errors["report_proposals"] = [
            f"Seules les propositions de la concertation « {process.title} » peuvent être liées : {titles} "
            f"{'appartient' if len(foreign) == 1 else 'appartiennent'} à une autre concertation."
        ]
    if errors:
        raise ValidationError(errors)
    return report


@transaction.atomic
def meeting_report_write(*, meeting: Meeting, report: str, attendees: int | None = None, proposals=()) -> Meeting:
    """Publishes (or, with an empty text, withdraws) the closing report of a meeting that has ended."""
    proposals = list(proposals)
    report = meeting_report_check(
        process=meeting.process, end_time=meeting.end_time, report=report, attendees=attendees, proposals=proposals
    )
    meeting.report = report
    meeting.attendees = attendees if report else None
    meeting.report_published_at = timezone.now() if report else None
    meeting.save(update_fields=["report", "attendees", "report_published_at"])
    meeting.report_proposals.set(proposals if report else [])
    return meeting


def meeting_registration_refusal(*, meeting: Meeting, user) -> str | None:
    """Why `user` may not register to `meeting` now, None when they may: for the button and the service."""
    if not user.is_authenticated:
        return "Connectez-vous pour vous inscrire à cette réunion."
    if not meeting.takes_registrations:
        return "Cette réunion ne prend pas d'inscriptions sur le site."
    if meeting.start_time <= timezone.now():
        return "Les inscriptions sont closes : la réunion a commencé."
    return None


@transaction.atomic
def meeting_register(*, meeting: Meeting, user) -> MeetingRegistration:
    """Registers `user`, before the start and within the capacity. The meeting's row is locked so that two
    registrations for the last seat are counted one after the other."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not current.process.is_visible_to(user):
        raise PermissionDenied("Cette concertation est réservée à ses membres.")
    if reason := meeting_registration_refusal(meeting=current, user=user):
        raise ValidationError(reason)
    if MeetingRegistration.objects.filter(meeting=current, user=user).exists():
        raise ValidationError("Vous êtes déjà inscrit à cette réunion.")
    if current.capacity is not None and current.registrations.count() >= current.capacity:
        raise ValidationError("La réunion est complète : il n'y a plus de place.")
    return MeetingRegistration.objects.create(meeting=current, user=user)


def meeting_unregister(*, meeting: Meeting, user) -> bool:
    """Takes `user`'s registration back; whether there was one."""
    deleted, _ = MeetingRegistration.objects.filter(meeting=meeting, user=user).delete()
    return bool(deleted)


#: the fields of each model whose text is the author's, in the order of a version's (title, text)
CORRECTABLE_TEXTS = {Proposal: ("title", "body"), Annotation: (None, "comment"), Comment: (None, "body")}
_TEXT_LIMITS = {"title": (150, "Le titre"), "body": (10_000, "Le texte"), "comment": (5_000, "Le commentaire")}


@transaction.atomic
def content_correct(*, target, officer, texts: dict[str, str], category: str, reason: str) -> TextVersion:
    """A correction by moderation (a phone number taken out, say): the only change an officer makes to a citizen's
    words. The author's text is kept as version 1 and each correction as the next version; the content's table
    takes the corrected text, so every page and layer publishes it. `texts` maps field names (those of
    CORRECTABLE_TEXTS) to their corrected text; a field left out keeps its text."""
    model = type(target)
    fields = [f for f in CORRECTABLE_TEXTS.get(model, ()) if f]
    if not fields:
        raise ValidationError(f"Un contenu de type « {model._meta.verbose_name} » n'a pas de texte à corriger.")
    errors = {}
    unknown = set(texts) - set(fields)
    if unknown:
        errors["__all__"] = [f"Champ inconnu : {', '.join(sorted(unknown))} ; on corrige {', '.join(fields)}."]
    if category not in ModerationReason.values:
        errors["category"] = [f"Motif inconnu : choisissez parmi {', '.join(ModerationReason.values)}."]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["Indiquez ce qui a été corrigé et pourquoi."]
    # The row is locked so that two officers correcting at once number their versions one after the other.
    current = model.objects.select_for_update().get(pk=target.pk)
    corrected = {}
    for field in fields:
        limit, label = _TEXT_LIMITS[field]
        corrected[field] = _require_text(
            errors, field, texts.get(field, getattr(current, field)), max_length=limit, label=label
        )
    if not errors and all(corrected[f] == getattr(current, f) for f in fields):
        errors["__all__"] = ["Le texte corrigé est identique au texte publié : rien n'a été modifié."]
    if errors:
        raise ValidationError(errors)

    title_field, text_field = CORRECTABLE_TEXTS[model]
    content_type = ContentType.objects.get_for_model(model)
    versions = TextVersion.objects.filter(content_type=content_type, object_id=current.pk)
    last = versions.aggregate(n=Max("number"))["n"]
    if last is None:
        TextVersion.objects.create(
            content_type=content_type,
            object_id=current.pk,
            number=1,
            author_id=current.author_id,
            title=getattr(current, title_field) if title_field else "",
            text=getattr(current, text_field),
            created_at=current.published_at or timezone.now(),
        )
        last = 1
    version = TextVersion.objects.create(
        content_type=content_type,
        object_id=current.pk,
        number=last + 1,
        author_id=current.author_id,
        title=corrected[title_field] if title_field else "",
        text=corrected[text_field],
        corrected_by=officer,
        category=category,
        reason=reason,
    )
    model.objects.filter(pk=current.pk).update(**corrected)
    target.refresh_from_db()
    journal.action_record(
        action=ModerationAction.Kind.CORRECT, target=target, officer=officer, category=category, reason=reason
    )
    signals.public_content_changed.send(sender=model, target=target)
    return version


@transaction.atomic
def report_dismiss(*, report: Report, officer) -> None:
    """An officer reads a report and keeps the content as it is: the report goes, the journal says so."""
    journal.action_record(
        action=ModerationAction.Kind.DISMISS_REPORT,
        target=report.target,
        officer=officer,
        category=report.reason,
        content_type=report.content_type,
        object_id=report.object_id,
    )
    report.delete()
