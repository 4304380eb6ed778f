"""Each phase says what it takes; outside every phase nothing is taken, and every service refuses with the reason."""

import pytest

from geoparticipation.accounts.models import User
from geoparticipation.participation import rules, services
from geoparticipation.participation.models import Comment, Process, Proposal, Support

from ..factories import ACTIONS, GRAND_PLACE_LILLE, make_proposal, point, set_phases

pytestmark = pytest.mark.django_db

LINE = {"type": "LineString", "coordinates": [[3.06, 50.63], [3.07, 50.64]]}


@pytest.fixture
def restitution(process, proposal):
    """Camille's proposal in a concertation whose current phase, « Restitution », takes comments only."""
    set_phases(process, ("Propositions", -30, -1, ACTIONS), ("Restitution", 0, 30, ("comments",)))
    return proposal


def test_a_phase_takes_what_it_allows_and_refuses_the_rest_with_the_phase_s_name(process):
    set_phases(process, ("Propositions", -30, -1, ACTIONS), ("Restitution", 0, 30, ("comments",)))
    process = Process.objects.get(pk=process.pk)
    assert rules.refusals(process) == {
        "proposals": "La phase « Restitution » n'accepte plus de propositions.",
        "supports": "La phase « Restitution » n'accepte plus de soutiens.",
        "comments": None,
        "annotations": "La phase « Restitution » n'accepte plus d'annotations.",
        "survey_answers": "La phase « Restitution » n'accepte plus de réponses aux questionnaires.",
        "arguments": "La phase « Restitution » n'accepte plus d'arguments dans ses débats.",
        "argument_supports": "La phase « Restitution » n'accepte plus de soutiens aux arguments.",
    }


def test_the_reason_says_not_yet_when_a_later_phase_takes_it(process):
    set_phases(process, ("Diagnostic", 0, 10, ("comments",)), ("Propositions", 11, 40, ACTIONS))
    assert rules.refusal(process, rules.SUPPORTS) == "La phase « Diagnostic » n'accepte pas encore de soutiens."


def test_the_reason_says_not_when_no_phase_takes_it(process):
    set_phases(process, ("Échanges", -5, 5, ("comments",)))
    assert rules.refusal(process, rules.ANNOTATIONS) == "La phase « Échanges » n'accepte pas d'annotations."


@pytest.mark.parametrize(
    ("calendar", "reason"),
    [
        ([("Propositions", 5, 30, ACTIONS)], "Cette concertation n'a pas encore commencé : elle n'accepte pas encore "),
        ([("Propositions", -30, -1, ACTIONS)], "Cette concertation est terminée : elle n'accepte plus "),
        (
            [("Avant", -30, -1, ACTIONS), ("Après", 1, 30, ACTIONS)],
            "Cette concertation est entre deux phases : elle n'accepte pas ",
        ),
        ([], "Cette concertation n'a pas encore commencé : elle n'accepte pas encore "),
    ],
    ids=["before", "after", "between", "no calendar"],
)
def test_outside_every_phase_nothing_is_taken_even_when_every_phase_allows_everything(process, calendar, reason):
    set_phases(process, *calendar)
    assert all(refused.startswith(reason) for refused in rules.refusals(process).values())


def test_the_rules_cost_no_query_once_the_calendar_is_read(process, django_assert_num_queries):
    for_contributing = Process.objects.for_contributing().get(pk=process.pk)
    prefetched = Process.objects.prefetch_related("phases").get(pk=process.pk)
    everything = dict.fromkeys(ACTIONS)
    with django_assert_num_queries(0):
        assert rules.refusals(for_contributing) == rules.refusals(prefetched) == everything
        assert for_contributing.current_phase.title == prefetched.current_phase.title == "Propositions"


def test_existing_phases_allow_everything_so_a_running_concertation_is_unchanged(process):
    assert all(reason is None for reason in rules.refusals(process).values())


def test_no_proposal_nor_annotation_is_created_in_a_phase_that_refuses_them(restitution, citizen):
    process = restitution.process
    with pytest.raises(rules.NotAllowedNow, match="« Restitution » n'accepte plus de propositions"):
        make_proposal(process, citizen, title="Trop tard")
    with pytest.raises(rules.NotAllowedNow, match="« Restitution » n'accepte plus d'annotations"):
        services.annotation_create(author=citizen, process=process, kind="idee", comment="Ici", geometry=LINE)
    assert Proposal.objects.count() == 1


def test_a_support_is_neither_given_nor_withdrawn_once_the_phase_refuses_supports(process, proposal, citizen):
    services.support_create(user=citizen, proposal=proposal)
    set_phases(process, ("Propositions", -30, -1, ACTIONS), ("Restitution", 0, 30, ("comments",)))
    other = User.objects.create_user("sam@example.org", "Sam", "un-mot-de-passe-solide")
    with pytest.raises(rules.NotAllowedNow, match="n'accepte plus de soutiens"):
        services.support_create(user=other, proposal=proposal)
    with pytest.raises(rules.NotAllowedNow, match="n'accepte plus de soutiens"):
        services.support_delete(user=citizen, proposal=proposal)
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1


def test_a_comment_is_refused_once_the_concertation_is_over(process, proposal, citizen):
    set_phases(process, ("Propositions", -30, -1, ACTIONS))
    with pytest.raises(
        rules.NotAllowedNow, match="Cette concertation est terminée : elle n'accepte plus de commentaires"
    ):
        services.comment_create(author=citizen, target=proposal, body="Bravo")
    assert not Comment.objects.exists()


def test_the_phase_that_takes_comments_only_takes_them(restitution, citizen):
    comment = services.comment_create(author=citizen, target=restitution, body="Merci pour la réponse")
    assert comment.pk is not None


def test_a_proposal_is_placed_and_supported_while_the_phase_allows_it(process, citizen):
    set_phases(process, ("Propositions", -1, 1, ("proposals", "supports")))
    proposal = services.proposal_create(
        author=citizen, process=process, title="Un banc", body="Ici.", geometry=point(*GRAND_PLACE_LILLE)
    )
    assert services.support_create(user=citizen, proposal=proposal)[1] is True
