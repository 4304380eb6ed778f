"""The header's search box, as a citizen uses it with the keyboard, in headless Chromium."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User

from ..factories import make_meeting, make_process, make_proposal
from ..web.browser import PASSWORD, browser, page  # noqa: F401  (fixtures)


def test_a_citizen_types_velo_in_the_header_box_sees_the_results_by_kind_and_opens_one(page):  # noqa: F811
    process = make_process("plan-velo")
    process.title = "Plan vélo"
    process.save()
    author = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    make_proposal(process, author, title="Des arceaux à vélos", body="Devant la gare de Roubaix.")
    make_proposal(process, author, title="Plus de bancs", body="Pour s'asseoir.")
    make_meeting(process, title="Atelier vélo", description="Réparer son vélo.")

    page.goto("/communes/")
    # Tab from the page's start to the box: it is reachable by the keyboard, and named by its label.
    box = page.get_by_role("search", name="Rechercher sur le site").get_by_label("Rechercher", exact=True)
    for _ in range(30):
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    expect(box).to_be_focused()
    page.keyboard.type("velo")
    page.keyboard.press("Enter")

    expect(page).to_have_url("/recherche/?q=velo")
    expect(page.get_by_role("heading", level=2, name="Concertations (1)")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Propositions (1)")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Réunions (1)")).to_be_visible()
    result = page.get_by_role("link", name="Des arceaux à vélos")
    expect(result.locator("mark")).to_have_text("vélos")
    expect(page.get_by_text("Plus de bancs")).to_have_count(0)
    # The page's own box keeps the words, for a second try.
    again = page.get_by_role("search", name="Nouvelle recherche").get_by_label("Rechercher", exact=True)
    expect(again).to_have_value("velo")

    result.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Des arceaux à vélos")).to_be_visible()


def test_the_header_box_does_not_overflow_a_phone_screen(page):  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/recherche/?q=lezennes")
    expect(page.get_by_role("link", name="Lezennes")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    # On a phone the header's box is behind the « Menu » button.
    page.get_by_role("button", name="Menu").click()
    form = page.get_by_role("search", name="Rechercher sur le site").bounding_box()
    assert form["x"] >= 0 and form["x"] + form["width"] <= 360
    assert overflow <= 0
