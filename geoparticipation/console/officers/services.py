"""Writes of the console's people: roles granted, revoked and promised by invitation, and the members of private
spaces. Each change of a role is written in the journal of roles (console.RoleChange) in its transaction."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.mail.queue import enqueue
from geoparticipation.participation.models import Process

from .. import roles
from ..models import Invitation, Role, RoleChange, invitation_limit

EMAIL_HEADERS = {"email", "e-mail", "courriel", "mail", "adresse e-mail"}
MAX_IMPORT_LINES = 10_000


def normalize(email: str) -> str:
    return User.objects.normalize_email(email).strip().lower()


def _mail(template: str, *, to: str, context: dict):
    subject, _blank, body = render_to_string(template, context).partition("\n")
    return (subject.strip(), body.strip() + "\n", None, [to])


def _journal(*, by, action, email, kind, process=None, commune=None):
    RoleChange.objects.create(
        actor=by,
        actor_pseudonym=by.pseudonym,
        action=action,
        email=email,
        kind=kind,
        process=process,
        commune=commune,
    )


@transaction.atomic
def role_grant(*, by, user, kind: str, process=None, commune=None) -> tuple[Role, bool]:
    """Gives `user` the role (a second grant of the same role changes nothing); returns (role, created)."""
    role, created = Role.objects.get_or_create(
        user=user, kind=kind, process=process, commune=commune, defaults={"granted_by": by}
    )
    if created:
        _journal(by=by, action=RoleChange.Action.GRANT, email=user.email, kind=kind, process=process, commune=commune)
    roles.forget(user)
    return role, created


@transaction.atomic
def role_revoke(*, by, role: Role) -> None:
    _journal(
        by=by,
        action=RoleChange.Action.REVOKE,
        email=role.user.email,
        kind=role.kind,
        process=role.process,
        commune=role.commune,
    )
    role.delete()
    roles.forget(role.user)


@transaction.atomic
def role_invite(*, by, email: str, kind: str, process=None, commune=None, site_url: str) -> Invitation:
    """Promises the role to an address without an account, and mails it the link to create one. Inviting it again
    renews the invitation's date."""
    email = normalize(email)
    invitation, created = Invitation.objects.get_or_create(
        email=email, kind=kind, process=process, commune=commune, defaults={"invited_by": by}
    )
    if not created:
        invitation.invited_by, invitation.invited_at = by, timezone.now()
        invitation.save(update_fields=["invited_by", "invited_at"])
    _journal(by=by, action=RoleChange.Action.INVITE, email=email, kind=kind, process=process, commune=commune)
    enqueue([_invitation_mail(invitation, site_url=site_url)])
    return invitation


def _invitation_mail(invitation: Invitation, *, site_url: str):
    signup_url = site_url + reverse("accounts:signup")
    if invitation.kind == Invitation.Kind.MEMBER:
        return _mail(
            "console/officers/email/member_invited.txt",
            to=invitation.email,
            context={"process": invitation.process, "signup_url": signup_url},
        )
    return _mail(
        "console/officers/email/invitation.txt",
        to=invitation.email,
        context={"invitation": invitation, "signup_url": signup_url},
    )


def _journal_invitation(*, by, action, invitation: Invitation):
    """The journal of roles holds the roles' invitations; a private space's memberships are not roles."""
    if invitation.kind != Invitation.Kind.MEMBER:
        _journal(
            by=by,
            action=action,
            email=invitation.email,
            kind=invitation.kind,
            process=invitation.process,
            commune=invitation.commune,
        )


@transaction.atomic
def invitation_resend(*, by, invitation: Invitation, site_url: str) -> Invitation:
    """Sends the invitation again, from today: an expired one is valid again for INVITATION_DAYS."""
    invitation.invited_by, invitation.invited_at = by, timezone.now()
    invitation.save(update_fields=["invited_by", "invited_at"])
    _journal_invitation(by=by, action=RoleChange.Action.INVITE, invitation=invitation)
    enqueue([_invitation_mail(invitation, site_url=site_url)])
    return invitation


@transaction.atomic
def invitation_cancel(*, by, invitation: Invitation) -> None:
    _journal_invitation(by=by, action=RoleChange.Action.CANCEL, invitation=invitation)
    invitation.delete()


def invitations_purge(*, days: int) -> int:
    """Deletes the invitations expired for more than `days` days; returns how many."""
    deleted, _ = Invitation.objects.filter(invited_at__lt=invitation_limit() - datetime.timedelta(days=days)).delete()
    return deleted


