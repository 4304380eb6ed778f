"""Moderating from the console as an officer does in headless Chromium: reports come in, the officer hides one
content and dismisses another's report, then reads the journal; every page passes axe and fits 1,366 px."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.console.models import Role
from geoparticipation.moderation.models import ModerationAction
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, Proposal, Report
from tests.factories import make_process, make_proposal
from tests.web.axe import assert_accessible
from tests.web.browser import PASSWORD, browser, log_in, page  # noqa: F401


def fits(console_page):
    assert console_page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert_accessible(console_page)


def test_an_officer_hides_a_reported_proposal_and_dismisses_a_comments_report(page):  # noqa: F811
    page.set_viewport_size({"width": 1366, "height": 768})
    author = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    reader = User.objects.create_user("lucie@example.org", "Lucie", PASSWORD)
    officer = User.objects.create_user("agent-climat@example.org", "Agent climat", PASSWORD)
    process = make_process()
    Role.objects.create(user=officer, kind=Role.Kind.PROCESS_OFFICER, process=process)
    proposal = make_proposal(process, author, title="Isolation à 1 euro", body="Appelez le 03 00 00 00 00.")
    comment = services.comment_create(author=author, target=proposal, body="Je ne suis pas d'accord.")

    log_in(page, reader.email)
    page.goto(f"/concertations/plan-climat/propositions/{proposal.pk}/")
    report = page.locator("details.report", has_text="Signaler un contenu inapproprié")
    report.get_by_text("Signaler un contenu inapproprié").click()
    report.get_by_label("Motif").select_option(label="Publicité ou spam")
    report.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_text("Merci, votre signalement a été transmis à la modération.")).to_be_visible()
    thread_item = page.locator(f"#commentaire-{comment.pk}")
    thread_item.get_by_text("Signaler ce commentaire").click()
    thread_item.get_by_label("Motif").select_option(label="Propos injurieux ou haineux")
    thread_item.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_text("Merci, votre signalement a été transmis à la modération.")).to_be_visible()
    assert Report.objects.count() == 2
    page.context.clear_cookies()

    log_in(page, officer.email)
    page.goto("/gestion/moderation/")
    expect(page.get_by_role("heading", name="Modération", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="2 contenus signalés")).to_be_visible()
    fits(page)

    page.get_by_role("link", name="Isolation à 1 euro").click()
    expect(page.get_by_role("heading", name=f"Proposition n° {proposal.pk}")).to_be_visible()
    expect(page.locator(".moderation-text__body")).to_have_text("Appelez le 03 00 00 00 00.")
    fits(page)
    page.get_by_label("Motif public").select_option(label="Données personnelles")
    page.get_by_label("Note à l'auteur (non publique)").fill("Votre numéro de téléphone ne peut être publié.")
    page.get_by_role("button", name="Masquer", exact=True).click()
    expect(page.get_by_text("Le contenu est masqué ; son auteur en est informé par courriel.")).to_be_visible()
    expect(page.get_by_text("Votre numéro de téléphone ne peut être publié.")).to_be_visible()
    fits(page)
    assert Proposal.objects.get().hidden_category == "personal_data"

    page.get_by_role("link", name="Retour à la file de modération").click()
    expect(page.get_by_role("heading", name="1 contenu signalé")).to_be_visible()
    page.get_by_label(f"Choisir commentaire n° {comment.pk}").check()
    page.get_by_role("button", name="Écarter les signalements").click()
    expect(page.get_by_text("1 contenu(s) dont les signalements sont écartés.")).to_be_visible()
    expect(page.get_by_text("Aucun contenu signalé ne correspond à ces filtres.")).to_be_visible()
    assert not Report.objects.filter(object_id=comment.pk, content_type__model="comment").exists()
    assert Comment.objects.get().hidden_at is None

    page.get_by_role("link", name="Voir le journal de modération").click()
    expect(page.get_by_role("heading", name="Journal de modération", level=1)).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Signalement écarté")
    expect(rows.nth(1)).to_contain_text("Masquage")
    expect(rows.nth(1)).to_contain_text("Votre numéro de téléphone")
    fits(page)
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == ["hide", "dismiss_report"]

    page.set_viewport_size({"width": 768, "height": 1024})
    for url in (
        "/gestion/moderation/?etat=tous",
        f"/gestion/moderation/proposition/{proposal.pk}/",
        "/gestion/moderation/journal/",
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 768, url
