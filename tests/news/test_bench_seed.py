"""The bench's news, notifications and follows (bench/run.py, news_seed): added once, as the pages read them."""

import pytest

from bench import run
from geoparticipation.news.models import Article
from geoparticipation.notifications import selectors
from geoparticipation.participation.models import Follow, Proposal

from ..factories import make_proposal

pytestmark = pytest.mark.django_db


def test_the_news_and_a_busy_citizens_notifications_are_seeded_once(client, process, citizen, monkeypatch):
    first = make_proposal(process, citizen)
    Proposal.objects.bulk_create(
        Proposal(
            process=process,
            author=citizen,
            title=f"Proposition {n}",
            body="x",
            geom=first.geom,
            published_at=first.published_at,
        )
        for n in range(59)
    )
    monkeypatch.setattr(run, "NEWS_UNREAD", 10)
    monkeypatch.setattr(run, "NEWS_FOLLOWS", 25)

    busy, seconds = run.news_seed(process)
    assert seconds is not None
    assert run.news_seed(process) == (busy, None)

    articles = Article.objects.filter(slug__startswith="bench-actualite-")
    assert articles.count() == run.NEWS_ARTICLES
    assert articles.filter(process=process).count() == run.NEWS_ARTICLES // 10
    assert 0 < articles.exclude(published=True).count() < run.NEWS_ARTICLES // 10
    # One notification per proposal, the newest NEWS_UNREAD unread: the bell stops at its cap.
    assert selectors.notifications_of(busy).count() == 60
    assert selectors.unread_count(busy) == 10
    assert Follow.objects.filter(user=busy).count() == 25
    client.force_login(busy)
    page = client.get("/comptes/notifications/").content.decode()
    assert "Notifications, 10 non lues" in page
    assert client.get(selectors.notifications_of(busy).first().url).status_code == 200
