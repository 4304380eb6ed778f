"""The REST API refuses what the current phase does not allow: a 403 whose detail is the French reason."""

import pytest
from rest_framework.test import APIClient

from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Comment, Proposal, Support

from ..factories import ACTIONS, GRAND_PLACE_LILLE, set_phases

pytestmark = pytest.mark.django_db

RESTITUTION = (("Propositions", -30, -1, ACTIONS), ("Restitution", 0, 30, ("comments",)))


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


def refused(response, reason):
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": reason}


def test_a_proposal_and_an_annotation_are_refused_with_the_phase_s_reason(api, process):
    set_phases(process, *RESTITUTION)
    point = {"type": "Point", "coordinates": list(GRAND_PLACE_LILLE)}
    refused(
        api.post(
            "/api/v1/proposals/",
            {"process": "plan-climat", "title": "T", "body": "B", "geometry": point},
            format="json",
        ),
        "La phase « Restitution » n'accepte plus de propositions.",
    )
    refused(
        api.post(
            "/api/v1/annotations/", {"process": "plan-climat", "comment": "Ici", "geometry": point}, format="json"
        ),
        "La phase « Restitution » n'accepte plus d'annotations.",
    )
    assert not Annotation.objects.exists()


def test_a_support_is_neither_given_nor_withdrawn_and_its_count_stays(api, process, proposal, citizen, officer):
    services.support_create(user=officer, proposal=proposal)
    services.support_create(user=citizen, proposal=proposal)
    set_phases(process, *RESTITUTION)
    url = f"/api/v1/proposals/{proposal.pk}/support/"
    refused(api.delete(url), "La phase « Restitution » n'accepte plus de soutiens.")
    Support.objects.filter(user=citizen).delete()
    refused(api.post(url), "La phase « Restitution » n'accepte plus de soutiens.")
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1


def test_comments_are_refused_once_the_concertation_is_over_and_still_listed(api, process, proposal, citizen):
    services.comment_create(author=citizen, target=proposal, body="Avant la fin")
    set_phases(process, ("Propositions", -30, -1, ACTIONS))
    url = f"/api/v1/proposals/{proposal.pk}/comments/"
    refused(
        api.post(url, {"body": "Après la fin"}, format="json"),
        "Cette concertation est terminée : elle n'accepte plus de commentaires.",
    )
    assert [c["body"] for c in api.get(url).json()] == ["Avant la fin"]
    assert Comment.objects.count() == 1


def test_following_and_reporting_stay_open_after_the_end(api, process, proposal):
    set_phases(process, ("Propositions", -30, -1, ACTIONS))
    assert api.post(f"/api/v1/proposals/{proposal.pk}/follow/").status_code == 201
    report = api.post(f"/api/v1/proposals/{proposal.pk}/report/", {"reason": "spam"}, format="json")
    assert report.status_code == 201
