"""Who opens the pages of roles and members, and who may post to them: each role on each URL and action."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from geoparticipation.console.models import Role

from ..conftest import PASSWORD

EVERYONE = ["administrator", "process_officer", "other_officer", "commune_officer", "citizen", "anonymous"]


@pytest.fixture
def member(process, citizen):
    process.members.add(citizen)
    return citizen


def client_of(client, request, who):
    if who != "anonymous":
        client.login(email=request.getfixturevalue(who).email, password=PASSWORD)
    return client


def expected(status, who):
    return 302 if who == "anonymous" else status


@pytest.mark.parametrize("who", EVERYONE)
def test_only_an_administrator_opens_the_roles(client, request, process, who):
    response = client_of(client, request, who).get(reverse("console:officers"))
    assert response.status_code == expected(200 if who == "administrator" else 403, who)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_an_administrator_grants_a_role(client, request, process, citizen, who):
    response = client_of(client, request, who).post(
        reverse("console:officers"), {"email": citizen.email, "kind": "process", "process": process.pk}
    )
    assert response.status_code == expected(302 if who == "administrator" else 403, who)
    granted = Role.objects.filter(user=citizen, kind="process", process=process).exists()
    assert granted == (who == "administrator")


@pytest.mark.parametrize("who", EVERYONE)
def test_only_an_administrator_revokes_a_role(client, request, process, process_officer, who):
    role = Role.objects.get(user=process_officer)
    url = reverse("console:officers_revoke", args=[role.pk])
    client = client_of(client, request, who)
    assert client.get(url).status_code == expected(200 if who == "administrator" else 403, who)
    assert client.post(url).status_code == expected(302 if who == "administrator" else 403, who)
    assert Role.objects.filter(pk=role.pk).exists() == (who != "administrator")


SPACE_ALLOWED = {"administrator", "process_officer"}


@pytest.mark.parametrize("who", EVERYONE)
def test_the_members_page_is_the_space_officers(client, request, process, who):
    response = client_of(client, request, who).get(reverse("console:space_members", args=[process.slug]))
    assert response.status_code == expected(200 if who in SPACE_ALLOWED else 403, who)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_space_officers_make_it_private(client, request, process, who):
    url = reverse("console:space_members_privacy", args=[process.slug])
    response = client_of(client, request, who).post(url, {"is_private": "on"})
    assert response.status_code == expected(302 if who in SPACE_ALLOWED else 403, who)
    process.refresh_from_db()
    assert process.is_private == (who in SPACE_ALLOWED)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_space_officers_add_a_member(client, request, process, citizen, who):
    url = reverse("console:space_members_add", args=[process.slug])
    response = client_of(client, request, who).post(url, {"email": citizen.email})
    assert response.status_code == expected(302 if who in SPACE_ALLOWED else 403, who)
    assert process.members.filter(pk=citizen.pk).exists() == (who in SPACE_ALLOWED)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_space_officers_import_members(client, request, process, citizen, who):
    url = reverse("console:space_members_import", args=[process.slug])
    upload = SimpleUploadedFile("membres.csv", citizen.email.encode(), content_type="text/csv")
    response = client_of(client, request, who).post(url, {"file": upload})
    assert response.status_code == expected(200 if who in SPACE_ALLOWED else 403, who)
    assert process.members.filter(pk=citizen.pk).exists() == (who in SPACE_ALLOWED)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_space_officers_remove_a_member(client, request, process, member, who):
    url = reverse("console:space_member_remove", args=[process.slug, member.pk])
    client = client_of(client, request, who)
    assert client.get(url).status_code == expected(200 if who in SPACE_ALLOWED else 403, who)
    assert client.post(url).status_code == expected(302 if who in SPACE_ALLOWED else 403, who)
    assert process.members.filter(pk=member.pk).exists() == (who not in SPACE_ALLOWED)
