"""Simultaneous votes of one person on one comment leave one vote, counted once."""

import threading

from django.db import connection

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, CommentVote

from ..factories import make_process, make_proposal


def test_simultaneous_votes_from_one_person_leave_one_counted_vote(committed_territory):
    author = User.objects.create_user("auteur@example.org", "Auteur")
    voter = User.objects.create_user("double@example.org", "DoubleClic")
    proposal = make_proposal(make_process(), author)
    comment = services.comment_create(author=author, target=proposal, body="Oui.")
    start = threading.Barrier(8)
    errors = []

    def click(value):
        try:
            start.wait()
            services.comment_vote(user=voter, comment=comment, value=value)
        except Exception as exc:  # noqa: BLE001 - any failure in a thread must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(1 if n % 2 else -1,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    [vote] = CommentVote.objects.filter(comment=comment)
    comment = Comment.objects.get(pk=comment.pk)
    assert (comment.agrees_count, comment.disagrees_count) == ((1, 0) if vote.value == 1 else (0, 1))
