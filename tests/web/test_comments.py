"""Replies and « D'accord / Pas d'accord » on the proposal page, without JavaScript: the rules, the bad inputs, the
order and the pages of the thread."""

import html

import pytest

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, CommentVote, Report

from ..factories import set_phases

pytestmark = pytest.mark.django_db


@pytest.fixture
def dominique(db):
    return User.objects.create_user("dominique@example.org", "Dominique")


@pytest.fixture
def comment(proposal, dominique):
    return services.comment_create(author=dominique, target=proposal, body="Oui, et couvert.")


def page_of(proposal):
    return f"/concertations/plan-climat/propositions/{proposal.pk}/"


def text(response):
    return html.unescape(response.content.decode())


def test_a_reply_is_published_under_its_comment(client, citizen, proposal, comment):
    client.force_login(citizen)
    response = client.post(page_of(proposal), {"action": "reply", "comment": comment.pk, "body": "Bonne idée"})
    reply = Comment.objects.get(parent=comment)
    assert response["Location"] == page_of(proposal) + f"?depuis={reply.pk}#commentaire-{reply.pk}"
    content = text(client.get(response["Location"]))
    assert "Votre réponse est publiée." in content
    replies = content.index('class="comment-replies"')
    assert content.index("Oui, et couvert.") < replies < content.index("Bonne idée")


def test_an_empty_reply_is_a_400_next_to_its_field(client, citizen, proposal, comment):
    client.force_login(citizen)
    response = client.post(page_of(proposal), {"action": "reply", "comment": comment.pk, "body": "   "})
    assert response.status_code == 400
    content = text(response)
    assert f'id="id_reply{comment.pk}_body_error"' in content and "Le commentaire est obligatoire." in content
    assert '<details class="reply" open>' in content
    assert not Comment.objects.filter(parent=comment).exists()


def test_a_reply_to_a_hidden_or_unknown_comment_is_a_404(client, citizen, officer, proposal, comment):
    services.content_hide(target=comment, officer=officer, category="spam", reason="Publicité.")
    client.force_login(citizen)
    for target in (comment.pk, "abc", "99999999999999999999", ""):
        response = client.post(page_of(proposal), {"action": "reply", "comment": target, "body": "Ah"})
        assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_votes_press_their_button_change_and_withdraw(client, citizen, proposal, comment):
    client.force_login(citizen)
    url = page_of(proposal)
    response = client.post(url + "?tri=votes", {"action": "vote", "comment": comment.pk, "vote": "agree"})
    assert response["Location"] == url + f"?tri=votes#commentaire-{comment.pk}"
    content = text(client.get(url))
    assert 'value="withdraw" aria-pressed="true">D\'accord <span class="comment-votes__count">1</span>' in content
    assert 'value="disagree" aria-pressed="false">Pas d\'accord' in content
    client.post(url, {"action": "vote", "comment": comment.pk, "vote": "disagree"})
    assert CommentVote.objects.get().value == -1
    client.post(url, {"action": "vote", "comment": comment.pk, "vote": "withdraw"})
    assert not CommentVote.objects.exists()
    comment.refresh_from_db()
    assert (comment.agrees_count, comment.disagrees_count) == (0, 0)


def test_a_tampered_vote_or_one_s_own_comment_is_refused_with_a_message(client, dominique, citizen, proposal, comment):
    client.force_login(citizen)
    tampered = client.post(page_of(proposal), {"action": "vote", "comment": comment.pk, "vote": "yes"}, follow=True)
    assert "Choisissez « D'accord » ou « Pas d'accord »." in text(tampered)
    client.force_login(dominique)
    content = text(client.get(page_of(proposal)))
    assert "D'accord : 0 · Pas d'accord : 0" in content and 'name="vote"' not in content
    own = client.post(page_of(proposal), {"action": "vote", "comment": comment.pk, "vote": "agree"}, follow=True)
    assert "Vous ne pouvez pas voter sur votre propre commentaire." in text(own)
    assert not CommentVote.objects.exists()


def test_a_closed_phase_offers_no_reply_nor_vote_and_refuses_them_with_a_403(
    client, citizen, process, proposal, comment
):
    set_phases(process, ("Soutiens", -5, 5, ("supports",)))
    client.force_login(citizen)
    content = text(client.get(page_of(proposal)))
    assert "Publier ma réponse" not in content and 'name="vote"' not in content
    reply = client.post(page_of(proposal), {"action": "reply", "comment": comment.pk, "body": "Tard"})
    vote = client.post(page_of(proposal), {"action": "vote", "comment": comment.pk, "vote": "agree"})
    assert reply.status_code == vote.status_code == 403
    assert "La phase « Soutiens » n'accepte pas de commentaires." in text(reply)
    assert Comment.objects.count() == 1 and not CommentVote.objects.exists()


def test_the_thread_sorts_by_votes_and_pages_with_a_link(client, citizen, officer, proposal, dominique, monkeypatch):
    monkeypatch.setattr("geoparticipation.participation.selectors.THREAD_PAGE", 2)
    first, second, third = (services.comment_create(author=dominique, target=proposal, body=f"Avis {n}") for n in "123")
    services.comment_vote(user=citizen, comment=third, value=1)
    by_votes = text(client.get(page_of(proposal), {"tri": "votes"}))
    assert by_votes.index("Avis 3") < by_votes.index("Avis 1") and "Avis 2" not in by_votes
    assert f"?tri=votes&depuis={second.pk}#commentaires" in html.unescape(by_votes)
    by_date = text(client.get(page_of(proposal)))
    assert by_date.index("Avis 1") < by_date.index("Avis 2") and "Avis 3" not in by_date
    assert "Avis 3" in text(client.get(page_of(proposal), {"depuis": third.pk}))


def test_a_hidden_comment_shows_its_notice_and_keeps_its_replies(client, citizen, officer, proposal, comment):
    services.comment_create(author=citizen, target=proposal, body="Je réponds quand même", parent=comment)
    services.content_hide(target=comment, officer=officer, category="offensive", reason="Insulte.")
    content = text(client.get(page_of(proposal)))
    assert "Commentaire masqué par la modération le" in content and "Oui, et couvert." not in content
    assert "Je réponds quand même" in content


def test_a_reply_can_be_reported(client, citizen, dominique, proposal, comment):
    reply = services.comment_create(author=citizen, target=proposal, body="Spam !", parent=comment)
    client.force_login(dominique)
    response = client.post(page_of(proposal), {"action": "report_comment", "comment": reply.pk, "reason": "spam"})
    assert response.status_code == 302 and response["Location"].endswith(f"#commentaire-{reply.pk}")
    assert Report.objects.get().target == reply
