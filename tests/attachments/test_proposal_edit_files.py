"""The author's edit adds and removes a proposal's files under the rule of the text's edit, all or nothing."""

import pytest

from geoparticipation.attachments.models import ProposalFile
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal

from ..factories import GRAND_PLACE_LILLE
from .images import jpeg_with_gps, pdf, png
from .test_proposal_files import files_on_disk, new_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def proposal(logged_in, process):
    """The citizen's proposal with a photo and a PDF."""
    new_proposal(
        logged_in, process, image_1=jpeg_with_gps(), image_1_alt="L'abri vu du trottoir", documents=[pdf("Étude.pdf")]
    )
    return Proposal.objects.get()


def edit(client, proposal, **fields):
    return client.post(
        f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/modifier/",
        {
            "title": "Un abri vélo, plans joints",
            "body": "Devant la gare.",
            "lon": GRAND_PLACE_LILLE[0],
            "lat": GRAND_PLACE_LILLE[1],
            **fields,
        },
    )


def names(proposal):
    return [f.original_name for f in ProposalFile.objects.filter(proposal=proposal).order_by("position", "pk")]


def test_the_author_removes_a_file_and_adds_one_with_the_text(
    logged_in, proposal, media_root, django_capture_on_commit_callbacks
):
    document = proposal.files.get(kind=ProposalFile.Kind.DOCUMENT)
    form = logged_in.get(f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/modifier/").text
    assert "Fichiers joints : cochez ceux à retirer" in form and "Étude.pdf (Document PDF)" in form

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(logged_in, proposal, remove=[document.pk], image_2=png("plan.png"), image_2_alt="Le plan")

    assert response.status_code == 302
    assert names(proposal) == ["photo.jpg", "plan.png"]
    assert Proposal.objects.get().title == "Un abri vélo, plans joints"
    page = logged_in.get(response["Location"]).text
    assert 'alt="Le plan"' in page and "Étude.pdf" not in page
    # the photo and its thumbnail, the plan and its thumbnail: the PDF left the disk
    assert len(files_on_disk(media_root)) == 4


def test_more_images_than_allowed_is_a_400_that_changes_nothing(logged_in, proposal, media_root, settings):
    settings.PROPOSAL_MAX_IMAGES = 1
    before = files_on_disk(media_root)

    response = edit(logged_in, proposal, image_1=png("plan.png"), image_1_alt="Le plan")

    assert response.status_code == 400
    page = response.text
    assert "1 images au plus par proposition (2 avec celles gardées)" in page
    assert "Un abri vélo, plans joints" in page
    assert (
        names(proposal) == ["photo.jpg", "Étude.pdf"] and Proposal.objects.get().title != "Un abri vélo, plans joints"
    )
    assert files_on_disk(media_root) == before

    photo = proposal.files.get(kind=ProposalFile.Kind.IMAGE)
    assert (
        edit(logged_in, proposal, remove=[photo.pk], image_1=png("plan.png"), image_1_alt="Le plan").status_code == 302
    )
    assert names(proposal) == ["Étude.pdf", "plan.png"]


def test_a_new_image_without_its_description_removes_nothing(logged_in, proposal, media_root):
    document = proposal.files.get(kind=ProposalFile.Kind.DOCUMENT)
    response = edit(logged_in, proposal, remove=[document.pk], image_2=png())
    assert response.status_code == 400 and "texte alternatif obligatoire" in response.text
    assert names(proposal) == ["photo.jpg", "Étude.pdf"]


def test_a_file_of_another_proposal_cannot_be_removed(logged_in, proposal, client, process):
    other = ProposalFile.objects.create(
        proposal=services.proposal_create(
            author=proposal.author, process=process, title="Autre", body="Ailleurs.", geometry=proposal.geom
        ),
        kind=ProposalFile.Kind.DOCUMENT,
        original_name="autre.pdf",
        size=1,
        file="propositions/autre.pdf",
    )
    assert edit(logged_in, proposal, remove=[other.pk]).status_code == 400
    assert ProposalFile.objects.filter(pk=other.pk).exists()


def test_files_follow_the_edit_rule_a_withdrawn_proposal_keeps_its_files(logged_in, proposal, citizen, media_root):
    services.proposal_withdraw(proposal=proposal, user=citizen)
    document = proposal.files.get(kind=ProposalFile.Kind.DOCUMENT)
    before = files_on_disk(media_root)

    response = edit(logged_in, proposal, remove=[document.pk], image_2=png(), image_2_alt="Le plan")

    assert response.status_code == 403 and "retirée par son auteur" in response.text
    assert names(proposal) == ["photo.jpg", "Étude.pdf"] and files_on_disk(media_root) == before


def test_another_participant_cannot_remove_the_author_s_files(client, proposal, django_user_model):
    intruder = django_user_model.objects.create_user("intrus@example.org", "Intrus", "un-mot-de-passe-solide")
    client.force_login(intruder)
    document = proposal.files.get(kind=ProposalFile.Kind.DOCUMENT)
    assert edit(client, proposal, remove=[document.pk]).status_code == 403
    assert names(proposal) == ["photo.jpg", "Étude.pdf"]
