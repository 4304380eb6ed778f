"""The filtered proposal list counts its matches up to a cap, and still pages through all of them."""

import pytest

from geoparticipation.web import views

from ..factories import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(process, citizen, monkeypatch):
    """45 proposals matching « gare » and 2 that do not, with a cap of 30 and pages of 20."""
    monkeypatch.setattr(views, "LIST_COUNTED", 30)
    for n in range(45):
        make_proposal(process, citizen, title=f"Gare {n:02d}")
    for n in range(2):
        make_proposal(process, citizen, title=f"Parc {n}", body="Des arbres.")
    return process


def test_beyond_the_cap_the_list_says_more_than_and_pages_on_without_a_total(client, many):
    slug = many.slug
    pages = [client.get(f"/concertations/{slug}/?q=gare&page={n}").text for n in (1, 2, 3)]
    for number, page in enumerate(pages, start=1):
        assert '<p class="count">plus de 30 propositions</p>' in page
        assert f"<span>Page {number}</span>" in page and " sur " not in page.split("pagination")[-1]
    assert 'rel="next"' in pages[0] and 'rel="next"' in pages[1] and 'rel="next"' not in pages[2]
    assert 'rel="prev"' not in pages[0] and 'rel="prev"' in pages[2]
    shown = {title for n in range(45) for page in pages if (title := f"Gare {n:02d}") in page}
    assert len(shown) == 45
    assert "Parc 0" not in "".join(pages)


def test_a_page_past_the_end_of_an_uncounted_list_is_its_first_page(client, many):
    page = client.get(f"/concertations/{many.slug}/?q=gare&page=999").text
    assert "<span>Page 1</span>" in page and 'rel="next"' in page


def test_within_the_cap_the_count_is_exact(client, many):
    page = client.get(f"/concertations/{many.slug}/?q=arbres").text
    assert '<p class="count">2 propositions</p>' in page


def test_the_unfiltered_list_reads_its_kept_count_beyond_the_cap(client, many):
    page = client.get(f"/concertations/{many.slug}/").text
    assert '<p class="count">47 propositions</p>' in page and "Page 1 sur 3" in page


def test_the_english_list_says_more_than(client, many):
    page = client.get(f"/concertations/{many.slug}/?q=gare", HTTP_ACCEPT_LANGUAGE="en").text
    assert "more than 30 proposals" in page
