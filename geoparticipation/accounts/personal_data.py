"""Everything the service keeps about a person, for « Télécharger mes données » (RGPD, articles 15 and 20).

A registry: one entry per model and per field that refers to the person (their account, or their e-mail address
where a model keys its rows by it), with the rows for a person and how one row is written. A new model that refers
to accounts needs an entry: tests/accounts/test_personal_data.py names every one that has none.

The document is streamed, each entry read with a server-side cursor in chunks, so that its queries do not grow with
the rows: a participant of 10,000 contributions downloads them without the page being held in memory.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.db import models
from django.db.models import F, Prefetch
from rest_framework.authtoken.models import Token

from geoparticipation.analysis.models import Bilan, CampaignFlag
from geoparticipation.attachments.models import ProposalFile
from geoparticipation.console.models import Invitation, Role, RoleChange
from geoparticipation.debates.models import Argument, ArgumentSupport, Debate
from geoparticipation.limits.counters import account_key, address_key
from geoparticipation.limits.models import Counter
from geoparticipation.mail.models import QueuedMail
from geoparticipation.moderation import selectors as moderation
from geoparticipation.moderation.models import ModerationAction, TextVersion
from geoparticipation.notifications.models import Notification
from geoparticipation.operations.models import IdempotencyKey
from geoparticipation.participation.models import (
    Annotation,
    Comment,
    CommentVote,
    Follow,
    Meeting,
    MeetingRegistration,
    Process,
    Proposal,
    Report,
    Support,
)
from geoparticipation.surveys.models import Answer, ParticipantProfile, Response

from .models import Consent, User

CHUNK = 1000


@dataclass(frozen=True)
class Entry:
    #: the member of the document; consecutive entries of one name make one list
    name: str
    model: type[models.Model]
    #: the fields of `model` that point to the person, or that hold their e-mail address
    fields: tuple[str, ...]
    rows: Callable[[User], models.QuerySet]
    write: Callable[[models.Model], dict]
    #: one object (or null) rather than a list
    single: bool = False


def _iso(value):
    return value.isoformat() if value else None


def _geojson(queryset, field="geom"):
    """The geometry in WGS84 as GeoJSON, written by PostGIS."""
    return queryset.annotate(geojson=AsGeoJSON(Transform(field, settings.API_SRID)))


def _geometry(row):
    return json.loads(row.geojson) if row.geojson else None


def _target(row):
    return f"{row.content_type.model}:{row.object_id}"


def _moderation(row):
    """Whether moderation hid the content, when, under which public category and with the reason written for the
    author (the e-mail telling them carries it too); never who hid it."""
    if row.hidden_at is None:
        return {"hidden": False}
    return {
        "hidden": True,
        "hidden_at": _iso(row.hidden_at),
        "category": row.hidden_category,
        "category_label": row.get_hidden_category_display(),
        "reason": row.hidden_reason,
    }


def _choice(row, field):
    value = getattr(row, field)
    return {"value": value, "label": getattr(row, f"get_{field}_display")()} if value else None


# Rows


def _account(user):
    return User.objects.filter(pk=user.pk).prefetch_related(
        Prefetch("newsletter_themes", to_attr="themes"), Prefetch("groups", to_attr="group_list")
    )


def _proposals(user):
    return _geojson(Proposal.objects.filter(author=user)).select_related("process", "theme").order_by("pk")


def _answer_rows(user):
    answers = _geojson(Answer.objects.select_related("question").order_by("question__position"))
    return (
        Response.objects.filter(user=user)
        .select_related("survey__process")
        .prefetch_related(Prefetch("answers", queryset=answers.prefetch_related("choices")))
        .order_by("pk")
    )


def _by_address(model):
    return lambda user: model.objects.filter(username=user.email).order_by("pk")


def _counters(user):
    # Keys are "<scope>:user:<id>" and "<scope>:address:<e-mail>" (geoparticipation/limits/counters.py).
    suffixes = "|".join(re.escape(key) for key in (account_key(user.pk), address_key(user.email)))
    return Counter.objects.filter(key__regex=rf"^[a-z_]+:({suffixes})$").order_by("key")


def _hidden_by(model):
    return lambda user: model.objects.filter(hidden_by=user).select_related("process").order_by("pk")


# Writers


def _write_account(row):
    return {
        "email": row.email,
        "pseudonym": row.pseudonym,
        "date_joined": _iso(row.date_joined),
        "last_login": _iso(row.last_login),
        "is_active": row.is_active,
        "is_staff": row.is_staff,
        "is_superuser": row.is_superuser,
        "groups": [group.name for group in row.group_list],
        "newsletter_themes": [theme.slug for theme in row.themes],
    }


def _write_profile(row):
    commune = row.home_commune
    return {
        "age_bracket": _choice(row, "age_bracket"),
        "gender": _choice(row, "gender"),
        "home_commune": {"insee": commune.insee, "name": commune.nom} if commune else None,
        "lives_outside": row.lives_outside,
        "updated_at": _iso(row.updated_at),
    }


def _write_proposal(row):
    return {
        "id": row.pk,
        "process": row.process.slug,
        "title": row.title,
        "body": row.body,
        "theme": row.theme.slug if row.theme else None,
        "state": row.state,
        "location": _geometry(row),
        "created_at": _iso(row.created_at),
        "published_at": _iso(row.published_at),
        "withdrawn_at": _iso(row.withdrawn_at),
        "moderation": _moderation(row),
        "answer": row.answer or None,
        "answered_at": _iso(row.answered_at),
    }


def _write_annotation(row):
    return {
        "id": row.pk,
        "process": row.process.slug,
        "kind": row.kind,
        "comment": row.comment,
        "geometry": _geometry(row),
        "created_at": _iso(row.created_at),
        "published_at": _iso(row.published_at),
        "moderation": _moderation(row),
    }


def _write_comment(row):
    return {
        "id": row.pk,
        "on": _target(row),
        "body": row.body,
        "published_at": _iso(row.published_at),
        "moderation": _moderation(row),
    }


def _write_argument(row):
    return {
        "id": row.pk,
        "debate": row.debate_id,
        "debate_title": row.debate.title,
        "in_reply_to": row.parent_id,
        "stance": _choice(row, "stance"),
        "body": row.body,
        "geometry": _geometry(row),
        "published_at": _iso(row.published_at),
        "moderation": _moderation(row),
    }


def _write_response(row):
    survey = row.survey
    return {
        "id": row.pk,
        "survey": {"process": survey.process.slug, "slug": survey.slug, "title": survey.title},
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "answers": [
            {
                "question": answer.question.text,
                "kind": answer.question.kind,
                "choices": [choice.label for choice in answer.choices.all()],
                "value": answer.value,
                "text": answer.text,
                "geometry": _geometry(answer),
            }
            for answer in row.answers.all()
        ],
    }


def _write_access(*extra):
    """What django-axes keeps of a login (the password masked by axes), with the fields of its model."""

    def write(row):
        written = {
            "at": _iso(row.attempt_time),
            "ip_address": row.ip_address,
            "user_agent": row.user_agent,
            "http_accept": row.http_accept,
            "path": row.path_info,
        }
        for field in extra:
            value = getattr(row, field)
            written[field] = _iso(value) if hasattr(value, "isoformat") else value
        return written

    return write


def _write_hidden(kind):
    def write(row):
        return {
            "content": f"{kind}:{row.pk}",
            "process": row.process.slug,
            "hidden_at": _iso(row.hidden_at),
            "category": row.hidden_category,
            "reason": row.hidden_reason,
        }

    return write


def _write_hidden_comment(row):
    return {
        "content": f"comment:{row.pk}",
        "on": _target(row),
        "hidden_at": _iso(row.hidden_at),
        "category": row.hidden_category,
        "reason": row.hidden_reason,
    }


REGISTRY = [
    Entry("account", User, ("id",), _account, _write_account, single=True),
    Entry(
        "profile",
        ParticipantProfile,
        ("user",),
        lambda user: ParticipantProfile.objects.filter(user=user).select_related("home_commune"),
        _write_profile,
        single=True,
    ),
    Entry(
        "consents",
        Consent,
        ("user",),
        lambda user: Consent.objects.filter(user=user),
        lambda row: {"document": row.document, "version": row.version, "accepted_at": _iso(row.accepted_at)},
    ),
    Entry(
        "private_concertations",
        Process,
        ("members",),
        lambda user: Process.objects.filter(members=user).order_by("pk"),
        lambda row: {"slug": row.slug, "title": row.title},
    ),
    Entry("proposals", Proposal, ("author",), _proposals, _write_proposal),
    # The images and documents sent with one's proposals (the person through the proposal's author). They stay
    # with the proposal when the account is deleted, as its text does.
    Entry(
        "proposal_files",
        ProposalFile,
        ("proposal",),
        lambda user: ProposalFile.objects.filter(proposal__author=user).order_by("proposal_id", "position", "pk"),
        lambda row: {
            "proposal": row.proposal_id,
            "kind": row.kind,
            "name": row.original_name,
            "alt_text": row.alt_text or None,
            "size": row.size,
            "url": f"{settings.SITE_URL.rstrip('/')}{row.url}",
            "created_at": _iso(row.created_at),
        },
    ),
    Entry(
        "annotations",
        Annotation,
        ("author",),
        lambda user: _geojson(Annotation.objects.filter(author=user)).select_related("process").order_by("pk"),
        _write_annotation,
    ),
    Entry(
        "meeting_registrations",
        MeetingRegistration,
        ("user",),
        lambda user: MeetingRegistration.objects.filter(user=user).select_related("meeting").order_by("pk"),
        lambda row: {
            "meeting": row.meeting_id,
            "title": row.meeting.title,
            "start_time": _iso(row.meeting.start_time),
            "created_at": _iso(row.created_at),
        },
    ),
    Entry(
        "comments",
        Comment,
        ("author",),
        lambda user: Comment.objects.filter(author=user).select_related("content_type").order_by("pk"),
        _write_comment,
    ),
    Entry(
        "comment_votes",
        CommentVote,
        ("user",),
        lambda user: CommentVote.objects.filter(user=user).order_by("pk"),
        lambda row: {
            "comment": row.comment_id,
            "vote": "agree" if row.value == CommentVote.Value.AGREE else "disagree",
            "created_at": _iso(row.created_at),
            "updated_at": _iso(row.updated_at),
        },
    ),
    Entry(
        "notifications",
        Notification,
        ("recipient",),
        lambda user: Notification.objects.filter(recipient=user).order_by("pk"),
        lambda row: {
            "kind": row.kind,
            "text": row.text,
            "url": row.url,
            "count": row.count,
            "created_at": _iso(row.created_at),
            "read_at": _iso(row.read_at),
        },
    ),
    # Texts corrected by moderation: the author's own version and each correction (the table holds the last one).
    Entry("text_versions", TextVersion, ("author",), moderation.text_versions_of, moderation.text_version_export),
    Entry(
        "supports",
        Support,
        ("user",),
        lambda user: Support.objects.filter(user=user).annotate(title=F("proposal__title")).order_by("pk"),
        lambda row: {"proposal": row.proposal_id, "title": row.title, "created_at": _iso(row.created_at)},
    ),
    Entry(
        "arguments",
        Argument,
        ("author",),
        lambda user: _geojson(Argument.objects.filter(author=user)).select_related("debate").order_by("pk"),
        _write_argument,
    ),
    Entry(
        "argument_supports",
        ArgumentSupport,
        ("user",),
        lambda user: ArgumentSupport.objects.filter(user=user).order_by("pk"),
        lambda row: {"argument": row.argument_id, "created_at": _iso(row.created_at)},
    ),
    Entry(
        "follows",
        Follow,
        ("user",),
        lambda user: Follow.objects.filter(user=user).select_related("content_type").order_by("pk"),
        lambda row: {"on": _target(row), "created_at": _iso(row.created_at)},
    ),
    Entry(
        "reports",
        Report,
        ("reporter",),
        lambda user: Report.objects.filter(reporter=user).select_related("content_type").order_by("pk"),
        lambda row: {
            "on": _target(row),
            "reason": row.reason,
            "details": row.details,
            "created_at": _iso(row.created_at),
        },
    ),
    Entry("survey_responses", Response, ("user",), _answer_rows, _write_response),
    # django-axes keys its records by the address typed at login (accounts/lockout.py), as accounts store it.
    Entry(
        "login_failures",
        AccessAttempt,
        ("username",),
        _by_address(AccessAttempt),
        _write_access("get_data", "post_data", "failures_since_start"),
    ),
    # Both off in settings (AXES_ENABLE_ACCESS_FAILURE_LOG, AXES_DISABLE_ACCESS_LOG), hence empty unless turned on.
    Entry(
        "login_failures",
        AccessFailureLog,
        ("username",),
        _by_address(AccessFailureLog),
        _write_access("locked_out"),
    ),
    Entry(
        "logins",
        AccessLog,
        ("username",),
        _by_address(AccessLog),
        _write_access("logout_time", "session_hash"),
    ),
    Entry(
        "api_tokens",
        Token,
        ("user",),
        lambda user: Token.objects.filter(user=user),
        # The key itself is not written: it opens the account, like a password.
        lambda row: {"created": _iso(row.created)},
    ),
    Entry(
        "idempotency_keys",
        IdempotencyKey,
        ("user",),
        lambda user: IdempotencyKey.objects.filter(user=user).order_by("pk"),
        lambda row: {
            "key": row.key,
            "created_at": _iso(row.created_at),
            "status": row.status,
            "location": row.location,
            "content_type": row.content_type,
            "body": bytes(row.body).decode("utf-8", "replace"),
        },
    ),
    Entry(
        "rate_limit_counters",
        Counter,
        ("key",),
        _counters,
        lambda row: {"key": row.key, "hits": row.hits, "expires": _iso(row.expires)},
    ),
    Entry(
        "queued_mail",
        QueuedMail,
        ("recipients",),
        lambda user: QueuedMail.objects.filter(recipients__contains=[user.email]).order_by("pk"),
        lambda row: {
            "subject": row.subject,
            "body": row.body,
            "created_at": _iso(row.created_at),
            "attempts": row.attempts,
        },
    ),
    # The person's rights in the officers' console, and what was done to them.
    Entry(
        "console_roles",
        Role,
        ("user",),
        lambda user: Role.objects.filter(user=user).select_related("process", "commune").order_by("pk"),
        lambda row: {
            "role": row.kind,
            "process": row.process.slug if row.process else None,
            "commune": row.commune.insee if row.commune else None,
            "granted_at": _iso(row.granted_at),
        },
    ),
    Entry(
        "console_role_changes",
        RoleChange,
        ("email",),
        lambda user: RoleChange.objects.filter(email__iexact=user.email).order_by("pk"),
        lambda row: {"action": row.action, "role": row.kind, "at": _iso(row.at), "by": row.actor_pseudonym},
    ),
    # What the person did as an officer: content hidden (with the reason they wrote), answers, reviews, back-office.
    Entry(
        "roles_granted_as_officer",
        Role,
        ("granted_by",),
        lambda user: Role.objects.filter(granted_by=user).order_by("pk"),
        lambda row: {"role": row.kind, "granted_at": _iso(row.granted_at)},
    ),
    Entry(
        "role_changes_as_officer",
        RoleChange,
        ("actor",),
        lambda user: RoleChange.objects.filter(actor=user).order_by("pk"),
        lambda row: {"action": row.action, "role": row.kind, "at": _iso(row.at)},
    ),
    Entry(
        "invitations_as_officer",
        Invitation,
        ("invited_by",),
        lambda user: Invitation.objects.filter(invited_by=user).order_by("pk"),
        lambda row: {"invitation": row.kind, "invited_at": _iso(row.invited_at)},
    ),
    Entry(
        "bilans_published_as_officer",
        Bilan,
        ("published_by",),
        lambda user: Bilan.objects.filter(published_by=user).select_related("process").order_by("pk"),
        lambda row: {"process": row.process.slug, "published_at": _iso(row.published_at)},
    ),
    Entry("moderated_as_officer", Proposal, ("hidden_by",), _hidden_by(Proposal), _write_hidden("proposal")),
    Entry("moderated_as_officer", Meeting, ("hidden_by",), _hidden_by(Meeting), _write_hidden("meeting")),
    Entry("moderated_as_officer", Annotation, ("hidden_by",), _hidden_by(Annotation), _write_hidden("annotation")),
    Entry(
        "moderated_as_officer",
        Comment,
        ("hidden_by",),
        lambda user: Comment.objects.filter(hidden_by=user).select_related("content_type").order_by("pk"),
        _write_hidden_comment,
    ),
    Entry("moderated_as_officer", Debate, ("hidden_by",), _hidden_by(Debate), _write_hidden("debate")),
    Entry(
        "moderated_as_officer",
        Argument,
        ("hidden_by",),
        lambda user: Argument.objects.filter(hidden_by=user).order_by("pk"),
        lambda row: {
            "content": f"argument:{row.pk}",
            "debate": row.debate_id,
            "hidden_at": _iso(row.hidden_at),
            "category": row.hidden_category,
            "reason": row.hidden_reason,
        },
    ),
    Entry(
        "answered_as_officer",
        Proposal,
        ("answered_by",),
        lambda user: Proposal.objects.filter(answered_by=user).order_by("pk").only("pk", "answer", "answered_at"),
        lambda row: {"proposal": row.pk, "answer": row.answer, "answered_at": _iso(row.answered_at)},
    ),
    Entry(
        "campaign_reviews_as_officer",
        CampaignFlag,
        ("reviewed_by",),
        lambda user: CampaignFlag.objects.filter(reviewed_by=user).select_related("process").order_by("pk"),
        lambda row: {
            "process": row.process.slug,
            "rule": row.rule,
            "reviewed_at": _iso(row.reviewed_at),
            "note": row.review_note,
        },
    ),
    Entry(
        "corrected_as_officer",
        TextVersion,
        ("corrected_by",),
        moderation.corrections_by,
        moderation.text_version_export,
    ),
    Entry(
        "moderation_journal_as_officer",
        ModerationAction,
        ("officer",),
        moderation.moderation_actions_of,
        moderation.moderation_action_export,
    ),
    Entry(
        "back_office_actions",
        LogEntry,
        ("user",),
        lambda user: LogEntry.objects.filter(user=user).select_related("content_type").order_by("pk"),
        lambda row: {
            "at": _iso(row.action_time),
            "action": {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}.get(row.action_flag),
            "on": f"{row.content_type.model if row.content_type_id else ''}:{row.object_id}",
            "object": row.object_repr,
            "message": row.get_change_message(),
        },
    ),
]


def _dump(value, *, indent):
    return json.dumps(value, ensure_ascii=False, indent=indent).replace("\n", "\n  ")


def personal_data_json(user: User) -> Iterator[str]:
    """The document, as JSON text in pieces: one member per entry name, in the order of the registry."""
    yield "{"
    for position, (name, entries) in enumerate(groupby(REGISTRY, key=lambda entry: entry.name)):
        yield ("," if position else "") + f"\n  {json.dumps(name)}: "
        entries = list(entries)
        if entries[0].single:
            row = next(iter(entries[0].rows(user)), None)
            yield _dump(entries[0].write(row) if row is not None else None, indent=2)
            continue
        yield "["
        first = True
        for entry in entries:
            for row in entry.rows(user).iterator(chunk_size=CHUNK):
                # One line a row: readable, and a drawing's coordinates do not take a line each.
                yield ("" if first else ",") + "\n    " + _dump(entry.write(row), indent=None)
                first = False
        yield "]" if first else "\n  ]"
    yield "\n}\n"
