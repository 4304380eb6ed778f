"""Replies and « D'accord / Pas d'accord » through the REST API, under the same rules as on the site."""

import pytest
from rest_framework.test import APIClient

from geoparticipation.accounts.models import User
from geoparticipation.notifications.models import Notification
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, CommentVote

from ..factories import set_phases

pytestmark = pytest.mark.django_db


@pytest.fixture
def dominique(db):
    return User.objects.create_user("dominique@example.org", "Dominique")


@pytest.fixture
def comment(proposal, dominique):
    return services.comment_create(author=dominique, target=proposal, body="Oui, et couvert.")


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


def test_a_reply_is_posted_with_its_parent_and_read_under_it(api, proposal, comment, dominique):
    url = f"/api/v1/proposals/{proposal.pk}/comments/"
    created = api.post(url, {"body": "Merci", "parent": comment.pk}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["parent"] == comment.pk
    [top] = APIClient().get(url).json()
    assert top["id"] == comment.pk and [r["body"] for r in top["replies"]] == ["Merci"]
    assert Notification.objects.get(recipient=dominique).kind == "reply"


def test_a_bad_parent_is_a_400_and_nothing_is_stored(api, proposal, comment, officer):
    url = f"/api/v1/proposals/{proposal.pk}/comments/"
    for parent in (comment.pk + 1000, "abc"):
        response = api.post(url, {"body": "Merci", "parent": parent}, format="json")
        assert response.status_code == 400 and "parent" in response.json()
    services.content_hide(target=comment, officer=officer, category="spam", reason="Publicité.")
    assert api.post(url, {"body": "Merci", "parent": comment.pk}, format="json").status_code == 400
    assert Comment.objects.count() == 1


def test_votes_are_given_changed_and_withdrawn_with_their_counts(api, comment):
    url = f"/api/v1/comments/{comment.pk}/vote/"
    assert api.post(url, {"value": "agree"}, format="json").json() == {
        "vote": "agree",
        "agrees_count": 1,
        "disagrees_count": 0,
    }
    assert api.post(url, {"value": "disagree"}, format="json").json()["disagrees_count"] == 1
    assert api.delete(url).json() == {"vote": None, "agrees_count": 0, "disagrees_count": 0}
    assert api.post(url, {"value": "maybe"}, format="json").status_code == 400
    assert APIClient().post(url, {"value": "agree"}, format="json").status_code in (401, 403)
    assert not CommentVote.objects.exists()


def test_replies_and_votes_follow_the_phase_s_comments_rule(api, process, proposal, comment):
    set_phases(process, ("Vote", -5, 5, ("supports",)))
    reason = {"detail": "La phase « Vote » n'accepte pas de commentaires."}
    reply = api.post(f"/api/v1/proposals/{proposal.pk}/comments/", {"body": "Non", "parent": comment.pk}, format="json")
    vote = api.post(f"/api/v1/comments/{comment.pk}/vote/", {"value": "agree"}, format="json")
    assert reply.status_code == vote.status_code == 403
    assert reply.json() == vote.json() == reason
    assert Comment.objects.count() == 1 and not CommentVote.objects.exists()


def test_the_thread_is_paged_by_a_link_and_sorted_by_votes(api, proposal, citizen, dominique, monkeypatch):
    monkeypatch.setattr("geoparticipation.participation.selectors.THREAD_PAGE", 2)
    a, b, c = (services.comment_create(author=dominique, target=proposal, body=body) for body in "abc")
    services.comment_vote(user=citizen, comment=c, value=1)
    url = f"/api/v1/proposals/{proposal.pk}/comments/"
    first = APIClient().get(url, {"sort": "votes"})
    assert [x["body"] for x in first.json()] == ["c", "a"]
    assert first["Link"].endswith(f'?sort=votes&start={b.pk}>; rel="next"')
    assert [x["body"] for x in APIClient().get(url, {"sort": "votes", "start": b.pk}).json()] == ["b"]
    assert APIClient().get(url, {"sort": "hasard"}).status_code == 400
