"""The author of a new proposal moves its pin and rewrites its text, sees it, then withdraws it, in Chromium."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.participation.models import Proposal

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, make_process, make_proposal
from .browser import PASSWORD, log_in
from .test_citizen_map_in_browser import click_at, zoom_to


# Since the click asks the server about the place first (maps.js placeChecker), a click on the edit form's map, where a
# pin already stands, leaves the status empty in this test; the creation form's clicks are tested and pass. Open bug,
# named in issue #14's note: the test stays, so that it reports when fixed.
def test_an_author_edits_the_pin_and_text_then_withdraws_the_proposal(page):
    author = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    process = make_process()
    proposal = make_proposal(process, author, title="Un abri vélo", where=GRAND_PLACE_LILLE)
    log_in(page, author.email)
    page.goto(f"/concertations/{process.slug}/propositions/{proposal.pk}/")

    page.get_by_role("link", name="Modifier").click()
    expect(page.get_by_label("Titre")).to_have_value("Un abri vélo")
    page.get_by_label("Votre proposition").fill("Plutôt devant la mairie de Roubaix.")
    zoom_to(page, *MAIRIE_ROUBAIX, 17)
    click_at(page, *MAIRIE_ROUBAIX)
    expect(page.locator("#location-status")).to_contain_text("Repère placé")
    page.get_by_role("button", name="Enregistrer les modifications").click()

    expect(page.get_by_text("Votre proposition est modifiée.")).to_be_visible()
    expect(page.get_by_text("Plutôt devant la mairie de Roubaix.")).to_be_visible()
    expect(page.get_by_role("link", name="Roubaix", exact=True)).to_be_visible()

    # The link to share it, with the keyboard: « Copier le lien » writes it or selects it for Ctrl+C.
    page.get_by_role("button", name="Copier le lien").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-share-status]")).not_to_be_empty()

    page.get_by_role("link", name="Retirer ma proposition").click()
    page.get_by_role("button", name="Oui, retirer ma proposition").click()
    expect(page.get_by_text("Retirée par son auteur le")).to_be_visible()
    expect(page.locator(".state")).to_have_text("Retirée")
    expect(page.get_by_role("button", name="Soutenir")).to_have_count(0)
    expect(page.get_by_role("link", name="Modifier")).to_have_count(0)
    proposal = Proposal.objects.select_related("commune").get(pk=proposal.pk)
    assert (proposal.state, proposal.commune.nom) == ("withdrawn", "Roubaix")
