"""Images and PDFs sent with the proposal form: stored with it or not at all, served only while it is visible."""

import io
import json

import pytest
from django.conf import settings
from PIL import Image

from geoparticipation.accounts import services as account_services
from geoparticipation.attachments.models import ProposalFile
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal

from ..factories import GRAND_PLACE_LILLE, make_process
from .images import PDF_AUTHOR, fake_image, fake_pdf, jpeg_with_gps, pdf

PASSWORD = "un-mot-de-passe-solide"


def new_proposal(client, process, **files):
    return client.post(
        f"/concertations/{process.slug}/propositions/nouvelle/",
        {
            "title": "Un abri vélo photographié",
            "body": "Devant la gare, voir la photo.",
            "lon": GRAND_PLACE_LILLE[0],
            "lat": GRAND_PLACE_LILLE[1],
            **files,
        },
    )


def files_on_disk(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


@pytest.fixture
def logged_in(client, citizen):
    client.login(username=citizen.email, password=PASSWORD)
    return client


def test_a_proposal_with_a_photo_and_a_pdf_shows_them_and_serves_the_photo_without_gps(logged_in, process, media_root):
    response = new_proposal(
        logged_in,
        process,
        image_1=jpeg_with_gps("IMG_0042 chez moi.jpg"),
        image_1_alt="L'abri vélo vu du trottoir",
        documents=[pdf("Étude de l'abri.pdf")],
    )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    image, document = proposal.files.order_by("position")
    assert "IMG_0042" not in image.file.name and image.file.name.startswith("propositions/")
    page = logged_in.get(response["Location"]).content.decode()
    assert (
        f'<a href="/fichiers/propositions/{image.pk}/"><img src="/fichiers/propositions/{image.pk}/vignette/"' in page
    )
    assert 'alt="L&#x27;abri vélo vu du trottoir"' in page
    assert "Étude de l&#x27;abri.pdf" in page
    served = logged_in.get(f"/fichiers/propositions/{image.pk}/")
    assert served["Content-Type"] == "image/jpeg"
    content = b"".join(served.streaming_content)
    assert not Image.open(io.BytesIO(content)).getexif()
    thumbnail = b"".join(logged_in.get(f"/fichiers/propositions/{image.pk}/vignette/").streaming_content)
    assert not Image.open(io.BytesIO(thumbnail)).getexif()
    served = logged_in.get(f"/fichiers/propositions/{document.pk}/")
    assert served["Content-Type"] == "application/pdf"
    assert PDF_AUTHOR.encode() not in b"".join(served.streaming_content)
    assert len(files_on_disk(media_root)) == 3


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"image_1": "fake", "image_1_alt": "Une photo"}, "n&#x27;est pas une image JPEG ou PNG lisible"),
        ({"image_1": "photo"}, "texte alternatif obligatoire"),
        ({"documents": "fake_pdf"}, "n&#x27;est pas un document PDF"),
        ({"documents": "big_pdf"}, "dépasse la taille permise"),
        ({"documents": "four_pdfs"}, "3 documents au plus (4 envoyés)"),
    ],
)
def test_a_bad_file_is_a_400_that_keeps_the_text_and_stores_nothing(
    logged_in, process, media_root, settings, files, message
):
    settings.UPLOAD_MAX_PDF_MB = 1
    uploads = {
        "fake": fake_image(),
        "photo": jpeg_with_gps(),
        "fake_pdf": fake_pdf(),
        "big_pdf": pdf(size=2 << 20),
        "four_pdfs": [pdf(f"{n}.pdf") for n in range(4)],
    }

    response = new_proposal(logged_in, process, **{k: uploads.get(v, v) for k, v in files.items()})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Un abri vélo photographié" in page and "Devant la gare, voir la photo." in page
    assert not Proposal.objects.exists() and not ProposalFile.objects.exists()
    assert files_on_disk(media_root) == []


def test_a_proposal_the_service_refuses_leaves_no_file_on_disk(logged_in, process, media_root):
    response = logged_in.post(
        f"/concertations/{process.slug}/propositions/nouvelle/",
        {"title": "Sans lieu", "body": "Oubli du repère.", "image_1": jpeg_with_gps(), "image_1_alt": "Une photo"},
    )

    assert response.status_code == 400
    assert not Proposal.objects.exists()
    assert files_on_disk(media_root) == []


