"""Replies one level deep, « D'accord / Pas d'accord » votes counted by the database, and a thread paged in order of
date or of votes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from geoparticipation.accounts.models import User
from geoparticipation.dbobjects import install
from geoparticipation.participation import rules, services
from geoparticipation.participation.models import Comment, CommentVote
from geoparticipation.participation.selectors import comment_thread

from ..factories import make_process, make_proposal, set_phases

pytestmark = pytest.mark.django_db

AGREE, DISAGREE = CommentVote.Value.AGREE, CommentVote.Value.DISAGREE


@pytest.fixture
def dominique(db):
    return User.objects.create_user("dominique@example.org", "Dominique")


@pytest.fixture
def comment(proposal, dominique):
    return services.comment_create(author=dominique, target=proposal, body="Oui, et couvert.")


def counts(comment):
    comment.refresh_from_db()
    return comment.agrees_count, comment.disagrees_count


def test_a_reply_joins_its_comment_s_thread_and_a_reply_to_a_reply_joins_the_top_comment(proposal, citizen, comment):
    reply = services.comment_create(author=citizen, target=proposal, body="Merci !", parent=comment)
    again = services.comment_create(author=comment.author, target=proposal, body="De rien.", parent=reply)
    assert reply.parent == again.parent == comment
    proposal.refresh_from_db()
    assert proposal.comments_count == 3  # replies are comments of the proposal


def test_a_reply_to_a_hidden_comment_or_to_another_thread_is_refused(proposal, citizen, officer, comment):
    other = make_proposal(proposal.process, citizen, title="Un banc")
    with pytest.raises(ValidationError, match="n'appartient pas à cette discussion"):
        services.comment_create(author=citizen, target=other, body="Hors sujet", parent=comment)
    services.content_hide(target=comment, officer=officer, category="spam", reason="Publicité.")
    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="masqué par la modération"):
        services.comment_create(author=citizen, target=proposal, body="Et alors ?", parent=comment)
    assert Comment.objects.count() == 1


def test_replies_and_votes_follow_the_comments_rule_of_the_phase(process, proposal, citizen, comment):
    set_phases(process, ("Soutiens seulement", -5, 5, {"supports"}))
    process = type(process).objects.get(pk=process.pk)
    comment = Comment.objects.get(pk=comment.pk)
    with pytest.raises(rules.NotAllowedNow, match="n'accepte pas de commentaires"):
        services.comment_create(author=citizen, target=proposal, body="Tard", parent=comment)
    with pytest.raises(rules.NotAllowedNow, match="n'accepte pas de commentaires"):
        services.comment_vote(user=citizen, comment=comment, value=AGREE)
    assert not CommentVote.objects.exists()


def test_a_vote_is_counted_once_changed_in_place_and_withdrawn(citizen, comment, officer):
    services.comment_vote(user=citizen, comment=comment, value=AGREE)
    services.comment_vote(user=citizen, comment=comment, value=AGREE)
    services.comment_vote(user=officer, comment=comment, value=AGREE)
    assert counts(comment) == (2, 0)
    services.comment_vote(user=citizen, comment=comment, value=DISAGREE)
    assert counts(comment) == (1, 1)
    assert CommentVote.objects.filter(comment=comment).count() == 2
    services.comment_vote(user=citizen, comment=comment, value=None)
    assert counts(comment) == (1, 0)


def test_the_counts_follow_any_statement_and_are_recounted_at_migrate(citizen, officer, comment):
    CommentVote.objects.bulk_create(
        [CommentVote(user=citizen, comment=comment, value=-1), CommentVote(user=officer, comment=comment, value=-1)]
    )
    assert counts(comment) == (0, 2)
    CommentVote.objects.filter(comment=comment).update(value=1)
    assert counts(comment) == (2, 0)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE participation_comment SET agrees_count = 40 WHERE id = %s", [comment.pk])
    install()
    assert counts(comment) == (2, 0)


def test_one_cannot_vote_on_one_s_own_nor_on_a_hidden_comment(citizen, comment, officer, dominique):
    with pytest.raises(ValidationError, match="votre propre commentaire"):
        services.comment_vote(user=dominique, comment=comment, value=AGREE)
    services.content_hide(target=comment, officer=officer, category="spam", reason="Publicité.")
    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="masqué"):
        services.comment_vote(user=citizen, comment=comment, value=AGREE)
    with pytest.raises(ValidationError, match="D'accord"):
        services.comment_vote(user=citizen, comment=comment, value=7)
    assert not CommentVote.objects.exists()


def test_an_account_deleted_leaves_its_votes_counted_without_it(citizen, comment):
    services.comment_vote(user=citizen, comment=comment, value=AGREE)
    citizen.delete()
    assert counts(comment) == (1, 0)
    assert CommentVote.objects.get(comment=comment).user is None


def test_the_thread_is_paged_oldest_first_with_replies_under_their_comment(proposal, citizen, dominique):
    tops = [services.comment_create(author=dominique, target=proposal, body=f"Avis {n}") for n in range(5)]
    reply = services.comment_create(author=citizen, target=proposal, body="Réponse", parent=tops[3])
    first = comment_thread(proposal, size=2)
    assert [c.body for c in first.comments] == ["Avis 0", "Avis 1"]
    second = comment_thread(proposal, start=first.next_start, size=2)
    assert [c.body for c in second.comments] == ["Avis 2", "Avis 3"]
    assert second.comments[1].thread_replies == [reply]
    last = comment_thread(proposal, start=second.next_start, size=2)
    assert [c.body for c in last.comments] == ["Avis 4"] and last.next_start is None
    # A reply's id opens the page of its top comment.
    assert comment_thread(proposal, start=reply.pk, size=2).comments[0] == tops[3]


def test_the_thread_sorted_by_votes_puts_the_most_agreed_first(proposal, citizen, officer, dominique):
    quiet, loved, liked = (services.comment_create(author=dominique, target=proposal, body=b) for b in "abc")
    for user in (citizen, officer):
        services.comment_vote(user=user, comment=loved, value=AGREE)
    services.comment_vote(user=citizen, comment=liked, value=AGREE)
    services.comment_vote(user=officer, comment=quiet, value=DISAGREE)
    page = comment_thread(proposal, sort="votes", size=2, user=citizen)
    assert page.comments == [loved, liked]
    assert [c.my_vote for c in page.comments] == [AGREE, AGREE]
    assert comment_thread(proposal, sort="votes", start=page.next_start, size=2).comments == [quiet]


def test_a_hidden_comment_keeps_its_place_and_its_replies(proposal, citizen, officer, comment):
    reply = services.comment_create(author=citizen, target=proposal, body="Je réponds", parent=comment)
    services.content_hide(target=comment, officer=officer, category="offensive", reason="Insulte.")
    [shown] = comment_thread(proposal).comments
    assert shown.hidden_at is not None and shown.thread_replies == [reply]


def test_a_thread_page_costs_the_same_queries_however_long(proposal, citizen, dominique, django_assert_max_num_queries):
    for n in range(30):
        parent = services.comment_create(author=dominique, target=proposal, body=f"Avis {n}")
        services.comment_create(author=citizen, target=proposal, body="Réponse", parent=parent)
    start = Comment.objects.filter(parent__isnull=True).order_by("pk")[10].pk
    with django_assert_max_num_queries(6):
        page = comment_thread(proposal, start=start, size=10, user=citizen)
        assert sum(len(c.thread_replies) for c in page.comments) == 10


def test_unknown_or_foreign_starts_open_the_first_page(proposal, citizen, comment):
    other = make_proposal(make_process("autre"), citizen, title="Ailleurs")
    elsewhere = services.comment_create(author=citizen, target=other, body="Ailleurs")
    for start in ("abc", "0", str(2**70), str(elsewhere.pk), None):
        assert comment_thread(proposal, start=start).comments == [comment]
