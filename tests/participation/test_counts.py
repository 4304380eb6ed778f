"""supports_count and comments_count follow the rows on every path, by database triggers (sql/post_30_counts.sql)."""

import pytest
from django.urls import reverse

from geoparticipation import dbobjects
from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, Proposal, Support

from ..factories import GRAND_PLACE_LILLE, point

pytestmark = pytest.mark.django_db


def supporters(n):
    return [User.objects.create_user(f"soutien{i}@example.org", f"Soutien{i}") for i in range(n)]


def counts(proposal):
    proposal.refresh_from_db()
    return proposal.supports_count, proposal.comments_count


def test_deleting_a_comment_in_the_back_office_lowers_the_count_of_its_proposal(client, officer, proposal, citizen):
    comment = services.comment_create(author=citizen, target=proposal, body="Un commentaire")
    services.comment_create(author=citizen, target=proposal, body="Un autre")
    officer.is_superuser = True
    officer.save()
    client.force_login(officer)

    response = client.post(reverse("admin:participation_comment_delete", args=[comment.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert counts(proposal) == (0, 1)


def test_supports_written_and_deleted_in_bulk_are_counted(proposal):
    Support.objects.bulk_create(Support(proposal=proposal, user=user) for user in supporters(5))
    assert counts(proposal) == (5, 0)
    Support.objects.filter(user__pseudonym__in=["Soutien0", "Soutien1"]).delete()
    assert counts(proposal) == (3, 0)


def test_a_hidden_comment_is_not_counted_and_counts_again_once_restored(proposal, citizen, officer):
    comment = services.comment_create(author=citizen, target=proposal, body="Message publicitaire")
    services.content_hide(target=comment, officer=officer, category="spam", reason="Publicité")
    assert counts(proposal) == (0, 0)
    services.content_unhide(target=comment, officer=officer)
    assert counts(proposal) == (0, 1)


def test_a_support_moved_to_another_proposal_is_counted_there(process, proposal, citizen):
    other = services.proposal_create(
        author=citizen, process=process, title="Des bancs", body="Aussi.", geometry=point(*GRAND_PLACE_LILLE)
    )
    [user] = supporters(1)
    services.support_create(user=user, proposal=proposal)
    Support.objects.filter(user=user).update(proposal=other)
    assert counts(proposal) == (0, 0)
    assert counts(other) == (1, 0)


def test_a_comment_on_something_else_than_a_proposal_counts_nowhere(proposal, citizen, process):
    annotation = services.annotation_create(
        author=citizen, process=process, kind="idee", comment="Ici", geometry=point(*GRAND_PLACE_LILLE)
    )
    Comment.objects.create(target=annotation, author=citizen, body="Sur l'annotation")
    assert Proposal.objects.filter(comments_count__gt=0).count() == 0


def test_each_migrate_recounts_what_was_written_with_the_triggers_off(proposal, citizen):
    services.comment_create(author=citizen, target=proposal, body="Un commentaire")
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=42, comments_count=7)
    dbobjects.install()
    assert counts(proposal) == (0, 1)
