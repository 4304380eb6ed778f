"""Invitations expire INVITATION_DAYS after they were sent, can be sent again or cancelled by those who may invite,
and are purged once expired for long."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from geoparticipation.accounts import services as accounts
from geoparticipation.accounts.models import User
from geoparticipation.accounts.tokens import activation_token
from geoparticipation.console.models import Invitation, Role, RoleChange
from geoparticipation.mail.models import QueuedMail

from ..conftest import PASSWORD

EVERYONE = ["administrator", "process_officer", "other_officer", "commune_officer", "citizen", "anonymous"]


def client_of(client, request, who):
    if who != "anonymous":
        client.login(email=request.getfixturevalue(who).email, password=PASSWORD)
    return client


def age(invitation, days):
    Invitation.objects.filter(pk=invitation.pk).update(invited_at=timezone.now() - datetime.timedelta(days=days))
    invitation.refresh_from_db()
    return invitation


@pytest.fixture
def role_invitation(process):
    return Invitation.objects.create(email="future-agente@example.org", kind="process", process=process)


@pytest.fixture
def member_invitation(process):
    return Invitation.objects.create(email="futur-membre@example.org", kind="member", process=process)


def cancel_url(invitation):
    if invitation.kind == "member":
        return reverse("console:space_invitation_cancel", args=[invitation.process.slug, invitation.pk])
    return reverse("console:officers_invitation_cancel", args=[invitation.pk])


def resend_url(invitation):
    if invitation.kind == "member":
        return reverse("console:space_invitation_resend", args=[invitation.process.slug, invitation.pk])
    return reverse("console:officers_invitation_resend", args=[invitation.pk])


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("action", [cancel_url, resend_url])
def test_only_an_administrator_cancels_or_resends_a_role_invitation(client, request, role_invitation, who, action):
    response = client_of(client, request, who).post(action(role_invitation))
    allowed = who == "administrator"
    assert response.status_code == {"administrator": 302, "anonymous": 302}.get(who, 403)
    assert Invitation.objects.filter(pk=role_invitation.pk).exists() != (allowed and action is cancel_url)


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("action", [cancel_url, resend_url])
def test_only_the_spaces_officers_cancel_or_resend_a_member_invitation(client, request, member_invitation, who, action):
    response = client_of(client, request, who).post(action(member_invitation))
    allowed = who in ("administrator", "process_officer")
    assert response.status_code == (302 if allowed or who == "anonymous" else 403)
    assert Invitation.objects.filter(pk=member_invitation.pk).exists() != (allowed and action is cancel_url)


def test_cancelling_is_a_post(client, administrator, role_invitation):
    client.force_login(administrator)
    assert client.get(cancel_url(role_invitation)).status_code == 405
    assert Invitation.objects.filter(pk=role_invitation.pk).exists()


def test_a_forged_cancel_of_another_spaces_invitation_is_not_found(
    client, other_officer, other_process, member_invitation
):
    client.force_login(other_officer)
    forged = reverse("console:space_invitation_cancel", args=[other_process.slug, member_invitation.pk])
    assert client.post(forged).status_code == 404
    assert client.post(reverse("console:space_invitation_resend", args=[other_process.slug, 0])).status_code == 404
    assert Invitation.objects.filter(pk=member_invitation.pk).exists()


def test_a_member_invitation_is_not_cancelled_from_the_roles_page(client, administrator, member_invitation):
    client.force_login(administrator)
    assert client.post(reverse("console:officers_invitation_cancel", args=[member_invitation.pk])).status_code == 404


def test_cancelling_a_role_invitation_is_journaled(client, administrator, role_invitation):
    client.force_login(administrator)
    page = client.post(cancel_url(role_invitation), follow=True).content.decode()
    assert "L&#x27;invitation de future-agente@example.org" in page
    change = RoleChange.objects.get()
    assert (change.action, change.email, change.kind, change.actor) == (
        "cancel",
        "future-agente@example.org",
        "process",
        administrator,
    )
    assert "Annulation d&#x27;invitation" in page


def test_an_expired_invitation_shows_its_expiry_on_the_roles_and_members_pages(
    client, administrator, role_invitation, member_invitation, settings
):
    settings.INVITATION_DAYS = 30
    age(role_invitation, 31)
    age(member_invitation, 40)
    expired_on = (timezone.localtime() - datetime.timedelta(days=1)).date()
    client.force_login(administrator)
    roles_page = client.get(reverse("console:officers")).content.decode()
    assert f"expirée le {expired_on.day} " in roles_page
    members_page = client.get(reverse("console:space_members", args=["plan-climat"])).content.decode()
    assert "futur-membre@example.org" in members_page and "expirée le" in members_page


def test_a_current_invitation_says_when_it_expires(client, administrator, role_invitation):
    client.force_login(administrator)
    page = client.get(reverse("console:officers")).content.decode()
    assert "expire le" in page and "expirée" not in page


def activate(email):
    user = accounts.user_signup(
        email=email,
        pseudonym=email.split("@")[0],
        password=PASSWORD,
        accepts_charter=True,
        site_url="http://testserver",
    )
    assert accounts.user_activate(user=user, token=activation_token.make_token(user))
    return User.objects.get(pk=user.pk)


def test_an_expired_invitation_grants_nothing_at_activation(role_invitation, member_invitation, process, settings):
    settings.INVITATION_DAYS = 30
    age(role_invitation, 31)
    age(member_invitation, 31)
    user = activate("future-agente@example.org")
    assert not Role.objects.filter(user=user).exists()
    member = activate("futur-membre@example.org")
    assert not process.members.filter(pk=member.pk).exists()
    assert not Invitation.objects.exists()


def test_an_invitation_still_valid_grants_its_role_at_activation(role_invitation, process, settings):
    settings.INVITATION_DAYS = 30
    age(role_invitation, 29)
    user = activate("future-agente@example.org")
    assert Role.objects.filter(user=user, kind="process", process=process).exists()


def test_resending_an_expired_invitation_renews_it_and_mails_it_again(
    client, administrator, role_invitation, member_invitation, process, settings
):
    settings.INVITATION_DAYS = 30
    age(role_invitation, 45)
    age(member_invitation, 45)
    client.force_login(administrator)
    page = client.post(resend_url(role_invitation), follow=True).content.decode()
    assert "L&#x27;invitation est renvoyée à future-agente@example.org" in page
    client.post(resend_url(member_invitation))
    for invitation in (role_invitation, member_invitation):
        invitation.refresh_from_db()
        assert not invitation.is_expired
        assert invitation.invited_by == administrator
    assert QueuedMail.objects.filter(recipients=["future-agente@example.org"]).count() == 1
    mail = QueuedMail.objects.get(recipients=["futur-membre@example.org"])
    assert process.title in mail.body and "/comptes/inscription/" in mail.body
    assert RoleChange.objects.get().action == "invite"
    user = activate("future-agente@example.org")
    assert Role.objects.filter(user=user, kind="process", process=process).exists()


def test_inviting_an_address_again_renews_its_invitation(client, administrator, role_invitation, process, settings):
    settings.INVITATION_DAYS = 30
    age(role_invitation, 45)
    client.force_login(administrator)
    client.post(reverse("console:officers"), {"email": role_invitation.email, "kind": "process", "process": process.pk})
    role_invitation.refresh_from_db()
    assert not role_invitation.is_expired


def test_the_daily_purge_deletes_invitations_expired_for_long(role_invitation, member_invitation, settings):
    settings.INVITATION_DAYS = 30
    settings.INVITATIONS_EXPIRED_KEPT_DAYS = 90
    age(role_invitation, 121)
    age(member_invitation, 119)
    out = io.StringIO()
    call_command("purge_notifications", stdout=out)
    assert "1 invitation(s) expirée(s) supprimée(s)" in out.getvalue()
    assert list(Invitation.objects.values_list("pk", flat=True)) == [member_invitation.pk]
