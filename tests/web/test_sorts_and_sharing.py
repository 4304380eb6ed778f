"""The proposal list's sorts (random with a seed per visitor, paged without repeats or gaps) and the shared link's
card: Open Graph metadata and a map thumbnail drawn server-side."""

import re
from io import BytesIO

import pytest
from django.contrib.gis.geos import Point
from PIL import Image

from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal
from geoparticipation.web import views

from ..factories import MAIRIE_ROUBAIX, make_proposal

pytestmark = pytest.mark.django_db

LIST_URL = "/concertations/plan-climat/"


def listed(response):
    return [
        int(pk)
        for pk in re.findall(r'href="/concertations/plan-climat/propositions/(\d+)/"', response.content.decode())
    ]


@pytest.fixture
def many(process, citizen, settings):
    proposals = [make_proposal(process, citizen, title=f"Proposition {n}") for n in range(45)]
    for proposal in proposals[:3]:
        services.comment_create(author=citizen, target=proposal, body="Un avis")
    services.comment_create(author=citizen, target=proposals[1], body="Un second avis")
    services.support_create(user=citizen, proposal=proposals[2])
    return proposals


def every_page(client, query):
    seen, page = [], 1
    while True:
        response = client.get(LIST_URL, {**query, "page": page})
        assert response.status_code == 200
        seen += listed(response)
        if 'rel="next"' not in response.content.decode():
            return seen
        page += 1


def test_the_random_order_visits_each_proposal_once_in_one_order_per_visitor(client, many):
    first = every_page(client, {"tri": "aleatoire"})
    assert sorted(first) == sorted(p.pk for p in many)
    seed = client.cookies[views.SEED_COOKIE].value
    assert every_page(client, {"tri": "aleatoire"}) == first  # the same seed, the same order
    assert client.cookies[views.SEED_COOKIE].value == seed
    stranger = type(client)()
    assert sorted(every_page(stranger, {})) == sorted(first)  # random is the default
    again = client.get(LIST_URL, {"tri": "aleatoire", "melanger": "1", "page": "2"})
    assert again.status_code == 302 and again["Location"] == f"{LIST_URL}?tri=aleatoire"
    assert client.cookies[views.SEED_COOKIE].value != seed  # a new draw (the same one once in 2**31)
    assert sorted(every_page(client, {"tri": "aleatoire"})) == sorted(first)


def test_the_other_sorts_give_their_order(client, many):
    by_comments = listed(client.get(LIST_URL, {"tri": "commentees"}))
    assert by_comments[:3] == [many[1].pk, many[2].pk, many[0].pk]
    assert listed(client.get(LIST_URL, {"tri": "soutenues"}))[0] == many[2].pk
    recent = listed(client.get(LIST_URL, {"tri": "recentes"}))
    assert recent == sorted(recent, reverse=True)[:20] and recent[0] == many[-1].pk
    assert sorted(every_page(client, {"tri": "commentees"})) == sorted(p.pk for p in many)


def test_a_sort_keeps_the_filters_and_an_unknown_one_is_the_default(client, many, citizen, process):
    roubaix = make_proposal(process, citizen, title="À Roubaix", where=MAIRIE_ROUBAIX)
    assert listed(client.get(LIST_URL, {"tri": "recentes", "commune": "59512"})) == [roubaix.pk]
    page = client.get(LIST_URL, {"tri": "n'importe", "commune": "59512"})
    assert page.status_code == 200 and listed(page) == [roubaix.pk]
    html = client.get(LIST_URL, {"tri": "soutenues", "commune": "59512"}).content.decode()
    assert 'href="?tri=recentes&amp;commune=59512"' in html
    assert re.search(r'<a href="\?tri=soutenues&amp;commune=59512" aria-current="true">', html)


def open_graph(html):
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">', html))


def test_a_proposal_page_has_its_card_with_absolute_addresses_and_a_map_png(client, proposal):
    html = client.get(f"/concertations/plan-climat/propositions/{proposal.pk}/").content.decode()
    tags = open_graph(html)
    assert tags["og:title"] == "Un abri vélo" and tags["og:description"] == "Devant la gare."
    assert tags["og:url"] == f"http://testserver/concertations/plan-climat/propositions/{proposal.pk}/"
    assert (tags["og:type"], tags["og:locale"], tags["twitter:card"]) == ("article", "fr_FR", "summary_large_image")
    assert tags["og:image"].startswith(
        f"http://testserver/concertations/plan-climat/propositions/{proposal.pk}/vignette-"
    )
    image = client.get(tags["og:image"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert "immutable" in image["Cache-Control"] and image["ETag"]
    png = Image.open(BytesIO(image.content))
    assert (png.format, png.size) == ("PNG", (1200, 630))
    assert client.get(tags["og:image"], headers={"If-None-Match": image["ETag"]}).status_code == 304
    assert "data-share-copy" in html and 'value="http://testserver/concertations/plan-climat/propositions/' in html


def test_a_moved_pin_has_a_new_thumbnail_address_and_the_old_one_leads_there(client, proposal, citizen):
    before = open_graph(client.get(f"/concertations/plan-climat/propositions/{proposal.pk}/").content.decode())
    services.proposal_edit(
        proposal=proposal,
        user=citizen,
        title="Un abri vélo",
        body="Ailleurs.",
        geometry=Point(*MAIRIE_ROUBAIX, srid=4326),
    )
    after = open_graph(client.get(f"/concertations/plan-climat/propositions/{proposal.pk}/").content.decode())
    assert after["og:image"] != before["og:image"]
    assert client.get(before["og:image"])["Location"] == after["og:image"].removeprefix("http://testserver")


def test_a_hidden_proposal_has_no_thumbnail(client, proposal, officer):
    url = open_graph(client.get(f"/concertations/plan-climat/propositions/{proposal.pk}/").content.decode())["og:image"]
    services.content_hide(target=proposal, officer=officer, category="spam", reason="Publicité")
    assert client.get(url).status_code == 404
    assert Proposal.objects.hidden().filter(pk=proposal.pk).exists()


def test_a_concertation_page_has_its_card_too(client, process):
    tags = open_graph(client.get(LIST_URL).content.decode())
    assert tags["og:title"] == process.title and tags["og:url"] == f"http://testserver{LIST_URL}"
    png = Image.open(BytesIO(client.get(tags["og:image"]).content))
    assert png.size == (1200, 630)
