"""A citizen who clicks « Soutenir » after the phase of supports ended, in headless Chromium."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.participation.models import Proposal

from ..factories import ACTIONS, make_process, make_proposal, set_phases
from .browser import PASSWORD, log_in


def test_a_support_clicked_after_the_phase_changed_is_refused_and_the_button_is_gone(page):
    citizen = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    process = make_process()
    proposal = make_proposal(process, citizen)
    log_in(page, citizen.email)
    page.goto(f"/concertations/plan-climat/propositions/{proposal.pk}/")
    support = page.get_by_role("button", name="Soutenir")
    expect(support).to_be_visible()

    # Meanwhile, the calendar moves on to a phase that takes comments only.
    set_phases(process, ("Propositions", -30, -1, ACTIONS), ("Restitution", 0, 30, ("comments",)))
    support.click()

    expect(page.get_by_text("La phase « Restitution » n'accepte plus de soutiens.").first).to_be_visible()
    expect(page.get_by_role("button", name="Soutenir")).to_have_count(0)
    expect(page.get_by_role("button", name="Publier mon commentaire")).to_be_visible()
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 0
