"""To anyone but its members, a private concertation answers on every page exactly as a slug that does not exist;
an unpublished one too, to anyone but officers. The slugs below have the same length, so that whole answers compare."""

import pytest
from django.test import Client

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Process

from ..factories import GRAND_PLACE_LILLE, make_process, point
from ..surveys.factories import make_survey

pytestmark = pytest.mark.django_db

PRIVATE, UNKNOWN = "reseau-prive", "reseau-vide0"
PAGES = [
    "/concertations/{slug}/",
    "/concertations/{slug}/propositions/nouvelle/",
    "/concertations/{slug}/propositions/{pk}/",
    "/concertations/{slug}/reunions/",
    "/concertations/{slug}/carte/",
    "/concertations/{slug}/questionnaires/",
    "/concertations/{slug}/questionnaires/deplacements/",
    "/concertations/{slug}/questionnaires/deplacements/resultats/",
    "/concertations/{slug}/bilan/",
    "/concertations/{slug}/bilan/reponses.csv",
    "/concertations/{slug}/bilan/reponses.csv?etat=inconnu",
    "/concertations/{slug}/donnees/propositions.geojson",
    "/concertations/{slug}/donnees/annotations.geojson",
    "/tiles/proposals/12/2082/1377.pbf?process={slug}",
    "/concertations/{slug}/lieu/?lon=3.063&lat=50.637",
]


@pytest.fixture
def member(db):
    return User.objects.create_user("lou@example.org", "Lou", "un-mot-de-passe-solide")


@pytest.fixture
def private_proposal(member):
    process = make_process(PRIVATE, is_private=True)
    process.members.add(member)
    make_survey(process)
    return services.proposal_create(
        author=member, process=process, title="Entre nous", body="Oui", geometry=point(*GRAND_PLACE_LILLE)
    )


def answer(client, template, slug, pk, method="get"):
    response = getattr(client, method)(template.format(slug=slug, pk=pk))
    body = response.content.replace(slug.encode(), b"<slug>")
    return response.status_code, response.get("Location", "").replace(slug, "<slug>"), body


def visitors(citizen):
    anonymous, outsider = Client(), Client()
    outsider.force_login(citizen)
    return {"anonymous": anonymous, "outsider": outsider}


@pytest.mark.parametrize("template", PAGES)
@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_private_concertation_answers_a_non_member_as_an_unknown_slug(citizen, private_proposal, template, who):
    client = visitors(citizen)[who]
    private = answer(client, template, PRIVATE, private_proposal.pk)
    assert private == answer(client, template, UNKNOWN, private_proposal.pk)
    assert private[0] in (302, 404)  # a login page for what asks an account whatever the slug


@pytest.mark.parametrize("template", PAGES[:3])
def test_a_post_into_a_private_concertation_answers_a_non_member_as_an_unknown_slug(
    citizen, private_proposal, template
):
    client = visitors(citizen)["outsider"]
    private = answer(client, template, PRIVATE, private_proposal.pk, method="post")
    assert private == answer(client, template, UNKNOWN, private_proposal.pk, method="post")
    assert private[0] == 404


@pytest.mark.parametrize("template", PAGES[:9])
def test_an_unpublished_concertation_answers_its_members_as_an_unknown_slug(member, private_proposal, template):
    Process.objects.filter(slug=PRIVATE).update(published=False)
    client = Client()
    client.force_login(member)
    assert answer(client, template, PRIVATE, private_proposal.pk) == answer(
        client, template, UNKNOWN, private_proposal.pk
    )


@pytest.mark.parametrize("template", PAGES[:8])
def test_a_member_opens_every_page_of_the_private_concertation(member, private_proposal, template):
    client = Client()
    client.force_login(member)
    assert client.get(template.format(slug=PRIVATE, pk=private_proposal.pk)).status_code == 200
