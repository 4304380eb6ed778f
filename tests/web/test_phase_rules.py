"""The site offers only what the current phase allows, says why instead, and refuses a write sent anyway."""

import html

import pytest
from django.contrib.gis.geos import Point

from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Comment, Proposal, Support

from ..factories import ACTIONS, GRAND_PLACE_LILLE, set_phases

pytestmark = pytest.mark.django_db

OVER = "Cette concertation est terminée : elle n'accepte plus "


@pytest.fixture
def closed(process, proposal):
    """Camille's proposal, in a concertation whose only phase ended yesterday."""
    set_phases(process, ("Propositions", -30, -1, ACTIONS))
    return proposal


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return text(response)


def text(response):
    return html.unescape(response.content.decode())


def test_a_closed_concertation_offers_no_proposal_button_and_says_why(client, closed):
    content = page(client, "/concertations/plan-climat/")
    assert "Faire une proposition" not in content
    assert OVER + "de propositions." in content


def test_a_closed_concertation_s_proposal_offers_neither_support_nor_comment(client, citizen, closed):
    client.force_login(citizen)
    content = page(client, f"/concertations/plan-climat/propositions/{closed.pk}/")
    assert ">Soutenir<" not in content and "Publier mon commentaire" not in content
    assert OVER + "de soutiens." in content
    assert OVER + "de commentaires." in content
    assert "Suivre" in content  # following an answer to come stays open


def test_a_support_or_a_comment_sent_anyway_is_a_403_that_says_why(client, citizen, closed):
    client.force_login(citizen)
    url = f"/concertations/plan-climat/propositions/{closed.pk}/"
    support = client.post(url, {"action": "support"})
    comment = client.post(url, {"action": "comment", "body": "Trop tard ?"})
    assert support.status_code == comment.status_code == 403
    assert OVER + "de soutiens." in text(support)
    assert OVER + "de commentaires." in text(comment)
    assert not Support.objects.exists() and not Comment.objects.exists()


def test_a_support_cannot_be_withdrawn_after_the_phase_of_supports(client, citizen, process, proposal):
    services.support_create(user=citizen, proposal=proposal)
    set_phases(process, ("Propositions", -30, -1, ACTIONS), ("Restitution", 0, 30, ("comments",)))
    client.force_login(citizen)
    url = f"/concertations/plan-climat/propositions/{proposal.pk}/"
    content = page(client, url)
    assert "Vous soutenez cette proposition." in content and "Retirer mon soutien" not in content
    assert "La phase « Restitution » n'accepte plus de soutiens." in content
    assert "Publier mon commentaire" in content  # Restitution takes comments
    assert client.post(url, {"action": "unsupport"}).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1


def test_the_proposal_form_is_not_offered_and_a_post_is_refused(client, citizen, closed):
    client.force_login(citizen)
    url = "/concertations/plan-climat/propositions/nouvelle/"
    content = page(client, url)
    assert 'id="proposal-form"' not in content and OVER + "de propositions." in content
    response = client.post(
        url, {"title": "Tard", "body": "Texte", "lon": GRAND_PLACE_LILLE[0], "lat": GRAND_PLACE_LILLE[1]}
    )
    assert response.status_code == 403
    assert OVER + "de propositions." in text(response)
    assert Proposal.objects.count() == 1


def test_the_map_page_has_no_drawing_tools_when_annotations_are_refused(client, citizen, process):
    set_phases(process, ("Restitution", -1, 1, ("comments",)))
    client.force_login(citizen)
    content = page(client, "/concertations/plan-climat/carte/")
    assert "data-draw" not in content and 'id="annotation-form"' not in content and "Dessinez" not in content
    assert "La phase « Restitution » n'accepte pas d'annotations." in content
    geometry = Point(*GRAND_PLACE_LILLE, srid=4326).geojson
    response = client.post(
        "/concertations/plan-climat/carte/", {"kind": "idee", "comment": "Ici", "geometry": geometry}
    )
    assert response.status_code == 403
    assert "La phase « Restitution » n'accepte pas d'annotations." in text(response)
    assert not Annotation.objects.exists()


def test_an_open_phase_offers_every_button(client, citizen, proposal):
    client.force_login(citizen)
    assert "Faire une proposition" in page(client, "/concertations/plan-climat/")
    content = page(client, f"/concertations/plan-climat/propositions/{proposal.pk}/")
    assert ">Soutenir<" in content and "Publier mon commentaire" in content
    assert "data-draw" in page(client, "/concertations/plan-climat/carte/")