def test_files_of_a_hidden_proposal_or_of_a_private_concertation_are_not_served(
    client, logged_in, process, citizen, officer, media_root
):
    new_proposal(logged_in, process, image_1=jpeg_with_gps(), image_1_alt="Une photo")
    image = ProposalFile.objects.get()
    assert client.get(f"/fichiers/propositions/{image.pk}/vignette/").status_code == 200

    services.content_hide(target=image.proposal, officer=officer, category="spam", reason="Publicité")

    assert client.get(f"/fichiers/propositions/{image.pk}/").status_code == 404
    assert logged_in.get(f"/fichiers/propositions/{image.pk}/vignette/").status_code == 404

    private = make_process("atelier-prive", is_private=True)
    private.members.add(citizen)
    new_proposal(logged_in, private, image_1=jpeg_with_gps(), image_1_alt="Une photo")
    members_only = ProposalFile.objects.get(proposal__process=private)
    assert logged_in.get(f"/fichiers/propositions/{members_only.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/fichiers/propositions/{members_only.pk}/").status_code == 404


def test_with_nginx_the_view_hands_the_file_over_by_x_accel_redirect(client, logged_in, process, settings):
    new_proposal(logged_in, process, image_1=jpeg_with_gps(), image_1_alt="Une photo")
    image = ProposalFile.objects.get()
    settings.MEDIA_ACCEL_REDIRECT = "/media-interne/"

    response = client.get(f"/fichiers/propositions/{image.pk}/")

    assert response["X-Accel-Redirect"] == f"/media-interne/{image.file.name}"
    assert response["Content-Type"] == "image/jpeg" and response.content == b""


def test_deleting_a_proposal_takes_its_files_off_the_disk(
    logged_in, process, media_root, django_capture_on_commit_callbacks
):
    new_proposal(logged_in, process, image_1=jpeg_with_gps(), image_1_alt="Une photo")

    with django_capture_on_commit_callbacks(execute=True):
        Proposal.objects.get().delete()

    assert files_on_disk(media_root) == []


def test_my_files_are_in_my_data_and_stay_with_the_proposal_when_i_delete_my_account(logged_in, process, citizen):
    new_proposal(logged_in, process, image_1=jpeg_with_gps("vélo.jpg"), image_1_alt="Une photo")
    image = ProposalFile.objects.get()

    response = logged_in.get("/comptes/profil/mes-donnees.json")
    exported = json.loads(b"".join(response.streaming_content))["proposal_files"]

    assert exported == [
        {
            "proposal": image.proposal_id,
            "kind": "image",
            "name": "vélo.jpg",
            "alt_text": "Une photo",
            "size": image.size,
            "url": f"{settings.SITE_URL}/fichiers/propositions/{image.pk}/",
            "created_at": image.created_at.isoformat(),
        }
    ]
    account_services.account_delete(user=citizen)
    assert ProposalFile.objects.filter(pk=image.pk, proposal__author=None).exists()


def test_the_api_lists_a_proposals_files_with_absolute_urls(client, logged_in, process):
    new_proposal(logged_in, process, image_1=jpeg_with_gps(), image_1_alt="Une photo", documents=[pdf()])
    image, document = ProposalFile.objects.order_by("position")

    listed = client.get(f"/api/v1/proposals/{image.proposal_id}/files/").json()

    assert listed == [
        {
            "kind": "image",
            "name": "photo.jpg",
            "size": image.size,
            "content_type": "image/jpeg",
            "alt_text": "Une photo",
            "url": f"http://testserver/fichiers/propositions/{image.pk}/",
            "thumbnail_url": f"http://testserver/fichiers/propositions/{image.pk}/vignette/",
        },
        {
            "kind": "document",
            "name": "dossier.pdf",
            "size": document.size,
            "content_type": "application/pdf",
            "alt_text": None,
            "url": f"http://testserver/fichiers/propositions/{document.pk}/",
            "thumbnail_url": None,
        },
    ]
