"""Reporting a comment, and opening a hidden proposal's link, as a citizen does in headless Chromium."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Report

from ..factories import make_process, make_proposal
from .browser import PASSWORD, log_in


def test_a_citizen_reports_a_comment_from_the_thread(page):
    author = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    reader = User.objects.create_user("lucie@example.org", "Lucie", PASSWORD)
    proposal = make_proposal(make_process(), author)
    services.comment_create(author=author, target=proposal, body="Bonne idée.")
    comment = services.comment_create(author=author, target=proposal, body="Achetez mes vélos sur mon site !")
    log_in(page, reader.email)

    page.goto(f"/concertations/plan-climat/propositions/{proposal.pk}/")
    thread_item = page.locator(f"#commentaire-{comment.pk}")
    thread_item.get_by_text("Signaler ce commentaire").click()
    thread_item.get_by_label("Motif").select_option(label="Publicité ou spam")
    thread_item.get_by_label("Précisions (facultatif)").fill("Démarchage commercial.")
    thread_item.get_by_role("button", name="Envoyer le signalement").click()

    expect(page.get_by_text("Merci, votre signalement a été transmis à la modération.")).to_be_visible()
    [report] = Report.objects.all()
    assert (report.target, report.reporter, report.reason, report.details) == (
        comment,
        reader,
        "spam",
        "Démarchage commercial.",
    )


def test_the_link_to_a_hidden_proposal_says_when_and_why_it_was_hidden(page):
    author = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    officer = User.objects.create_user("agent@example.org", "Agent MEL", PASSWORD, is_staff=True)
    proposal = make_proposal(make_process(), author, title="Isolation à 1 euro", body="Appelez le 03 00 00 00 00.")
    services.content_hide(target=proposal, officer=officer, category="spam", reason="Publicité commerciale")

    response = page.goto(f"/concertations/plan-climat/propositions/{proposal.pk}/")

    assert response.status == 410
    expect(page.get_by_role("heading", name="Proposition masquée par la modération")).to_be_visible()
    expect(page.get_by_text("Motif : Publicité ou spam.")).to_be_visible()
    expect(page.get_by_role("link", name="La charte de participation")).to_have_attribute(
        "href", "/pages/charte-de-participation/"
    )
    text = page.locator("main").inner_text()
    for secret in ("Isolation à 1 euro", "03 00 00 00 00", "Camille59", "Agent MEL", "Publicité commerciale"):
        assert secret not in text
