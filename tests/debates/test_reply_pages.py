"""An argument shows its first replies; « Voir les N autres réponses » pages through the others, keeping the
columns' pages."""

import html

import pytest

from geoparticipation.debates import selectors, services
from geoparticipation.participation import selectors as threads

pytestmark = pytest.mark.django_db


def test_an_argument_shows_its_first_replies_and_leads_to_the_others(client, debate, citizen, monkeypatch):
    monkeypatch.setattr(selectors, "REPLIES_SHOWN", 3)
    monkeypatch.setattr(threads, "REPLIES_PAGE", 2)
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Moins de bruit.")
    replies = [
        services.argument_create(author=citizen, debate=debate, parent=argument, body=f"Réponse {n}")
        for n in range(1, 7)
    ]
    url = f"/concertations/plan-climat/debats/{debate.pk}/"

    def shown(query):
        content = html.unescape(client.get(url + query).content.decode())
        return [n for n in range(1, 7) if f"Réponse {n}" in content], content

    first, content = shown("?tri=date")
    assert first == [1, 2, 3]
    assert f'href="?tri=date&reponses={replies[3].pk}#argument-{replies[3].pk}">Voir les 3 autres réponses' in content
    second, content = shown(f"?tri=date&reponses={replies[3].pk}")
    assert second == [4, 5] and "Voir l'autre réponse" in content and "Moins de bruit." in content
    assert f'href="?tri=date#argument-{argument.pk}">Voir les premières réponses' in content
    last, content = shown(f"?tri=date&reponses={replies[5].pk}")
    assert last == [6] and "autre réponse" not in content
    for tampered in ("abc", "99999999999999999999", str(argument.pk)):
        assert shown(f"?reponses={tampered}")[0] == [1, 2, 3]


def test_an_arguments_link_opens_the_page_of_its_column_where_it_stands(client, debate, citizen, monkeypatch):
    monkeypatch.setattr(selectors, "COLUMN_PAGE", 2)
    monkeypatch.setattr(selectors, "REPLIES_SHOWN", 2)
    arguments = [
        services.argument_create(author=citizen, debate=debate, stance="against", body=f"Contre {n}")
        for n in range(1, 6)
    ]
    oldest = arguments[0]
    replies = [
        services.argument_create(author=citizen, debate=debate, parent=oldest, body=f"Réponse {n}") for n in range(3)
    ]
    detail = f"/concertations/plan-climat/debats/{debate.pk}/"

    # Most supported first, then newest: with no support, the oldest of five is last; its link opens the column's
    # page that starts with it, after the one before it (a cursor, not a count of the rows before).
    response = client.get(oldest.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{detail}?contre_apres={arguments[1].pk}#argument-{oldest.pk}"
    assert "Contre 1" in html.unescape(client.get(response["Location"]).content.decode())
    assert client.get(arguments[-1].get_absolute_url())["Location"] == f"{detail}#argument-{arguments[-1].pk}"
    # A reply past the first ones: its argument's page, and the replies from it on.
    assert client.get(replies[2].get_absolute_url())["Location"] == (
        f"{detail}?contre_apres={arguments[1].pk}&reponses={replies[2].pk}#argument-{replies[2].pk}"
    )
    # A hidden debate's argument, or a wrong one, goes to the debate's page, which says what it must.
    assert client.get(f"{detail}arguments/999999/")["Location"] == detail


def test_a_support_from_a_later_page_comes_back_to_that_page(client, debate, citizen, dominique, monkeypatch):
    monkeypatch.setattr(selectors, "COLUMN_PAGE", 2)
    arguments = [
        services.argument_create(author=citizen, debate=debate, stance="for", body=f"Pour {n}") for n in range(1, 6)
    ]
    client.force_login(dominique)
    detail = f"/concertations/plan-climat/debats/{debate.pk}/"

    response = client.post(detail + "?tri=date&pour=3", {"action": "support", "argument": arguments[0].pk})

    assert response["Location"] == f"{detail}?tri=date&pour_apres={arguments[1].pk}#argument-{arguments[0].pk}"
