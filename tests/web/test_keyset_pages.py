"""« Suivante » and « Précédente » carry the boundary proposal of the page (`apres`, `avant`): a deep page is read
from there in every order and under every filter, and a typed `?page=` still works."""

import re
from html import unescape

import pytest
from django.utils import timezone

from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Proposal
from geoparticipation.web import selectors

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, make_process, make_proposal, point

pytestmark = pytest.mark.django_db

LIST_URL = "/concertations/plan-climat/"


def listed(response):
    return [int(pk) for pk in re.findall(r'href="/concertations/plan-climat/propositions/(\d+)/"', response.text)]


def link(response, rel):
    found = re.search(rf'<a href="([^"]*)" rel="{rel}"', response.text)
    return unescape(found.group(1)) if found else None


def follow(client, start, rel):
    """The pages met from `start` by following the links `rel` to the end: (their proposals, their addresses)."""
    return follow_at(client, LIST_URL, start, rel)


def follow_at(client, url, start, rel="next"):
    pages, addresses, address = [], [], start
    while address is not None:
        response = client.get(url + address)
        assert response.status_code == 200
        pages.append(listed(response))
        addresses.append(address)
        address = link(response, rel)
    return pages, addresses


@pytest.fixture
def many(process, citizen):
    proposals = [
        make_proposal(process, citizen, title=f"Proposition {n}", **({"where": MAIRIE_ROUBAIX} if n % 3 else {}))
        for n in range(205)
    ]
    # Counters drawn so that many proposals share a count: the order's tie on the id is walked too.
    for n, proposal in enumerate(proposals):
        Proposal.objects.filter(pk=proposal.pk).update(supports_count=n % 4, comments_count=n % 7)
    Proposal.objects.filter(pk__in=[proposals[10].pk, proposals[100].pk]).update(hidden_at=timezone.now())
    return proposals


def published(proposals, **lookups):
    return set(
        Proposal.objects.published().filter(pk__in=[p.pk for p in proposals], **lookups).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("sort", list(selectors.SORTS))
def test_following_next_visits_every_published_proposal_once_and_previous_comes_back(client, many, sort):
    pages, addresses = follow(client, f"?tri={sort}", "next")
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen)) == len(published(many)) == 203
    assert set(seen) == published(many)  # no hidden proposal
    assert all("apres=" in address and f"tri={sort}" in address for address in addresses[1:])
    assert [f"page={n}" in address for n, address in enumerate(addresses[1:], 2)] == [True] * (len(addresses) - 1)
    # A page typed by its number lists what « Suivante » led to.
    assert listed(client.get(LIST_URL, {"tri": sort, "page": 4})) == pages[3]
    last = client.get(LIST_URL + addresses[-1])
    back, _ = follow(client, link(last, "prev"), "prev")
    assert back == pages[-2::-1]


def test_the_filters_are_kept_in_the_links(client, many):
    roubaix = many[1].commune.insee
    pages, addresses = follow(client, f"?tri=soutenues&commune={roubaix}", "next")
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen)) and set(seen) == published(many, commune__insee=roubaix)
    assert all(f"commune={roubaix}" in address for address in addresses)


def test_a_proposal_hidden_between_two_clicks_neither_repeats_nor_skips_a_row(client, many):
    first = client.get(LIST_URL, {"tri": "recentes"})
    expected = listed(client.get(LIST_URL, {"tri": "recentes", "page": 2}))
    Proposal.objects.filter(pk=listed(first)[-1]).update(hidden_at=timezone.now())  # the cursor's own proposal
    assert listed(client.get(LIST_URL + link(first, "next"))) == expected


@pytest.mark.parametrize(
    "cursor",
    [
        {"apres": "abc"},
        {"apres": "-3"},
        {"apres": "9" * 40},
        {"avant": "1e9"},
        {"apres": "1", "avant": "2"},
        {"apres": "999999"},
    ],
)
def test_a_bad_cursor_shows_the_first_page(client, many, cursor):
    response = client.get(LIST_URL, {"tri": "recentes", "page": "7", **cursor})
    assert response.status_code == 200
    assert listed(response) == listed(client.get(LIST_URL, {"tri": "recentes"}))


def test_a_cursor_of_another_concertation_shows_the_first_page(client, many, citizen):
    other = make_proposal(make_process(slug="autre-concertation"), citizen)
    response = client.get(LIST_URL, {"tri": "recentes", "apres": other.pk, "page": "3"})
    assert listed(response) == listed(client.get(LIST_URL, {"tri": "recentes"}))


def test_a_page_read_from_its_cursor_costs_a_bounded_number_of_queries(client, many, django_assert_max_num_queries):
    address = link(client.get(LIST_URL, {"tri": "aleatoire", "page": 5}), "next")
    with django_assert_max_num_queries(20):
        assert len(listed(client.get(LIST_URL + address))) == 20


def test_the_annotations_are_followed_by_their_cursors_too(client, process, citizen):
    annotations = [
        services.annotation_create(
            author=citizen,
            process=process,
            kind=Annotation.Kind.IDEA,
            comment=f"Note {n}",
            geometry=point(*GRAND_PLACE_LILLE),
        )
        for n in range(45)
    ]
    seen, address = [], ""
    while address is not None:
        response = client.get(f"{LIST_URL}carte/{address}")
        assert response.status_code == 200
        seen += [int(pk) for pk in re.findall(r'<li id="annotation-(\d+)"', response.text)]
        address = link(response, "next")
        assert address is None or "apres=" in address
    assert seen == [a.pk for a in reversed(annotations)]


def test_a_communes_list_is_followed_by_its_cursors_too(client, many):
    commune = many[0].commune
    pages, addresses = follow_at(client, f"/communes/{commune.insee}/", "")
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen)) and set(seen) == published(many, commune=commune)
    assert all("apres=" in address for address in addresses[1:])
