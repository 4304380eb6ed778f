"""/gestion/concertations/<slug>/membres/: the private switch, members added one by one or from a CSV file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from geoparticipation.accounts.models import User
from geoparticipation.console.models import Invitation
from geoparticipation.console.officers import services
from geoparticipation.mail.models import QueuedMail

from ..conftest import PASSWORD


@pytest.fixture
def officer_client(client, process_officer):
    client.login(email=process_officer.email, password=PASSWORD)
    return client


def upload(text, encoding="utf-8"):
    return SimpleUploadedFile("membres.csv", text.encode(encoding), content_type="text/csv")


def test_the_officer_makes_the_space_private_and_public_again(officer_client, process):
    officer_client.post(reverse("console:space_members_privacy", args=[process.slug]), {"is_private": "on"})
    process.refresh_from_db()
    assert process.is_private
    officer_client.post(reverse("console:space_members_privacy", args=[process.slug]), {})
    process.refresh_from_db()
    assert not process.is_private


def test_an_account_added_becomes_a_member_and_is_told(officer_client, process, citizen):
    officer_client.post(reverse("console:space_members_add", args=[process.slug]), {"email": citizen.email})
    assert process.members.filter(pk=citizen.pk).exists()
    assert QueuedMail.objects.filter(recipients=[citizen.email]).exists()
    page = officer_client.get(reverse("console:space_members", args=[process.slug])).content.decode()
    assert citizen.pseudonym in page and citizen.email in page


def test_an_unknown_address_is_invited_and_becomes_a_member_when_its_account_exists(officer_client, process):
    officer_client.post(reverse("console:space_members_add", args=[process.slug]), {"email": "Lou@Example.org"})
    assert Invitation.objects.filter(email="lou@example.org", kind="member", process=process).exists()
    assert "/comptes/inscription/" in QueuedMail.objects.get(recipients=["lou@example.org"]).body
    lou = User.objects.create_user("lou@example.org", "Lou", PASSWORD)
    assert process.members.filter(pk=lou.pk).exists()
    assert not Invitation.objects.exists()


def test_a_bad_address_is_a_form_error(officer_client, process):
    response = officer_client.post(reverse("console:space_members_add", args=[process.slug]), {"email": "lou@"})
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide." in response.content.decode()


def test_the_import_reports_added_invited_already_members_and_invalid_lines(officer_client, process, citizen):
    already = User.objects.create_user("deja@example.org", "Déjà", PASSWORD)
    process.members.add(already)
    text = (
        "Nom;Courriel\nCamille;camille@example.org\nDéjà;deja@example.org\n"
        "Inconnue;inconnue@example.org\nX;pas-une-adresse\n"
    )
    response = officer_client.post(
        reverse("console:space_members_import", args=[process.slug]), {"file": upload(text, "latin-1")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    for line in (
        "Ajoutés comme membres : 1",
        "Invités à créer un compte : 1",
        "Déjà membres : 1",
        "Lignes invalides : 1",
    ):
        assert line in page
    assert "pas-une-adresse" in page
    assert set(process.members.values_list("email", flat=True)) == {"camille@example.org", "deja@example.org"}


def test_it_reads_one_address_a_line_without_a_header():
    valid, invalid = services.read_addresses(b"\xef\xbb\xbfa@example.org\n\nB@example.org\nnon\n")
    assert valid == [(1, "a@example.org"), (3, "b@example.org")]
    assert invalid == [(4, "non")]


def test_it_reads_a_comma_separated_file_with_an_email_column():
    valid, invalid = services.read_addresses(b"id,e-mail\n1,a@example.org\n2,\n")
    assert valid == [(2, "a@example.org")]
    assert invalid == [(3, "")]


def test_ten_thousand_lines_are_imported_in_a_few_queries(process, citizen, django_assert_max_num_queries):
    data = "\n".join(f"personne{i}@example.org" for i in range(9_999)).encode() + b"\ncamille@example.org\n"
    with django_assert_max_num_queries(12):
        report = services.members_import(process=process, data=data, site_url="http://testserver")
    assert (len(report.added), len(report.invited)) == (1, 9_999)
    assert Invitation.objects.filter(process=process).count() == 9_999


def test_a_file_too_long_is_refused(officer_client, process):
    text = "\n".join(f"p{i}@example.org" for i in range(10_002))
    response = officer_client.post(reverse("console:space_members_import", args=[process.slug]), {"file": upload(text)})
    assert response.status_code == 400
    assert "découpez-le" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_officer_removes_a_member(officer_client, process, citizen):
    process.members.add(citizen)
    officer_client.post(reverse("console:space_member_remove", args=[process.slug, citizen.pk]))
    assert not process.members.filter(pk=citizen.pk).exists()
