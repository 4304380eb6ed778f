"""A column's « Arguments suivants / précédents » carry the argument where the page ends or starts, so that walking a
column reads one page of its index at every step; a permalink opens the page that starts with its argument."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from geoparticipation.debates import selectors
from geoparticipation.debates.models import Argument, ArgumentSupport
from geoparticipation.participation import services as participation

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'href="(\?tri=\w+&pour_apres=\d+)#column-for">Arguments suivants')
PREVIOUS = re.compile(r'href="(\?tri=\w+&pour_avant=\d+)#column-for">Arguments précédents')
SHOWN = re.compile(r"Pour n° (\d+)\b")


def url(debate):
    return f"/concertations/plan-climat/debats/{debate.pk}/"


def page(client, debate, query=""):
    response = client.get(url(debate) + query)
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    column = content.split('id="column-for"')[1].split('id="column-against"')[0]
    return [int(n) for n in SHOWN.findall(column)], column


def seed(debate, author, count, *, supports=(), older=0):
    """`count` « for » arguments a second apart (`older` seconds before now on), ties on their supports (most share
    the same count)."""
    start = timezone.now() - timedelta(seconds=older)
    arguments = Argument.objects.bulk_create(
        Argument(
            debate=debate, author=author, stance="for", body=f"Pour n° {n}", published_at=start - timedelta(seconds=n)
        )
        for n in range(count)
    )
    for n, users in supports:
        ArgumentSupport.objects.bulk_create(ArgumentSupport(argument=arguments[n], user=user) for user in users)
    return arguments


@pytest.mark.parametrize("sort", ["soutiens", "date"])
def test_walking_a_column_by_its_links_visits_every_argument_once_both_ways(
    client, debate, citizen, dominique, officer, monkeypatch, sort
):
    monkeypatch.setattr(selectors, "COLUMN_PAGE", 4)
    arguments = seed(debate, citizen, 23, supports=[(5, [citizen, dominique]), (17, [dominique]), (9, [officer])])
    participation.content_hide(target=arguments[11], officer=officer, category="offensive", reason="Injures")

    forward, query, pages = [], f"?tri={sort}", []
    while query is not None:
        shown, column = page(client, debate, query)
        forward += shown
        pages.append(column.count('class="argument"'))
        found = NEXT.search(column)
        query = found[1] if found else None
    backward, previous = [], PREVIOUS.search(column)
    while previous is not None:
        shown, column = page(client, debate, previous[1])
        backward = shown + backward
        previous = PREVIOUS.search(column)

    # The hidden one keeps its place as a notice: every other argument is shown once, in the column's order.
    published = [n for n in range(23) if n != 11]
    assert sorted(forward) == published and len(forward) == len(set(forward))
    assert backward == forward[: len(backward)] and backward
    if sort == "date":
        assert forward == published
    else:
        assert forward[:3] == [5, 17, 9]
    # Full pages but the last, the hidden argument's notice counted.
    assert pages[:-1] == [4] * (len(pages) - 1) and sum(pages) == 23


def test_a_bad_cursor_is_a_clear_400(client, debate, citizen, monkeypatch):
    monkeypatch.setattr(selectors, "COLUMN_PAGE", 2)
    arguments = seed(debate, citizen, 5)
    reply = Argument.objects.create(debate=debate, parent=arguments[0], body="Non.", published_at=timezone.now())
    for query in ("?pour_apres=abc", "?pour_avant=-3", f"?pour_apres={reply.pk}", "?contre_apres=999999999999"):
        response = client.get(url(debate) + query)
        assert response.status_code == 400, query
        assert "Cette page d'arguments n'existe pas" in response.content.decode()
    # The argument of another column is not a place in this one.
    assert client.get(url(debate) + f"?contre_avant={arguments[1].pk}").status_code == 400


def test_before_the_first_page_a_full_first_page(client, debate, citizen, monkeypatch):
    monkeypatch.setattr(selectors, "COLUMN_PAGE", 4)
    arguments = seed(debate, citizen, 10)
    shown, column = page(client, debate, f"?tri=date&pour_avant={arguments[2].pk}")
    assert shown == [0, 1, 2, 3] and "Arguments précédents" not in column


def test_a_permalink_lands_on_a_page_that_shows_its_argument(client, debate, citizen, monkeypatch):
    monkeypatch.setattr(selectors, "COLUMN_PAGE", 3)
    arguments = seed(debate, citizen, 11)
    for n in (0, 4, 10):
        location = client.get(arguments[n].get_absolute_url())["Location"]
        shown, column = page(client, debate, location.split("/")[-1].split("#")[0])
        assert shown[0] == n and location.endswith(f"#argument-{arguments[n].pk}")


def test_the_debate_page_reads_a_bounded_number_of_queries_whatever_its_size(client, debate, citizen, dominique):
    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(debate) + query).status_code == 200
        return len(captured)

    arguments = seed(debate, citizen, 30, supports=[(n, [dominique]) for n in range(3)])
    # Threads longer than a page of replies under the first arguments, as in a large debate.
    Argument.objects.bulk_create(
        Argument(debate=debate, parent=arguments[n % 3], body="Oui.", published_at=timezone.now()) for n in range(70)
    )
    pages = ("", "?tri=date", f"?pour_apres={arguments[25].pk}", f"?pour_avant={arguments[3].pk}")
    client.get(url(debate))
    small = [queries(q) for q in pages]
    seed(debate, dominique, 400, older=1000)
    Argument.objects.bulk_create(
        Argument(debate=debate, parent=arguments[n % 3], body="Non.", published_at=timezone.now()) for n in range(300)
    )
    large = [queries(q) for q in pages]
    assert large == small and max(large) <= 12


def test_a_support_that_lifts_an_argument_brings_back_the_page_that_shows_it(client, debate, citizen, monkeypatch):
    monkeypatch.setattr(selectors, "COLUMN_PAGE", 3)
    arguments = seed(debate, citizen, 8)
    client.force_login(citizen)
    # The last of eight unsupported arguments climbs to the top of the most supported order with its first support.
    response = client.post(url(debate), {"action": "support", "argument": arguments[7].pk})
    assert response.status_code == 302
    location = response["Location"]
    shown, column = page(client, debate, "?" + location.partition("?")[2].partition("#")[0])
    assert shown[0] == 7 and "1 soutien" in column
    assert location.endswith(f"#argument-{arguments[7].pk}")
