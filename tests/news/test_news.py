"""The news: who reads which article, the lists, and the Atom feed parsed as XML."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from geoparticipation.news.models import Article

from ..factories import make_process

ATOM = "{http://www.w3.org/2005/Atom}"


def article(slug, *, process=None, published=True, days=1, **fields):
    return Article.objects.create(
        slug=slug,
        title=fields.pop("title", slug.replace("-", " ").capitalize()),
        body=fields.pop("body", "Le **texte** de l'actualité."),
        process=process,
        published=published,
        published_at=timezone.now() - datetime.timedelta(days=days),
        **fields,
    )


@pytest.fixture
def news(process):
    private = make_process("atelier-prive", is_private=True)
    return {
        "general": article("une-actualite-generale", days=3),
        "process": article("une-actualite-du-plan-climat", process=process, days=2),
        "draft": article("un-brouillon", published=False),
        "future": article("une-actualite-de-demain", days=-1),
        "private": article("une-actualite-reservee", process=private),
    }


def test_the_list_shows_the_published_news_newest_first_and_nothing_else(client, news):
    page = client.get("/actualites/").content.decode()

    assert page.index("Une actualite du plan climat") < page.index("Une actualite generale")
    for hidden in ("Un brouillon", "Une actualite de demain", "Une actualite reservee"):
        assert hidden not in page
    for slug in ("un-brouillon", "une-actualite-de-demain", "une-actualite-reservee"):
        assert client.get(f"/actualites/{slug}/").status_code == 404


def test_an_article_renders_its_markdown_and_links_its_concertation(client, news, process):
    page = client.get("/actualites/une-actualite-du-plan-climat/").content.decode()

    assert "<strong>texte</strong>" in page
    assert f'href="/concertations/{process.slug}/actualites/"' in page


def test_a_private_concertations_news_is_for_its_members_only(client, news, citizen):
    assert client.get("/concertations/atelier-prive/actualites/").status_code == 404
    news["private"].process.members.add(citizen)
    client.force_login(citizen)

    assert client.get("/actualites/une-actualite-reservee/").status_code == 200
    assert "Une actualite reservee" in client.get("/concertations/atelier-prive/actualites/").content.decode()


def test_the_home_page_and_the_concertation_show_the_latest_and_link_the_feed(client, news, process):
    home = client.get("/").content.decode()
    presentation = client.get(f"/concertations/{process.slug}/").content.decode()

    assert "Une actualite generale" in home and "Une actualite reservee" not in home
    assert "Une actualite du plan climat" in presentation and "Une actualite generale" not in presentation
    assert '<link rel="alternate" type="application/atom+xml" href="/actualites/flux.atom"' in home
    assert f'href="/concertations/{process.slug}/actualites/"' in presentation


def test_the_list_is_paginated(client, db):
    for number in range(12):
        article(f"actualite-{number}", days=number + 1)

    first, second = client.get("/actualites/").content.decode(), client.get("/actualites/?page=2").content.decode()

    assert "Actualite 0" in first and "Actualite 11" not in first
    assert "Actualite 11" in second and 'rel="prev"' in second


def test_the_atom_feed_is_valid_and_holds_the_public_news_only(client, news):
    response = client.get("/actualites/flux.atom")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Une actualite du plan climat", "Une actualite generale"]
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/actualites/")
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/actualites/flux.atom"
