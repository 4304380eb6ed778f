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
