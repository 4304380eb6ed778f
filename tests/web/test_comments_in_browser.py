"""A citizen replies to a comment and agrees with it, from the keyboard; the comment's author sees it in the bell."""

import re

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment

from ..factories import make_process, make_proposal
from .browser import PASSWORD, log_in

AGREE = re.compile(r"^D'accord")


def test_a_reply_and_an_agreement_reach_the_comment_s_author_through_the_bell(page):
    author = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    dominique = User.objects.create_user("dominique@example.org", "Dominique", PASSWORD)
    User.objects.create_user("bernard@example.org", "Bernard59", PASSWORD)
    proposal = make_proposal(make_process(), author)
    comment = services.comment_create(author=dominique, target=proposal, body="Oui, et couvert.")
    url = f"/concertations/plan-climat/propositions/{proposal.pk}/"

    log_in(page, "bernard@example.org")
    page.goto(url)
    item = page.locator(f"#commentaire-{comment.pk}")
    item.get_by_text("Répondre").focus()
    page.keyboard.press("Enter")
    item.get_by_label("Votre réponse").fill("Couvert et éclairé, alors.")
    item.get_by_role("button", name="Publier ma réponse").press("Enter")
    expect(page.get_by_text("Votre réponse est publiée.")).to_be_visible()
    reply = Comment.objects.get(parent=comment)
    expect(page.locator(f"#commentaire-{comment.pk} .comment-replies #commentaire-{reply.pk}")).to_contain_text(
        "Couvert et éclairé, alors."
    )
    agree = page.locator(f"#commentaire-{comment.pk} > .comment-votes").get_by_role("button", name=AGREE)
    expect(agree).to_have_attribute("aria-pressed", "false")
    agree.focus()
    page.keyboard.press("Space")
    agree = page.locator(f"#commentaire-{comment.pk} > .comment-votes").get_by_role("button", name=AGREE)
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_contain_text("1")

    page.context.clear_cookies()
    log_in(page, "dominique@example.org")
    bell = page.get_by_role("link", name="Notifications, 1 non lue")
    expect(bell).to_be_visible()
    bell.click()
    page.get_by_role("link", name="Une réponse à votre commentaire sur « Un abri vélo »").click()
    expect(page.locator(f"#commentaire-{reply.pk}")).to_contain_text("Couvert et éclairé, alors.")
    expect(page.get_by_role("link", name="Notifications, aucune non lue")).to_be_visible()
