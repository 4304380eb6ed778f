"""Officers open and close debates in the back-office; arguments are hidden there, never edited."""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from geoparticipation.accounts.models import User
from geoparticipation.debates import services
from geoparticipation.debates.models import Argument, Debate
from geoparticipation.moderation.models import ModerationAction

from ..factories import OUTSIDE_TERRITORY

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@example.org", "Administrateur", "un-mot-de-passe-solide")


def debate_form(process, **changes):
    return {
        "process": process.pk,
        "title": "Faut-il piétonniser la Grand-Place ?",
        "description": "",
        "geom": "",
        "published_at_0": "2026-03-01",
        "published_at_1": "09:00:00",
        "state": "open",
        "conclusion": "",
        "_save": "Enregistrer",
        **changes,
    }


def test_an_officer_opens_a_debate_without_a_place_then_closes_it_with_a_conclusion(client, superuser, process):
    client.force_login(superuser)
    add = reverse("admin:debates_debate_add")
    assert client.post(add, debate_form(process)).status_code == 302
    debate = Debate.objects.get()
    change = reverse("admin:debates_debate_change", args=[debate.pk])

    refused = client.post(change, debate_form(process, state="closed"))
    assert refused.status_code == 200
    assert "Un débat clos porte la conclusion de la métropole" in refused.content.decode()

    closed = client.post(change, debate_form(process, state="closed", conclusion="Piéton le dimanche."))
    assert closed.status_code == 302
    debate.refresh_from_db()
    assert (debate.state, debate.conclusion, debate.concluded_at is not None) == ("closed", "Piéton le dimanche.", True)


def test_a_place_outside_the_territory_is_refused_on_the_map_field(client, superuser, process):
    client.force_login(superuser)
    outside = json.dumps({"type": "Point", "coordinates": list(OUTSIDE_TERRITORY)})
    response = client.post(reverse("admin:debates_debate_add"), debate_form(process, geom=outside))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["geom"]
    assert not Debate.objects.exists()


def test_an_argument_s_text_is_read_only_and_hiding_it_asks_for_a_category(client, superuser, debate, citizen):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Le texte de Camille")
    client.force_login(superuser)
    change = reverse("admin:debates_argument_change", args=[argument.pk])
    page = client.get(change).content.decode()
    assert "Le texte de Camille" in page and 'name="body"' not in page

    client.post(change, {"body": "Réécrit par un agent", "_save": "Enregistrer"})
    client.post(
        reverse("admin:debates_argument_changelist"),
        {"action": "hide", ACTION_CHECKBOX_NAME: [argument.pk], "confirm": "yes", "category": "spam", "reason": "Pub"},
    )
    argument.refresh_from_db()
    assert argument.body == "Le texte de Camille"
    assert (argument.hidden_category, argument.hidden_reason) == ("spam", "Pub")
    assert ModerationAction.objects.get().content_type.model == "argument"
    assert not Argument.objects.published().exists()
