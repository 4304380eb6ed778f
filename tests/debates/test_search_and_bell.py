"""Debates in the site search and in the bell: only what may be seen is found, and followers are told in-site."""

import html
import re

import pytest

from geoparticipation.debates import services
from geoparticipation.notifications.models import Notification
from geoparticipation.participation import services as participation

pytestmark = pytest.mark.django_db


def found(client, q, kind):
    groups = {group["kind"].key: group for group in client.get("/recherche/", {"q": q}).context["groups"]}
    results = groups[kind]["results"] if kind in groups else []
    return [(html.unescape(re.sub("</?mark>", "", r["title"])), r["url"]) for r in results]


def test_debates_and_their_arguments_are_found_and_a_hidden_argument_is_not(client, debate, citizen, officer):
    shown = services.argument_create(author=citizen, debate=debate, stance="for", body="Les vélos y gagneraient.")
    hidden = services.argument_create(author=citizen, debate=debate, stance="against", body="Un vélo volé, 06…")
    participation.content_hide(target=hidden, officer=officer, category="personal_data", reason="Un numéro.")

    assert found(client, "pietonniser", "debats") == [(debate.title, debate.get_absolute_url())]
    assert found(client, "velo", "arguments") == [(debate.title, shown.get_absolute_url())]


def test_a_private_concertation_s_arguments_are_found_by_its_members_only(client, debate, citizen, dominique):
    services.argument_create(author=citizen, debate=debate, stance="for", body="Des arceaux vélo.")
    debate.process.is_private = True
    debate.process.save()
    debate.process.members.add(citizen)
    assert found(client, "arceaux", "arguments") == []
    client.force_login(dominique)
    assert found(client, "arceaux", "arguments") == []
    client.force_login(citizen)
    assert len(found(client, "arceaux", "arguments")) == 1


def test_followers_of_a_debate_see_new_arguments_in_the_bell_grouped(debate, citizen, dominique):
    participation.follow_create(user=dominique, target=debate)
    for body in ("Premier argument.", "Deuxième argument."):
        services.argument_create(author=citizen, debate=debate, stance="for", body=body)

    [notification] = Notification.objects.filter(recipient=dominique)
    assert notification.text == f"2 nouveaux arguments dans le débat « {debate.title} »"
    assert not Notification.objects.filter(recipient=citizen).exists()
