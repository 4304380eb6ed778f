"""The bilan's number of participants, kept by triggers: every write, deletion and moderation decision moves it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from geoparticipation import dbobjects
from geoparticipation.analysis.report import key_figures
from geoparticipation.participation.models import Annotation, Comment, Proposal, Support

from ..factories import make_process
from .helpers import annotate, person, propose

pytestmark = pytest.mark.django_db


def participants(process):
    return key_figures(process)["participants"]


def counted_by_hand(process):
    """Who the bilan counts, read from the contributions themselves: what the kept count must always equal."""
    proposals = Proposal.objects.public().filter(process=process)
    people = set(proposals.values_list("author_id", flat=True))
    people |= set(Annotation.objects.public().filter(process=process).values_list("author_id", flat=True))
    people |= set(
        Comment.objects.published()
        .filter(content_type=ContentType.objects.get_for_model(Proposal), object_id__in=proposals.values("pk"))
        .values_list("author_id", flat=True)
    )
    people |= set(Support.objects.filter(proposal__in=proposals).values_list("user_id", flat=True))
    return len(people - {None})


def comment(proposal, author, body="Bonne idée."):
    return Comment.objects.create(target=proposal, author=author, body=body)


def test_a_person_who_contributes_several_times_is_one_participant(process):
    alice, bruno, chloe = person("Alice"), person("Bruno"), person("Chloe")
    velo = propose(process, alice, "Vélo")
    propose(process, alice, "Bus")
    annotate(process, alice, "Trou")
    comment(velo, bruno)
    comment(velo, bruno, "Et des arceaux.")
    Support.objects.create(proposal=velo, user=bruno)
    Support.objects.create(proposal=velo, user=chloe)

    assert participants(process) == 3 == counted_by_hand(process)


def test_each_concertation_counts_its_own_participants(process):
    other = make_process("autre-concertation")
    alice, bruno = person("Alice"), person("Bruno")
    propose(process, alice, "Vélo")
    Support.objects.create(proposal=propose(other, bruno, "Bus"), user=alice)

    assert (participants(process), participants(other)) == (1, 2)


def test_deleting_a_persons_only_contribution_removes_them(process):
    alice, bruno = person("Alice"), person("Bruno")
    velo = propose(process, alice, "Vélo")
    support = Support.objects.create(proposal=velo, user=bruno)
    note = comment(velo, bruno)
    assert participants(process) == 2

    support.delete()
    assert participants(process) == 2  # Bruno still has his comment
    note.delete()
    assert participants(process) == 1 == counted_by_hand(process)


def test_hiding_a_proposal_removes_its_author_and_those_who_only_supported_or_commented_it(process):
    alice, bruno, chloe, david = person("Alice"), person("Bruno"), person("Chloe"), person("David")
    velo = propose(process, alice, "Vélo")
    Support.objects.create(proposal=velo, user=bruno)
    comment(velo, chloe)
    Support.objects.create(proposal=propose(process, david, "Bus"), user=chloe)
    assert participants(process) == 4

    Proposal.objects.filter(pk=velo.pk).update(hidden_at=timezone.now(), hidden_reason="Hors charte")
    assert participants(process) == 2 == counted_by_hand(process)  # David, and Chloe who supported his

    Proposal.objects.filter(pk=velo.pk).update(hidden_at=None)
    assert participants(process) == 4 == counted_by_hand(process)


def test_a_hidden_comment_no_longer_counts_its_author_and_one_shown_again_does(process):
    alice, bruno = person("Alice"), person("Bruno")
    note = comment(propose(process, alice, "Vélo"), bruno)

    Comment.objects.filter(pk=note.pk).update(hidden_at=timezone.now())
    assert participants(process) == 1
    Comment.objects.filter(pk=note.pk).update(hidden_at=None)
    assert participants(process) == 2


def test_an_unpublished_proposal_counts_once_published(process):
    alice, bruno = person("Alice"), person("Bruno")
    draft = propose(process, alice, "Vélo")
    Proposal.objects.filter(pk=draft.pk).update(published_at=None)
    annotate(process, bruno, "Trou")
    assert participants(process) == 1

    Proposal.objects.filter(pk=draft.pk).update(published_at=timezone.now())
    assert participants(process) == 2


def test_a_proposal_moved_to_another_concertation_takes_its_people_along(process):
    other = make_process("autre-concertation")
    alice, bruno = person("Alice"), person("Bruno")
    velo = propose(process, alice, "Vélo")
    Support.objects.create(proposal=velo, user=bruno)

    Proposal.objects.filter(pk=velo.pk).update(process=other)
    assert (participants(process), participants(other)) == (0, 2)


def test_a_deleted_account_is_no_longer_a_participant(process):
    alice, bruno = person("Alice"), person("Bruno")
    velo = propose(process, alice, "Vélo")
    Support.objects.create(proposal=velo, user=bruno)
    comment(velo, bruno)
    annotate(process, bruno, "Trou")

    bruno.delete()
    assert participants(process) == 1 == counted_by_hand(process)


def test_deleting_a_proposal_removes_its_supporters_and_commenters(process):
    alice, bruno, chloe = person("Alice"), person("Bruno"), person("Chloe")
    velo = propose(process, alice, "Vélo")
    Support.objects.create(proposal=velo, user=bruno)
    comment(velo, chloe)
    propose(process, chloe, "Bus")

    velo.delete()
    assert participants(process) == 1 == counted_by_hand(process)


def test_bulk_statements_over_many_rows_keep_the_count_exact(process):
    people = [person(f"P{i}") for i in range(30)]
    proposals = [propose(process, people[i % 10], f"Proposition {i}") for i in range(20)]
    Support.objects.bulk_create([Support(proposal=p, user=u) for p in proposals[:5] for u in people[10:25]])
    Comment.objects.bulk_create(
        [Comment(target=p, author=u, body="Oui.") for p in proposals[5:10] for u in people[20:30]]
    )
    assert participants(process) == 30 == counted_by_hand(process)

    Proposal.objects.filter(pk__in=[p.pk for p in proposals[:7]]).update(hidden_at=timezone.now())
    assert participants(process) == counted_by_hand(process)
    Comment.objects.filter(author__in=people[25:]).update(hidden_at=timezone.now())
    assert participants(process) == counted_by_hand(process)
    Support.objects.filter(user__in=people[10:15]).delete()
    assert participants(process) == counted_by_hand(process)
    Proposal.objects.update(hidden_at=None)
    assert participants(process) == counted_by_hand(process)


def test_a_migrate_recounts_the_participants_from_the_contributions(process):
    alice, bruno = person("Alice"), person("Bruno")
    Support.objects.create(proposal=propose(process, alice, "Vélo"), user=bruno)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE analysis_participant")
    assert participants(process) == 0

    dbobjects.install()
    assert participants(process) == 2
