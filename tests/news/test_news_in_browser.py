"""A citizen joins a photograph to a new proposal and sees it; the news render, in headless Chromium."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.attachments.models import ProposalFile
from geoparticipation.news.models import Article

from ..attachments.images import jpeg_with_gps
from ..factories import GRAND_PLACE_LILLE, make_process
from ..web.browser import PASSWORD, log_in


def test_a_citizen_attaches_a_described_photo_to_a_proposal_and_reads_the_news(page, tmp_path):
    process = make_process()
    Article.objects.create(
        slug="ouverture",
        title="La concertation est ouverte",
        summary="Donnez votre avis.",
        body="## Comment participer\n\nPlacez un repère.",
        process=process,
        published=True,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    user = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    log_in(page, user.email)
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_gps().read())

    page.goto(f"/concertations/{process.slug}/propositions/nouvelle/")
    page.get_by_label("Titre").fill("Un abri vélo")
    page.get_by_label("Votre proposition").fill("Voir la photo.")
    page.get_by_label("Longitude").fill(str(GRAND_PLACE_LILLE[0]))
    page.get_by_label("Latitude").fill(str(GRAND_PLACE_LILLE[1]))
    page.get_by_label("Image 1 (JPEG ou PNG").set_input_files(str(photo))
    page.get_by_role("button", name="Publier ma proposition").click()
    alt = page.get_by_label("Description de l'image 1 (texte alternatif)")
    expect(page.get_by_role("alert").first).to_contain_text("texte alternatif obligatoire")
    expect(page.get_by_label("Titre")).to_have_value("Un abri vélo")

    alt.fill("L'abri vélo vu du trottoir")
    page.get_by_label("Image 1 (JPEG ou PNG").set_input_files(str(photo))
    page.get_by_role("button", name="Publier ma proposition").click()

    image = page.get_by_role("link", name="L'abri vélo vu du trottoir")
    expect(image).to_be_visible()
    assert ProposalFile.objects.count() == 1
    expect(page.get_by_role("img", name="L'abri vélo vu du trottoir")).to_have_js_property("complete", True)
    assert page.get_by_role("img", name="L'abri vélo vu du trottoir").evaluate("i => i.naturalWidth") > 0

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Actualités").click()
    page.get_by_role("link", name="La concertation est ouverte").click()
    expect(page.get_by_role("heading", name="Comment participer")).to_be_visible()
