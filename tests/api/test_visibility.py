"""Hidden, unpublished and private content never reaches the public API."""

import pytest
from rest_framework.test import APIClient

from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Proposal

from ..factories import GRAND_PLACE_LILLE, make_process, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributions(process, citizen, officer):
    visible = services.proposal_create(
        author=citizen, process=process, title="Visible", body="x", geometry=point(*GRAND_PLACE_LILLE)
    )
    hidden = services.proposal_create(
        author=citizen, process=process, title="Masquée", body="x", geometry=point(*GRAND_PLACE_LILLE)
    )
    services.content_hide(target=hidden, officer=officer, category="offensive", reason="Propos injurieux")
    unpublished = services.proposal_create(
        author=citizen, process=process, title="Brouillon", body="x", geometry=point(*GRAND_PLACE_LILLE)
    )
    Proposal.objects.filter(pk=unpublished.pk).update(published_at=None)
    private = make_process("reseau", is_private=True)
    private.members.add(citizen)
    secret = services.proposal_create(
        author=citizen, process=private, title="Privée", body="x", geometry=point(*GRAND_PLACE_LILLE)
    )
    hidden_annotation = services.annotation_create(
        author=citizen, process=process, kind="remarque", comment="Masquée", geometry=point(*GRAND_PLACE_LILLE)
    )
    services.content_hide(target=hidden_annotation, officer=officer, category="off_topic", reason="Hors sujet")
    return {
        "visible": visible,
        "hidden": hidden,
        "unpublished": unpublished,
        "private": secret,
        "hidden_annotation": hidden_annotation,
    }


def test_only_the_visible_proposal_is_listed(contributions):
    features = APIClient().get("/api/v1/proposals/").json()["features"]
    assert [f["properties"]["title"] for f in features] == ["Visible"]


@pytest.mark.parametrize("which", ["unpublished", "private"])
def test_a_non_public_proposal_is_not_found_by_id(contributions, which):
    assert APIClient().get(f"/api/v1/proposals/{contributions[which].pk}/").status_code == 404


def test_a_hidden_proposal_is_gone_by_id_and_says_why_without_its_content(contributions):
    response = APIClient().get(f"/api/v1/proposals/{contributions['hidden'].pk}/")
    assert response.status_code == 410
    assert response.json()["category"] == "offensive"
    assert "Masquée" not in response.content.decode()


def test_a_hidden_annotation_is_not_listed(contributions):
    assert APIClient().get("/api/v1/annotations/").json()["count"] == 0


def test_the_private_concertation_is_not_listed(contributions):
    slugs = [p["slug"] for p in APIClient().get("/api/v1/processes/").json()]
    assert slugs == ["plan-climat"]
    assert APIClient().get("/api/v1/processes/reseau/").status_code == 404


def test_commune_counts_include_only_public_contributions(contributions):
    lille = APIClient().get("/api/v1/communes/59350/").json()["properties"]
    assert lille["proposals_count"] == 1
    assert lille["annotations_count"] == 0
    assert lille["contributions_count"] == 1


def test_unhiding_brings_a_proposal_back(contributions, officer):
    services.content_unhide(target=contributions["hidden"], officer=officer)
    assert APIClient().get("/api/v1/proposals/").json()["count"] == 2


def test_hiding_records_who_when_and_why(contributions, officer):
    hidden = Proposal.objects.get(pk=contributions["hidden"].pk)
    assert hidden.hidden_by == officer
    assert hidden.hidden_at is not None
    assert hidden.hidden_reason == "Propos injurieux"
    assert Annotation.objects.get(pk=contributions["hidden_annotation"].pk).hidden_reason == "Hors sujet"
