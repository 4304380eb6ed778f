"""The maps with many proposals, in headless Chromium: clusters up to 20,000, vector tiles beyond."""

import re
import time

from django.core.management import call_command
from playwright.sync_api import expect

from geoparticipation.demo.seeding import SLUG
from geoparticipation.participation.models import Proposal

# Generous for a loaded test machine; the time is printed (pytest -s), and is about 1 s on a laptop.
LOAD_BUDGET = 8.0


def test_ten_thousand_proposals_load_from_the_ogc_api_and_cluster(page):
    call_command("seed", contributions=12_000, verbosity=0)
    count = Proposal.objects.public().filter(process__slug=SLUG).count()
    assert 10_000 <= count <= 20_000

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    started = time.monotonic()
    page.goto(f"/concertations/{SLUG}/")
    # Grouped as French writes it, with a narrow no-break space: « 12 000 propositions ».
    grouped = f"{count:,}".replace(",", "\u202f")
    expect(page.locator(".proposals .map-status")).to_have_text(f"{grouped} propositions sur la carte", timeout=30_000)
    elapsed = time.monotonic() - started
    in_page = page.evaluate("performance.now()") / 1000
    print(f"\n{count} proposals on the map {elapsed:.2f} s after navigation ({in_page:.2f} s by the page's clock)")

    assert elapsed < LOAD_BUDGET
    expect(page.locator(".marker-cluster").first).to_be_visible()
    items = [url for url in requests if "/ogc/collections/proposals/items" in url]
    assert len(items) == 2 and "limit=10000" in items[0] and "after=" in items[1]
    assert not any("/api/v1/proposals/" in url for url in requests)


def test_a_text_search_reads_the_rest_api(page):
    call_command("seed", contributions=200, verbosity=0)
    page.goto(f"/concertations/{SLUG}/")
    expect(page.locator(".proposals .map-status")).to_contain_text("propositions sur la carte")
    expected = Proposal.objects.public().filter(title__icontains="composteur").count()
    with page.expect_request(re.compile(r"/api/v1/proposals/\?.*q=composteur")):
        page.get_by_label("Rechercher dans les propositions").fill("composteur")
    expect(page.locator(".proposals .map-status")).to_have_text(
        f"{expected} propositions sur la carte" if expected > 1 else f"{expected} proposition sur la carte"
    )


def test_beyond_twenty_thousand_proposals_the_maps_switch_to_vector_tiles(page):
    call_command("seed", contributions=25_000, verbosity=0)
    assert Proposal.objects.public().count() > 20_000
    tiles_message = "Plus de 20 000 propositions : la carte les compte par secteur."

    # The home page states the count (the communes' counters), and its map goes straight to the tiles.
    page.goto("/")
    expect(page.locator(".map-status")).to_contain_text(tiles_message)
    expect(page.locator("canvas.leaflet-tile").first).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(0)

    # The proposals map finds out while loading (a third page of 10,000), and switches too.
    page.goto(f"/concertations/{SLUG}/")
    expect(page.locator(".proposals .map-status")).to_contain_text(tiles_message, timeout=30_000)
    expect(page.locator(".marker-cluster")).to_have_count(0)

    # From z15 each proposal is a point of its own, with a popup that links to its page.
    proposal = Proposal.objects.public().filter(commune__insee="59350").order_by("pk").first()
    lon, lat = proposal.geom.transform(4326, clone=True).coords
    page.evaluate(
        """([lon, lat]) => new Promise((resolve) => {
            window.gpMap.tiles.proposals.once("load", resolve);
            window.gpMap.setView([lat, lon], 18, {animate: false});
        })""",
        [lon, lat],
    )
    page.locator(".gp-map").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([lon, lat]) => {
            const point = window.gpMap.latLngToContainerPoint([lat, lon]);
            const box = window.gpMap.getContainer().getBoundingClientRect();
            return [box.left + point.x, box.top + point.y];
        }""",
        [lon, lat],
    )
    page.mouse.click(x, y)
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_attribute("href", re.compile(rf"^/concertations/{SLUG}/propositions/\d+/$"))
    clicked = Proposal.objects.get(pk=int(link.get_attribute("href").split("/")[-2]))
    expect(link).to_have_text(clicked.title)
    link.click()
    expect(page.get_by_role("heading", name=clicked.title)).to_be_visible()
