"""« Page suivante » and « Page précédente » clicked on the proposal list, in headless Chromium."""

import pytest
from playwright.sync_api import expect

from geoparticipation.accounts.models import User

from ..factories import make_process, make_proposal

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listed_proposals(page):
    citizen = User.objects.create_user("camille@example.org", "Camille59", "un-mot-de-passe-solide")
    process = make_process()
    return [make_proposal(process, citizen, title=f"Proposition {n:02}") for n in range(50)]


def titles(page):
    return page.locator(".proposal-list .proposal-item h3").all_inner_texts()


def test_next_twice_then_previous_once_shows_the_second_page_again(page, listed_proposals):
    page.goto("/concertations/plan-climat/?tri=recentes")
    newest_first = [f"Proposition {n:02}" for n in range(49, -1, -1)]
    assert titles(page) == newest_first[:20]
    page.get_by_role("link", name="Page suivante").click()
    expect(page.locator(".pagination span")).to_have_text("Page 2 sur 3")
    assert titles(page) == newest_first[20:40]
    page.get_by_role("link", name="Page suivante").click()
    expect(page.locator(".pagination span")).to_have_text("Page 3 sur 3")
    assert titles(page) == newest_first[40:]
    assert "apres=" in page.url and "tri=recentes" in page.url
    page.get_by_role("link", name="Page précédente").click()
    expect(page.locator(".pagination span")).to_have_text("Page 2 sur 3")
    assert titles(page) == newest_first[20:40]
    assert "avant=" in page.url
