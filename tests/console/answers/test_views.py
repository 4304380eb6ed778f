"""The answers' pages: who reaches them, what is due and late, answering one proposal in place or many at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from geoparticipation.console.models import AnswerTemplate
from geoparticipation.moderation.models import ModerationAction
from geoparticipation.participation.models import Proposal
from tests.factories import MAIRIE_ROUBAIX, make_proposal

ANSWER = {"state": "accepted", "answer": "La métropole installe l'abri au printemps."}


def published_days_ago(proposal, days):
    Proposal.objects.filter(pk=proposal.pk).update(published_at=timezone.now() - datetime.timedelta(days=days))


@pytest.fixture
def in_roubaix(process, citizen):
    return make_proposal(process, citizen, title="Un banc à Roubaix", where=MAIRIE_ROUBAIX)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("administrator", 200),
        ("process_officer", 200),
        ("other_officer", 200),
        ("commune_officer", 200),
        ("citizen", 403),
    ],
)
def test_the_answers_due_open_to_every_role(db, client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("console:answers")).status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in(client, process, proposal):
    for url in (
        reverse("console:answers"),
        reverse("console:proposal", args=[proposal.pk]),
        reverse("console:space_proposals", args=[process.slug]),
        reverse("console:answer_templates"),
    ):
        assert client.get(url).status_code == 302
    response = client.post(reverse("console:space_proposals_answer", args=[process.slug]), {"scope": "filter"})
    assert response.status_code == 302
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("administrator", 200),
        ("process_officer", 200),
        ("other_officer", 403),
        ("commune_officer", 403),
        ("citizen", 403),
    ],
)
def test_a_space_s_proposals_are_its_officers(client, request, process, proposal, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("console:space_proposals", args=[process.slug])).status_code == status
    response = client.post(
        reverse("console:space_proposals_answer", args=[process.slug]),
        {"scope": "selected", "proposals": [proposal.pk], "answer-state": "accepted", "answer-answer": "Oui."},
    )
    assert response.status_code == (302 if status == 200 else 403)
    proposal.refresh_from_db()
    assert (proposal.state == "accepted") == (status == 200)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("administrator", 302),
        ("process_officer", 302),
        ("other_officer", 403),
        ("commune_officer", 302),
        ("citizen", 403),
    ],
)
def test_whoever_has_the_proposal_in_scope_answers_it(client, request, proposal, who, status):
    client.force_login(request.getfixturevalue(who))
    url = reverse("console:proposal", args=[proposal.pk])
    assert client.get(url).status_code == (200 if status == 302 else 403)
    assert client.post(url, ANSWER).status_code == status
    proposal.refresh_from_db()
    assert (proposal.answer == ANSWER["answer"]) == (status == 302)


def test_a_commune_officer_answers_in_lille_not_in_roubaix(client, commune_officer, proposal, in_roubaix):
    client.force_login(commune_officer)
    assert client.post(reverse("console:proposal", args=[proposal.pk]), ANSWER).status_code == 302
    assert client.post(reverse("console:proposal", args=[in_roubaix.pk]), ANSWER).status_code == 403
    in_roubaix.refresh_from_db()
    assert not in_roubaix.answer
    action = ModerationAction.objects.get()
    assert action.object_id == proposal.pk and action.state == "accepted"


def test_a_commune_officer_sees_only_its_commune_s_due_answers(client, commune_officer, proposal, in_roubaix):
    client.force_login(commune_officer)
    content = client.get(reverse("console:answers")).content.decode()
    assert proposal.title in content and in_roubaix.title not in content


def test_the_due_answers_are_oldest_first_and_the_late_ones_say_by_how_many_days(
    client, process_officer, process, citizen
):
    recent = make_proposal(process, citizen, title="Une piste récente")
    late = make_proposal(process, citizen, title="Une piste ancienne")
    published_days_ago(late, 42)
    answered = make_proposal(process, citizen, title="Une piste répondue")
    published_days_ago(answered, 50)
    Proposal.objects.filter(pk=answered.pk).update(answered_at=timezone.now(), state="accepted")
    client.force_login(process_officer)

    content = client.get(reverse("console:answers")).content.decode()
    assert content.index(late.title) < content.index(recent.title)
    assert "en retard de 12 jours" in content
    assert answered.title not in content

    overdue_only = client.get(reverse("console:answers"), {"overdue": "on"}).content.decode()
    assert late.title in overdue_only and recent.title not in overdue_only


def test_a_bad_filter_is_a_french_error_not_a_crash(client, process_officer, process):
    client.force_login(process_officer)
    response = client.get(reverse("console:answers"), {"process": "inconnue"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert client.get(reverse("console:space_proposals", args=[process.slug]), {"sort": "n"}).status_code == 400


def test_the_due_answers_read_a_page_in_a_few_queries(
    client, process_officer, process, citizen, django_assert_max_num_queries
):
    for number in range(30):
        make_proposal(process, citizen, title=f"Proposition {number}")
    client.force_login(process_officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("console:answers"))
    with django_assert_max_num_queries(14):
        client.get(reverse("console:space_proposals", args=[process.slug]))


def test_a_withdrawn_proposal_cannot_be_answered(client, process_officer, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(state="withdrawn", withdrawn_at=timezone.now())
    client.force_login(process_officer)
    url = reverse("console:proposal", args=[proposal.pk])
    assert "ne reçoit plus de réponse" in client.get(url).content.decode()
    response = client.post(url, ANSWER)
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn" and not proposal.answer
    assert not ModerationAction.objects.exists()


def test_an_answer_needs_its_motivation(client, process_officer, proposal):
    client.force_login(process_officer)
    response = client.post(reverse("console:proposal", args=[proposal.pk]), {"state": "rejected", "answer": " "})
    assert response.status_code == 400
    assert "Écrivez la réponse" in response.content.decode()
    response = client.post(reverse("console:proposal", args=[proposal.pk]), {"state": "withdrawn", "answer": "Non."})
    assert response.status_code == 400


def test_the_space_lists_hidden_and_withdrawn_proposals_marked(client, process_officer, process, citizen):
    hidden = make_proposal(process, citizen, title="Une proposition masquée")
    Proposal.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    withdrawn = make_proposal(process, citizen, title="Une proposition retirée")
    Proposal.objects.filter(pk=withdrawn.pk).update(state="withdrawn", withdrawn_at=timezone.now())
    client.force_login(process_officer)
    content = client.get(reverse("console:space_proposals", args=[process.slug])).content.decode()
    assert hidden.title in content and "Masquée" in content
    assert withdrawn.title in content and "Retirée</span>" in content


def test_a_bulk_answer_answers_the_filtered_set_through_the_service(client, process_officer, process, citizen):
    mine = [
        make_proposal(process, citizen, title=f"Un abri {n}", theme=process.themes.get(slug="climat")) for n in range(3)
    ]
    other_theme = make_proposal(process, citizen, title="Un parking", theme=process.themes.get(slug="mobilite"))
    withdrawn = mine[0]
    Proposal.objects.filter(pk=withdrawn.pk).update(state="withdrawn", withdrawn_at=timezone.now())
    client.force_login(process_officer)

    response = client.post(
        reverse("console:space_proposals_answer", args=[process.slug]),
        {"scope": "filter", "theme": "climat", "answer-state": "evaluating", "answer-answer": "À l'étude."},
        follow=True,
    )

    content = response.content.decode()
    assert "2 proposition(s) ont reçu la réponse" in content
    assert "1 proposition(s) retirée(s)" in content
    assert set(Proposal.objects.filter(state="evaluating").values_list("pk", flat=True)) == {mine[1].pk, mine[2].pk}
    assert ModerationAction.objects.filter(action="answer").count() == 2
    other_theme.refresh_from_db()
    assert other_theme.state == "published"


def test_a_bulk_answer_of_more_than_500_is_refused(client, process_officer, process, citizen, monkeypatch):
    monkeypatch.setattr("geoparticipation.console.answers.views.BULK_LIMIT", 2)
    for number in range(3):
        make_proposal(process, citizen, title=f"Un abri {number}")
    client.force_login(process_officer)
    response = client.post(
        reverse("console:space_proposals_answer", args=[process.slug]),
        {"scope": "filter", "answer-state": "accepted", "answer-answer": "Oui."},
        follow=True,
    )
    assert "précisez le filtre" in response.content.decode()
    assert not Proposal.objects.filter(state="accepted").exists()


def test_the_bulk_answer_only_touches_the_space_s_proposals(client, process_officer, process, other_process, citizen):
    foreign = make_proposal(other_process, citizen, title="Ailleurs")
    client.force_login(process_officer)
    client.post(
        reverse("console:space_proposals_answer", args=[process.slug]),
        {"scope": "selected", "proposals": [foreign.pk], "answer-state": "accepted", "answer-answer": "Oui."},
    )
    foreign.refresh_from_db()
    assert foreign.state == "published"


@pytest.mark.parametrize(
    ("who", "status"),
    [("administrator", 200), ("process_officer", 200), ("commune_officer", 403), ("citizen", 403)],
)
def test_the_answer_templates_are_the_spaces_officers(db, client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("console:answer_templates")).status_code == status


def test_an_officer_writes_templates_for_its_concertation_only(client, process_officer, process, other_process):
    client.force_login(process_officer)
    url = reverse("console:answer_templates")
    data = {"state": "accepted", "title": "Accord", "text": "Nous retenons votre idée."}
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "process": other_process.pk}).status_code == 400
    assert client.post(url, {**data, "process": process.pk}).status_code == 302
    assert AnswerTemplate.objects.get().process == process


def test_an_administrator_writes_global_templates_and_others_cannot_delete_them(client, administrator, process_officer):
    client.force_login(administrator)
    url = reverse("console:answer_templates")
    client.post(url, {"state": "rejected", "title": "Hors sujet", "text": "Hors du champ de la concertation."})
    template = AnswerTemplate.objects.get(process=None)
    client.force_login(process_officer)
    assert client.post(reverse("console:answer_template_delete", args=[template.pk])).status_code == 404
    client.force_login(administrator)
    assert client.post(reverse("console:answer_template_delete", args=[template.pk])).status_code == 302
    assert not AnswerTemplate.objects.exists()


def test_the_proposal_page_shows_the_templates_and_the_history(client, process_officer, process, proposal):
    AnswerTemplate.objects.create(state="accepted", title="Accord climat", text="Retenue.", process=process)
    AnswerTemplate.objects.create(state="accepted", title="Accord ailleurs", text="Non.", process=None)
    client.force_login(process_officer)
    url = reverse("console:proposal", args=[proposal.pk])
    client.post(url, ANSWER)
    content = client.get(url).content.decode()
    assert "Accord climat" in content and "Accord ailleurs" in content
    assert 'name="body"' not in content
    assert "Historique des réponses" in content and "installe l&#x27;abri au printemps" in content


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("administrator", 302),
        ("process_officer", 302),
        ("other_officer", 404),
        ("commune_officer", 403),
        ("citizen", 403),
    ],
)
def test_a_concertation_s_template_is_deleted_by_its_officers(client, request, process, who, status):
    template = AnswerTemplate.objects.create(state="accepted", title="Accord", text="Retenue.", process=process)
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("console:answer_template_delete", args=[template.pk])).status_code == status
    assert AnswerTemplate.objects.filter(pk=template.pk).exists() == (status != 302)


def test_a_template_is_deleted_by_post_only(client, process_officer, process):
    template = AnswerTemplate.objects.create(state="accepted", title="Accord", text="Retenue.", process=process)
    client.force_login(process_officer)
    assert client.get(reverse("console:answer_template_delete", args=[template.pk])).status_code == 405
    assert client.get(reverse("console:space_proposals_answer", args=[process.slug])).status_code == 405
