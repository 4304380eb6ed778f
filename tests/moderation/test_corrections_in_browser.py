"""A correction by moderation as people see it in Chromium: the officer in the back-office, then the author and a
visitor on the proposal's page."""

import pytest

from geoparticipation.accounts.models import User

from ..factories import make_process, make_proposal
from ..web.browser import PASSWORD, browser, log_in, page  # noqa: F401  (fixtures)

PHONE = "06 12 34 56 78"


@pytest.fixture
def people(committed_territory):
    officer = User.objects.create_superuser("agent@example.org", "Agent MEL", PASSWORD)
    citizen = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    proposal = make_proposal(make_process(), citizen, body=f"Devant la gare. Appelez-moi au {PHONE}.")
    return officer, citizen, proposal


def test_an_officer_corrects_a_phone_number_and_only_the_author_still_sees_it(page, people):  # noqa: F811
    officer, citizen, proposal = people
    proposal_page = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"

    log_in(page, officer.email)
    page.goto(f"/admin/participation/proposal/{proposal.pk}/change/")
    assert page.locator("textarea[name=body]").count() == 0
    page.get_by_role("link", name="Corriger (modération)").click()
    page.get_by_label("Texte").fill("Devant la gare. Appelez-moi au [numéro retiré].")
    assert page.get_by_label("Motif public").input_value() == "personal_data"
    page.get_by_label("Motif de la correction").fill("Numéro de téléphone retiré")
    page.get_by_role("button", name="Publier la correction").click()
    page.get_by_text("la version de l'auteur est conservée").wait_for()

    page.context.clear_cookies()
    page.goto(proposal_page)
    assert page.get_by_text("Modifié par la modération : données personnelles, le").is_visible()
    assert PHONE not in page.content()

    log_in(page, citizen.email)
    page.goto(proposal_page)
    original = page.get_by_text(f"Devant la gare. Appelez-moi au {PHONE}.")
    assert not original.is_visible()
    page.get_by_text("Votre texte d'origine (vous seul le voyez)").click()
    assert original.is_visible()
