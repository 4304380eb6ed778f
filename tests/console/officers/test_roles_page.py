"""/gestion/agents/: an administrator grants, revokes and promises roles; every change is in the journal of roles."""

import pytest
from django.urls import reverse

from geoparticipation.accounts import services as accounts
from geoparticipation.accounts.models import User
from geoparticipation.accounts.tokens import activation_token
from geoparticipation.console import roles
from geoparticipation.console.models import Invitation, Role, RoleChange
from geoparticipation.mail.models import QueuedMail
from geoparticipation.territory.models import Commune

from ..conftest import LILLE, PASSWORD


@pytest.fixture
def admin_client(client, administrator):
    client.login(email=administrator.email, password=PASSWORD)
    return client


def test_it_lists_the_roles_and_filters_them_by_kind(admin_client, process_officer, commune_officer):
    page = admin_client.get(reverse("console:officers")).content.decode()
    assert "agent-climat@example.org" in page and "agent-lille@example.org" in page
    page = admin_client.get(reverse("console:officers"), {"kind": "commune"}).content.decode()
    assert "agent-lille@example.org" in page and "agent-climat@example.org" not in page


def test_it_grants_a_commune_officer_role_and_journals_it(admin_client, administrator, citizen):
    lille = Commune.objects.get(insee=LILLE)
    response = admin_client.post(
        reverse("console:officers"), {"email": "CAMILLE@example.org ", "kind": "commune", "commune": lille.pk}
    )
    assert response.status_code == 302
    assert roles.access_of(User.objects.get(pk=citizen.pk)).commune_ids == {lille.pk}
    change = RoleChange.objects.get()
    assert (change.action, change.email, change.commune, change.actor) == ("grant", citizen.email, lille, administrator)


def test_an_officer_of_a_concertation_needs_its_concertation(admin_client, citizen):
    response = admin_client.post(reverse("console:officers"), {"email": citizen.email, "kind": "process"})
    assert response.status_code == 400
    assert "Choisissez la concertation de cet agent." in response.content.decode()
    assert not Role.objects.filter(user=citizen).exists()


def test_a_bad_address_is_a_form_error(admin_client):
    response = admin_client.post(reverse("console:officers"), {"email": "pas-une-adresse", "kind": "administrator"})
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide." in response.content.decode()


def test_it_revokes_a_role_after_confirmation(admin_client, process_officer):
    role = Role.objects.get(user=process_officer)
    confirmation = admin_client.get(reverse("console:officers_revoke", args=[role.pk])).content.decode()
    assert "Retirer le rôle" in confirmation
    admin_client.post(reverse("console:officers_revoke", args=[role.pk]))
    assert not Role.objects.filter(pk=role.pk).exists()
    assert RoleChange.objects.get().action == "revoke"


def test_an_administrator_keeps_their_own_administrator_role(admin_client, administrator):
    role = Role.objects.get(user=administrator)
    admin_client.post(reverse("console:officers_revoke", args=[role.pk]), follow=True)
    assert Role.objects.filter(pk=role.pk).exists()


def test_an_unknown_address_is_invited_and_gets_its_role_at_activation(admin_client, process):
    admin_client.post(
        reverse("console:officers"), {"email": "nouvelle@example.org", "kind": "process", "process": process.pk}
    )
    invitation = Invitation.objects.get(email="nouvelle@example.org")
    mail = QueuedMail.objects.get(recipients=["nouvelle@example.org"])
    assert "/comptes/inscription/" in mail.body and process.title in mail.body
    assert RoleChange.objects.get().action == "invite"

    user = accounts.user_signup(
        email="nouvelle@example.org",
        pseudonym="Nouvelle",
        password=PASSWORD,
        accepts_charter=True,
        site_url="http://testserver",
    )
    assert not Role.objects.filter(user=user).exists()
    assert accounts.user_activate(user=user, token=activation_token.make_token(user))
    assert roles.can_manage(User.objects.get(pk=user.pk), process)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_page_shows_the_last_changes_of_roles(admin_client, citizen, process):
    admin_client.post(reverse("console:officers"), {"email": citizen.email, "kind": "process", "process": process.pk})
    page = admin_client.get(reverse("console:officers")).content.decode()
    assert "Derniers changements de rôles" in page and "Attribution" in page and process.title in page
