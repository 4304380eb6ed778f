"""A private concertation through the REST API: its members contribute like anywhere else; to anyone else its slug
and its ids answer exactly as a slug or an id that does not exist."""

import pytest
from rest_framework.test import APIClient

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Comment, Follow, Process, Proposal, Report, Support

from ..factories import GRAND_PLACE_LILLE, make_process, point

pytestmark = pytest.mark.django_db
PIN = {"type": "Point", "coordinates": list(GRAND_PLACE_LILLE)}


@pytest.fixture
def private(citizen):
    process = make_process("reseau", is_private=True)
    process.members.add(citizen)
    return process


@pytest.fixture
def outsider(db):
    return User.objects.create_user("dominique@example.org", "Dominique", "un-mot-de-passe-solide")


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def proposal_body(slug):
    return {"type": "Feature", "geometry": PIN, "properties": {"process": slug, "title": "Entre nous", "body": "Oui"}}


def annotation_body(slug):
    return {"process": slug, "kind": "idee", "comment": "Entre nous", "geometry": PIN}


def answer(response):
    return response.status_code, response.content


@pytest.mark.parametrize(
    ("url", "body", "model"),
    [("/api/v1/proposals/", proposal_body, Proposal), ("/api/v1/annotations/", annotation_body, Annotation)],
)
def test_a_member_gets_a_201_with_the_feature_in_the_layer_s_columns(citizen, private, process, url, body, model):
    response = client_of(citizen).post(url, body("reseau"), format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert model.objects.get(pk=created["id"]).process == private
    assert created["properties"]["process"] == "reseau"
    assert created["properties"]["author"] == "Camille59"
    public = client_of(citizen).post(url, body("plan-climat"), format="json").json()
    assert created.keys() == public.keys()
    assert created["properties"].keys() == public["properties"].keys()
    assert created["geometry"] == public["geometry"]


@pytest.mark.parametrize(
    "url, body", [("/api/v1/proposals/", proposal_body), ("/api/v1/annotations/", annotation_body)]
)
def test_to_a_non_member_a_private_slug_answers_exactly_as_an_unknown_one(outsider, private, url, body):
    Process.objects.filter(pk=private.pk).update(slug="reseau-prive")
    client = client_of(outsider)
    # The slugs have the same length, so that even the bodies' lengths match once the slug is swapped.
    private_answer = answer(client.post(url, body("reseau-prive"), format="json"))
    unknown_answer = answer(client.post(url, body("reseau-vide!"), format="json"))
    assert private_answer[0] == unknown_answer[0] == 404
    assert private_answer[1].replace(b"reseau-prive", b"<slug>") == unknown_answer[1].replace(
        b"reseau-vide!", b"<slug>"
    )
    assert not Proposal.objects.exists() and not Annotation.objects.exists()


def test_an_unpublished_concertation_answers_as_an_unknown_one_to_its_members_too(citizen, private):
    Process.objects.filter(pk=private.pk).update(published=False)
    response = client_of(citizen).post("/api/v1/proposals/", proposal_body("reseau"), format="json")
    assert answer(response) == (404, '{"detail":"Aucune concertation n\'a pour identifiant « reseau »."}'.encode())


def test_an_anonymous_visitor_gets_the_same_401_for_a_private_and_an_unknown_slug(private):
    responses = [APIClient().post("/api/v1/proposals/", proposal_body(slug), format="json") for slug in ("reseau", "r")]
    assert answer(responses[0]) == answer(responses[1])
    assert responses[0].status_code == 401


ACTIONS = [
    ("post", "support/", {}),
    ("delete", "support/", {}),
    ("get", "comments/", {}),
    ("post", "comments/", {"body": "Bonjour"}),
    ("post", "follow/", {}),
    ("post", "report/", {"reason": "spam"}),
]


@pytest.fixture
def private_proposal(private, citizen):
    return services.proposal_create(
        author=citizen, process=private, title="Entre nous", body="Oui", geometry=point(*GRAND_PLACE_LILLE)
    )


@pytest.mark.parametrize(("method", "action", "body"), ACTIONS)
def test_a_private_proposal_id_answers_a_non_member_exactly_as_an_unknown_id(
    outsider, private_proposal, method, action, body
):
    client = client_of(outsider)
    unknown = private_proposal.pk + 1000
    private_answer = answer(getattr(client, method)(f"/api/v1/proposals/{private_proposal.pk}/{action}", body, "json"))
    unknown_answer = answer(getattr(client, method)(f"/api/v1/proposals/{unknown}/{action}", body, "json"))
    assert private_answer[0] == 404, private_answer
    assert private_answer == unknown_answer
    assert not Support.objects.exists() and not Comment.objects.exists()
    assert not Follow.objects.exists() and not Report.objects.exists()


def test_a_member_supports_comments_follows_and_reports_a_private_proposal(private_proposal):
    member = User.objects.create_user("lou@example.org", "Lou", "un-mot-de-passe-solide")
    private_proposal.process.members.add(member)
    client, url = client_of(member), f"/api/v1/proposals/{private_proposal.pk}/"
    assert client.post(url + "support/").json() == {"supported": True, "supports_count": 1}
    assert client.post(url + "comments/", {"body": "D'accord"}, format="json").status_code == 201
    assert [c["body"] for c in client.get(url + "comments/").json()] == ["D'accord"]
    assert client.post(url + "follow/").status_code == 201
    assert client.post(url + "report/", {"reason": "off_topic"}, format="json").status_code == 201


def test_the_published_layers_still_leave_the_private_proposal_out(citizen, private_proposal):
    assert APIClient().get(f"/api/v1/proposals/{private_proposal.pk}/").status_code == 404
    assert client_of(citizen).get("/api/v1/proposals/").json()["features"] == []
