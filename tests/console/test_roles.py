"""Who enters the console and what each role reaches, as every console view reads it (console/roles.py)."""

import pytest
from django.db import IntegrityError
from django.test import RequestFactory

from geoparticipation.accounts.models import User
from geoparticipation.console import access, roles
from geoparticipation.console.models import Role
from geoparticipation.participation.models import Proposal
from geoparticipation.territory.models import Commune
from tests.factories import MAIRIE_ROUBAIX, make_proposal

from .conftest import LILLE, PASSWORD


def test_a_superuser_is_an_administrator(db):
    superuser = User.objects.create_superuser("root@example.org", "Racine", PASSWORD)
    assert roles.is_administrator(superuser)


def test_a_citizen_and_a_staff_member_without_a_role_do_not_enter(citizen, officer):
    assert not roles.access_of(citizen).can_enter
    assert not roles.access_of(officer).can_enter


def test_an_inactive_administrator_does_not_enter(administrator):
    administrator.is_active = False
    assert not roles.access_of(administrator).can_enter


def test_an_officer_manages_its_concertation_only(process, other_process, process_officer):
    assert roles.can_manage(process_officer, process)
    assert not roles.can_manage(process_officer, other_process)
    assert list(roles.managed_processes(process_officer)) == [process]


def test_a_commune_officer_sees_what_lies_in_its_commune_in_every_concertation(
    process, other_process, citizen, commune_officer
):
    in_lille = make_proposal(process, citizen)
    elsewhere = make_proposal(other_process, citizen, title="Un banc", where=MAIRIE_ROUBAIX)
    also_in_lille = make_proposal(other_process, citizen, title="Une fontaine")

    seen = roles.in_scope(commune_officer, Proposal.objects.all())

    assert set(seen) == {in_lille, also_in_lille}
    assert in_lille.commune == Commune.objects.get(insee=LILLE)
    assert roles.can_see(commune_officer, in_lille) and not roles.can_see(commune_officer, elsewhere)
    assert not roles.can_moderate(commune_officer, in_lille)
    assert not roles.access_of(commune_officer).manages_spaces


def test_a_role_has_exactly_its_scope(process, citizen):
    with pytest.raises(IntegrityError):
        Role.objects.create(user=citizen, kind=Role.Kind.PROCESS_OFFICER)


def test_a_role_is_granted_once(process, citizen):
    Role.objects.create(user=citizen, kind=Role.Kind.ADMINISTRATOR)
    with pytest.raises(IntegrityError):
        Role.objects.create(user=citizen, kind=Role.Kind.ADMINISTRATOR)


@pytest.fixture
def space_page():
    return access.space_view(lambda request, process: process.title)


def test_a_space_page_opens_to_its_officers_and_to_administrators(
    rf: RequestFactory, space_page, process, administrator, process_officer, other_officer, commune_officer, citizen
):
    for user, allowed in [
        (administrator, True),
        (process_officer, True),
        (other_officer, False),
        (commune_officer, False),
        (citizen, False),
    ]:
        request = rf.get("/gestion/concertations/plan-climat/")
        request.user = User.objects.get(pk=user.pk)
        answer = space_page(request, slug=process.slug)
        assert (answer == process.title) is allowed, user
        if not allowed:
            assert answer.status_code == 403
            assert "réservé" in answer.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(rf, process, space_page):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/gestion/concertations/plan-climat/")
    request.user = AnonymousUser()
    answer = space_page(request, slug=process.slug)
    assert answer.status_code == 302 and "/comptes/connexion/" in answer.url


def test_a_space_page_says_the_concertations_status_in_words(client, process, process_officer):
    client.force_login(process_officer)
    content = client.get(f"/gestion/concertations/{process.slug}/").content.decode()
    assert '<span class="badge">En cours</span>' in content
