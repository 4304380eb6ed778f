"""The author replaces a proposal's PDF by a photo from the edit form, in Chromium: keyboard for the checkbox,
the file chooser for the photo, axe-core on the form."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.attachments.models import ProposalFile
from geoparticipation.attachments.processing import check_pdf
from geoparticipation.attachments.services import proposal_create_with_files

from ..factories import GRAND_PLACE_LILLE, make_process, point
from ..web.axe import assert_accessible
from ..web.browser import PASSWORD, log_in
from .images import pdf, png


def test_the_author_removes_a_pdf_and_adds_a_photo_from_the_edit_form(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ACCEL_REDIRECT = ""
    author = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    process = make_process()
    proposal = proposal_create_with_files(
        author=author,
        process=process,
        title="Un abri vélo",
        body="Devant la gare.",
        geometry=point(*GRAND_PLACE_LILLE),
        documents=[check_pdf(pdf("Étude.pdf"))],
    )
    log_in(page, author.email)
    page.goto(f"/concertations/{process.slug}/propositions/{proposal.pk}/modifier/")

    remove = page.get_by_role("group", name="Fichiers joints : cochez ceux à retirer").get_by_label(
        "Étude.pdf (Document PDF)"
    )
    assert_accessible(page)
    remove.focus()
    page.keyboard.press("Space")
    expect(remove).to_be_checked()
    upload = png("plan.png")
    page.get_by_label("Image 1 (JPEG ou PNG").set_input_files(
        {"name": "plan.png", "mimeType": "image/png", "buffer": upload.read()}
    )
    page.get_by_label("Description de l'image 1").fill("Le plan de l'abri")
    page.get_by_role("button", name="Enregistrer les modifications").click()

    expect(page.get_by_text("Votre proposition est modifiée.")).to_be_visible()
    expect(page.get_by_role("img", name="Le plan de l'abri")).to_be_visible()
    expect(page.get_by_text("Étude.pdf")).to_have_count(0)
    assert [f.original_name for f in ProposalFile.objects.filter(proposal=proposal)] == ["plan.png"]
