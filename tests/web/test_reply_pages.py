"""A top comment shows its first replies only; « Voir les N autres réponses » pages through the rest, on the site
and in the API, with bounded reads."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from geoparticipation.participation import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(proposal, citizen, monkeypatch):
    """A comment with 12 replies (« Réponse 01 » to « Réponse 12 ») and a quiet one with 2; pages of 4 replies."""
    monkeypatch.setattr(selectors, "REPLIES_PAGE", 4)
    top = services.comment_create(author=citizen, target=proposal, body="Un sujet qui fait parler.")
    replies = [
        services.comment_create(author=citizen, target=proposal, parent=top, body=f"Réponse {n:02d}")
        for n in range(1, 13)
    ]
    quiet = services.comment_create(author=citizen, target=proposal, body="Un sujet calme.")
    for n in (1, 2):
        services.comment_create(author=citizen, target=proposal, parent=quiet, body=f"Calme {n}")
    return proposal, top, replies


def page(client, proposal, query=""):
    response = client.get(f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/{query}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def shown(content):
    return [n for n in range(1, 13) if f"Réponse {n:02d}" in content]


def test_the_thread_shows_five_replies_then_pages_through_the_others(client, busy):
    proposal, top, replies = busy
    first = page(client, proposal)
    assert shown(first) == [1, 2, 3, 4, 5]
    assert "Calme 1" in first and "Calme 2" in first
    assert first.count("autres réponses") == 1
    link = f'href="?tri=date&depuis={replies[5].pk}#commentaire-{replies[5].pk}"'
    assert f"{link}>Voir les 7 autres réponses</a>" in first

    second = page(client, proposal, f"?tri=date&depuis={replies[5].pk}")
    assert shown(second) == [6, 7, 8, 9]
    assert "Un sujet qui fait parler." in second and "Voir les 3 autres réponses" in second
    assert f'href="?tri=date&depuis={top.pk}#commentaire-{top.pk}">Voir les premières réponses' in second

    last = page(client, proposal, f"?tri=date&depuis={replies[9].pk}")
    assert shown(last) == [10, 11, 12] and "autres réponses" not in last and "l'autre réponse" not in last


def test_a_new_reply_leads_to_itself_however_many_replies_come_before(client, citizen, busy):
    proposal, top, _ = busy
    client.force_login(citizen)
    response = client.post(
        f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/",
        {"action": "reply", "comment": top.pk, "body": "Réponse tardive"},
    )
    assert "Réponse tardive" in page(client, proposal, response["Location"].split("/")[-1].split("#")[0])


def test_the_thread_reads_the_same_few_queries_with_many_replies(client, busy, citizen, proposal):
    with CaptureQueriesContext(connection) as few:
        page(client, proposal)
    top = busy[1]
    for n in range(30):
        services.comment_create(author=citizen, target=proposal, parent=top, body=f"Encore {n}")
    with CaptureQueriesContext(connection) as many:
        content = page(client, proposal)
    assert "Voir les 37 autres réponses" in content and "Encore" not in content
    assert len(many) == len(few)


def test_the_api_bounds_the_nested_replies_with_a_link_to_the_others(busy):
    proposal, top, replies = busy
    url = f"/api/v1/proposals/{proposal.pk}/comments/"
    busy_top, quiet = APIClient().get(url).json()
    assert [r["body"] for r in busy_top["replies"]] == [f"Réponse {n:02d}" for n in range(1, 6)]
    assert busy_top["more_replies"] == 7 and busy_top["more_replies_capped"] is False
    assert busy_top["more_replies_url"] == f"http://testserver{url}?sort=date&start={replies[5].pk}"
    assert quiet["more_replies"] == 0 and quiet["more_replies_url"] is None

    following = APIClient().get(busy_top["more_replies_url"]).json()
    assert following[0]["id"] == top.pk
    assert [r["body"] for r in following[0]["replies"]] == [f"Réponse {n:02d}" for n in range(6, 10)]
    assert following[0]["more_replies"] == 3


def test_beyond_the_count_s_cap_the_link_says_more_than(client, busy, monkeypatch):
    monkeypatch.setattr(selectors, "REPLIES_COUNTED", 6)
    proposal = busy[0]
    assert "Voir plus de 6 autres réponses" in page(client, proposal)
    busy_top, _ = APIClient().get(f"/api/v1/proposals/{proposal.pk}/comments/").json()
    assert (busy_top["more_replies"], busy_top["more_replies_capped"]) == (6, True)
