"""Conditional reads of the REST API: a client polling the layers gets a 304 while nothing public changed, whoever
it is; the reads that depend on who asks carry no shared validator, and writes are untouched."""

import time

import pytest
from django.utils.http import http_date
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal

from ..factories import make_meeting, make_process, make_proposal

pytestmark = pytest.mark.django_db
READS = ["/api/v1/proposals/", "/api/v1/annotations/", "/api/v1/meetings/", "/api/v1/communes/"]


@pytest.fixture
def private(citizen):
    process = make_process("reseau", is_private=True)
    process.members.add(citizen)
    return process


def client_of(user=None):
    if user is None:
        return APIClient()
    return APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")


@pytest.mark.parametrize("url", READS)
def test_a_layer_read_answers_304_to_its_own_etag_until_published_data_changes(proposal, url):
    make_meeting(proposal.process)
    first = client_of().get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    again = client_of().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    make_proposal(proposal.process, proposal.author, title="Une autre idée")
    changed = client_of().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_one_proposal_answers_304_and_its_hiding_gives_the_410_a_new_etag(proposal, officer):
    url = f"/api/v1/proposals/{proposal.pk}/"
    first = client_of().get(url)
    assert first.status_code == 200
    assert client_of().get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client_of().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    services.content_hide(target=proposal, officer=officer, category="spam", reason="Publicité")
    gone = client_of().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert gone.status_code == 410
    assert gone["ETag"] != first["ETag"]


def test_a_page_and_its_filters_have_etags_of_their_own(proposal):
    whole = client_of().get("/api/v1/proposals/")
    filtered = client_of().get("/api/v1/proposals/", {"commune": "59350"})
    assert whole["ETag"] != filtered["ETag"]
    other = client_of().get("/api/v1/proposals/", {"commune": "59350"}, HTTP_IF_NONE_MATCH=whole["ETag"])
    assert other.status_code == 200


def test_a_member_of_a_private_space_gets_the_same_public_list_and_etag_as_a_visitor(citizen, private, proposal):
    make_proposal(private, citizen, title="Entre membres")
    visitor = client_of().get("/api/v1/proposals/")
    member = client_of(citizen).get("/api/v1/proposals/")
    assert member.content == visitor.content
    assert member["ETag"] == visitor["ETag"]
    assert b"Entre membres" not in member.content


def test_a_write_in_a_private_space_leaves_the_public_etag_as_it_was(citizen, private, proposal):
    before = client_of().get("/api/v1/proposals/")
    make_proposal(private, citizen, title="Entre membres")
    assert client_of().get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304


def test_a_bad_token_is_refused_even_with_a_current_etag(proposal):
    first = client_of().get("/api/v1/proposals/")
    unknown = APIClient(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert unknown.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 401


def test_the_comments_thread_which_depends_on_who_asks_has_no_etag(citizen, private):
    secret = make_proposal(private, citizen, title="Entre membres")
    member = client_of(citizen).get(f"/api/v1/proposals/{secret.pk}/comments/")
    assert member.status_code == 200
    assert "ETag" not in member
    assert client_of().get(f"/api/v1/proposals/{secret.pk}/comments/").status_code == 404


def test_writes_carry_no_etag_and_ignore_a_stale_one(citizen, proposal):
    stale = client_of().get("/api/v1/proposals/")["ETag"]
    make_proposal(proposal.process, proposal.author, title="Encore une")
    response = client_of(citizen).post(
        f"/api/v1/proposals/{proposal.pk}/support/", HTTP_IF_NONE_MATCH=stale, HTTP_IF_MATCH=stale
    )
    assert response.status_code == 201
    assert "ETag" not in response
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1


def test_last_modified_answers_if_modified_since_by_the_time_of_the_last_public_change(proposal):
    assert client_of().get("/api/v1/proposals/", HTTP_IF_MODIFIED_SINCE=http_date()).status_code == 304
    an_hour_ago = http_date(time.time() - 3600)
    assert client_of().get("/api/v1/proposals/", HTTP_IF_MODIFIED_SINCE=an_hour_ago).status_code == 200