@transaction.atomic
def invitations_apply(user) -> int:
    """Gives an account just activated what its address was promised and is not expired; returns how many
    invitations applied. Expired ones grant nothing, and go too: the address has an account now."""
    invitations = list(Invitation.objects.current().filter(email=user.email).select_related("invited_by"))
    for invitation in invitations:
        if invitation.kind == Invitation.Kind.MEMBER:
            invitation.process.members.add(user)
        else:
            Role.objects.get_or_create(
                user=user,
                kind=invitation.kind,
                process=invitation.process,
                commune=invitation.commune,
                defaults={"granted_by": invitation.invited_by},
            )
            RoleChange.objects.create(
                actor=invitation.invited_by,
                actor_pseudonym=invitation.invited_by.pseudonym if invitation.invited_by else "",
                action=RoleChange.Action.GRANT,
                email=user.email,
                kind=invitation.kind,
                process=invitation.process,
                commune=invitation.commune,
            )
    Invitation.objects.filter(email=user.email).delete()
    if invitations:
        roles.forget(user)
    return len(invitations)


@transaction.atomic
def process_privacy_set(*, process: Process, is_private: bool) -> None:
    process.is_private = is_private
    process.save(update_fields=["is_private"])


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    invalid: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def members_add(*, process: Process, emails: list[str], site_url: str, by=None) -> ImportReport:
    """Makes the accounts of `emails` members of the private space and invites the addresses without one, in a few
    queries whatever their number; each new member and each invited address gets one e-mail."""
    report = ImportReport()
    emails = list(dict.fromkeys(emails))
    accounts = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    through = Process.members.through
    members = set(
        through.objects.filter(process=process, user_id__in=accounts.values()).values_list("user_id", flat=True)
    )
    new_ids = []
    for email in emails:
        if email not in accounts:
            report.invited.append(email)
        elif accounts[email] in members:
            report.already.append(email)
        else:
            report.added.append(email)
            new_ids.append(accounts[email])
    through.objects.bulk_create([through(process=process, user_id=pk) for pk in new_ids], ignore_conflicts=True)
    # An address invited again is invited from today: an expired invitation is renewed.
    Invitation.objects.filter(kind=Invitation.Kind.MEMBER, process=process, email__in=report.invited).update(
        invited_at=timezone.now(), invited_by=by
    )
    Invitation.objects.bulk_create(
        [
            Invitation(email=email, kind=Invitation.Kind.MEMBER, process=process, invited_by=by)
            for email in report.invited
        ],
        ignore_conflicts=True,
    )
    space_url = site_url + reverse("web:process", args=[process.slug])
    signup_url = site_url + reverse("accounts:signup")
    enqueue(
        [
            _mail("console/officers/email/member_added.txt", to=email, context={"process": process, "url": space_url})
            for email in report.added
        ]
        + [
            _mail(
                "console/officers/email/member_invited.txt",
                to=email,
                context={"process": process, "signup_url": signup_url},
            )
            for email in report.invited
        ]
    )
    return report


def read_addresses(data: bytes) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The addresses of a CSV file (UTF-8 or Latin-1, « ; » or « , », one address a line or a column named email,
    e-mail or courriel): ([(line, address)], [(line, invalid text)]). Raises ValidationError if too long."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    lines = text.splitlines()
    if len(lines) > MAX_IMPORT_LINES + 1:
        raise ValidationError(f"Le fichier a plus de {MAX_IMPORT_LINES:,} lignes : découpez-le.".replace(",", " "))
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    column, first_row, valid, invalid = 0, True, [], []
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if first_row:
            first_row = False
            headers = [cell.lower() for cell in cells]
            found = next((i for i, header in enumerate(headers) if header in EMAIL_HEADERS), None)
            if found is not None:
                column = found
                continue
        value = cells[column] if column < len(cells) else ""
        try:
            validate_email(value)
        except ValidationError:
            invalid.append((number, value))
        else:
            valid.append((number, normalize(value)))
    return valid, invalid


def members_import(*, process: Process, data: bytes, site_url: str, by=None) -> ImportReport:
    valid, invalid = read_addresses(data)
    report = members_add(process=process, emails=[email for _line, email in valid], site_url=site_url, by=by)
    report.invalid = invalid
    return report


@transaction.atomic
def member_remove(*, process: Process, user) -> None:
    process.members.remove(user)
