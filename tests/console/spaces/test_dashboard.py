"""The dashboard's figures of the day and its « À traiter en priorité » over every kind of contribution, within each
role's scope, in a bounded number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.debates import services as debates
from geoparticipation.debates.models import Debate
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal
from tests.factories import ACTIONS, GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, make_meeting, make_proposal, point, set_phases

pytestmark = pytest.mark.django_db

DASHBOARD = "/gestion/"


@pytest.fixture
def reporter(db):
    return User.objects.create_user("lectrice@example.org", "Lectrice", "un-mot-de-passe-solide")


@pytest.fixture
def dataset(process, other_process, proposal, citizen, reporter):
    """In plan-climat (Lille): a comment on the proposal, an annotation with a comment, a reported argument and a
    reported comment. In mobilite (Roubaix): a commented, reported proposal."""
    annotation = services.annotation_create(
        author=citizen, process=process, kind="probleme", comment="Trottoir étroit", geometry=point(*GRAND_PLACE_LILLE)
    )
    services.comment_create(author=citizen, target=annotation, body="Je confirme.")
    on_proposal = services.comment_create(author=citizen, target=proposal, body="Appelez le 06 00 00 00 00.")
    services.report_create(reporter=reporter, target=on_proposal, reason="personal_data")
    debate = Debate.objects.create(process=process, title="Piétonniser ?", published_at=timezone.now())
    argument = debates.argument_create(author=citizen, debate=debate, body="Oui, le dimanche.", stance="for")
    services.report_create(reporter=reporter, target=argument, reason="offensive")
    elsewhere = make_proposal(other_process, citizen, title="Une piste cyclable", where=MAIRIE_ROUBAIX)
    services.comment_create(author=citizen, target=elsewhere, body="Bonne idée.")
    services.report_create(reporter=reporter, target=elsewhere, reason="off_topic")
    return {"argument": argument, "comment": on_proposal, "elsewhere": elsewhere}


def figures_of(client, user):
    client.force_login(user)
    return client.get(DASHBOARD).context["figures"]


def test_an_officer_counts_the_comments_and_reports_of_every_kind_in_its_concertation(client, process_officer, dataset):
    figures = figures_of(client, process_officer)
    assert (figures.comments, figures.annotations, figures.arguments, figures.reports) == (2, 1, 1, 2)


def test_an_administrator_counts_everything(client, administrator, dataset):
    figures = figures_of(client, administrator)
    assert (figures.proposals, figures.comments, figures.reports) == (2, 3, 3)


def test_the_other_concertations_officer_counts_its_own_only(client, other_officer, dataset):
    figures = figures_of(client, other_officer)
    assert (figures.proposals, figures.comments, figures.annotations, figures.reports) == (1, 1, 0, 1)


def test_a_commune_officer_counts_its_communes_comments_and_has_no_reports_figure(client, commune_officer, dataset):
    client.force_login(commune_officer)
    response = client.get(DASHBOARD)
    figures = response.context["figures"]
    assert (figures.proposals, figures.comments, figures.annotations, figures.reports) == (1, 2, 1, None)
    assert response.context["priorities"]["reports"] == []
    assert "signalés" not in response.content.decode()


def test_a_hidden_content_is_no_longer_waiting(client, process_officer, officer, dataset):
    services.content_hide(target=dataset["argument"], officer=officer, category="offensive", reason="Insultant.")
    assert figures_of(client, process_officer).reports == 1


def test_the_priority_reports_name_the_kind_and_the_concertation_and_link_to_the_content(
    client, process_officer, dataset
):
    client.force_login(process_officer)
    page = client.get(DASHBOARD).content.decode()
    argument = reverse("console:moderation_item", args=["argument", dataset["argument"].pk])
    comment = reverse("console:moderation_item", args=["commentaire", dataset["comment"].pk])
    assert f'href="{argument}"' in page and f'href="{comment}"' in page
    assert "argument de « " in page and "commentaire de « " in page
    assert reverse("console:moderation_item", args=["proposition", dataset["elsewhere"].pk]) not in page


@pytest.fixture
def every_priority(process, proposal, dataset):
    Proposal.objects.filter(pk=proposal.pk).update(published_at=timezone.now() - datetime.timedelta(days=40))
    set_phases(process, ("Dernière ligne droite", -10, 3, set(ACTIONS)))
    make_meeting(process, ended=True)


def priority_links(page: str) -> list[str]:
    section = re.search(r'<ul class="spaces-priorities">(.*?)</ul>', page, re.S).group(1)
    return re.findall(r'href="([^"]+)"', section)


def test_every_priority_links_to_a_page_that_opens(client, administrator, every_priority):
    client.force_login(administrator)
    links = priority_links(client.get(DASHBOARD).content.decode())
    prefixes = ("/gestion/propositions/", "/gestion/moderation/", "/calendrier/", "/compte-rendu/")
    for prefix in prefixes:
        assert any(prefix in link for link in links), prefix
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("who", ["administrator", "process_officer", "commune_officer"])
def test_the_dashboard_reads_a_bounded_number_of_queries_whatever_the_data(
    client, request, who, process, citizen, reporter, every_priority, django_assert_max_num_queries
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    client.get(DASHBOARD)
    for n in range(8):
        proposal = make_proposal(process, citizen, title=f"Proposition {n}")
        comment = services.comment_create(author=citizen, target=proposal, body="Un avis.")
        services.report_create(reporter=reporter, target=proposal, reason="spam")
        services.report_create(reporter=reporter, target=comment, reason="spam")
    with django_assert_max_num_queries(30):
        assert client.get(DASHBOARD).status_code == 200
