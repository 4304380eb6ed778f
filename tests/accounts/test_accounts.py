import json
import re

import pytest
from django.contrib.gis.geos import Point
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from geoparticipation.accounts.models import Consent, User
from geoparticipation.pages.selectors import terms_version
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal, Theme

from ..factories import GRAND_PLACE_LILLE

PASSWORD = "un-mot-de-passe-solide"


def sign_up(client, email="alix@example.org", pseudonym="Alix", password=PASSWORD, accepts_charter=True):
    data = {"email": email, "pseudonym": pseudonym, "password1": password, "password2": password}
    return client.post("/comptes/inscription/", data | ({"accepts_charter": "on"} if accepts_charter else {}))


def confirmation_link(message):
    return re.search(r"http://testserver(/comptes/confirmer/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_signing_up_creates_an_inactive_account_until_the_mailed_link_is_opened(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves once the account is committed
        response = sign_up(client)

    assert "Un message vient d'être envoyé" in response.text
    assert not User.objects.get(email="alix@example.org").is_active
    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 302
    assert User.objects.get(email="alix@example.org").is_active
    assert client.get(link).status_code == 400  # a link works once
    assert client.login(email="alix@example.org", password=PASSWORD)


@pytest.mark.django_db
def test_signing_up_records_the_consent_to_the_charter_with_its_version_and_date(client):
    before = timezone.now()

    page = client.get("/comptes/inscription/")
    sign_up(client)

    assert '<a href="/pages/charte-de-participation/"' in page.text
    (consent,) = User.objects.get(email="alix@example.org").consents.all()
    assert (consent.document, consent.version) == ("charte-de-participation", terms_version())
    assert before <= consent.accepted_at <= timezone.now()


@pytest.mark.django_db
def test_a_sign_up_without_accepting_the_charter_is_refused_in_french_and_creates_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, accepts_charter=False)

    assert response.status_code == 400
    assert "Pour créer un compte, acceptez la charte de participation." in response.text
    assert 'value="Alix"' in response.text  # what was typed is kept
    assert not User.objects.exists() and not Consent.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_owner_of_a_known_address_who_signs_up_again_records_no_second_consent(client, citizen):
    sign_up(client, email=citizen.email, pseudonym="Autre")

    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_the_demo_participants_have_no_consent_since_nobody_accepted_anything_for_them(db):
    call_command("load_demo", verbosity=0)

    assert User.objects.exists() and not Consent.objects.exists()


@pytest.mark.django_db
def test_a_tampered_confirmation_link_is_refused_without_an_error_page(client):
    assert client.get("/comptes/confirmer/xx/abc-def/").status_code == 400


@pytest.mark.django_db
def test_signing_up_with_a_known_address_reveals_nothing_and_warns_the_owner(
    client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email="CAMILLE@example.org", pseudonym="Autre")

    assert "Un message vient d'être envoyé" in response.text
    assert User.objects.count() == 1
    assert mail.outbox[0].to == ["camille@example.org"]
    assert "déjà un compte" in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_pseudonym_is_unique_whatever_its_case(client, citizen):
    response = sign_up(client, pseudonym="camille59")

    assert response.status_code == 400
    assert "Ce pseudonyme est déjà pris" in response.text


@pytest.mark.django_db
def test_a_weak_or_mistyped_password_is_explained(client):
    assert "trop court" in sign_up(client, password="abc").text
    response = client.post(
        "/comptes/inscription/",
        {
            "email": "a@example.org",
            "pseudonym": "A",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
            "accepts_charter": "on",
        },
    )
    assert "ne correspondent pas" in response.text


@pytest.mark.django_db
def test_a_forgotten_password_can_be_reset_from_the_mailed_link(client, citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/mot-de-passe/", {"email": citizen.email})
    link = re.search(r"http://testserver(/comptes/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session key first
    client.post(form_url, {"new_password1": "un-autre-secret-solide", "new_password2": "un-autre-secret-solide"})

    assert client.login(email=citizen.email, password="un-autre-secret-solide")


@pytest.mark.django_db
def test_the_profile_keeps_newsletter_themes(client, citizen):
    theme = Theme.objects.create(slug="velo", name="Vélo")
    client.force_login(citizen)

    client.post("/comptes/profil/", {"pseudonym": "Camille59", "newsletter_themes": [theme.pk]})

    assert list(citizen.newsletter_themes.all()) == [theme]


@pytest.mark.django_db
def test_download_my_data_gives_my_account_and_contributions_as_json(client, citizen, process):
    services.proposal_create(
        author=citizen, process=process, title="Ma proposition", body="…", geometry=Point(*GRAND_PLACE_LILLE)
    )
    client.force_login(citizen)

    response = client.get("/comptes/profil/mes-donnees.json")

    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(b"".join(response.streaming_content))
    assert data["account"]["email"] == "camille@example.org"
    assert data["proposals"][0]["title"] == "Ma proposition"
    assert data["proposals"][0]["location"]["coordinates"] == pytest.approx(GRAND_PLACE_LILLE)


@pytest.mark.django_db
def test_deleting_my_account_erases_me_and_keeps_my_proposals_as_participant_supprime(client, citizen, process):
    proposal = services.proposal_create(
        author=citizen, process=process, title="Ma proposition", body="…", geometry=Point(*GRAND_PLACE_LILLE)
    )
    client.force_login(citizen)

    assert client.post("/comptes/profil/supprimer/", {"password": "faux"}).status_code == 400
    client.post("/comptes/profil/supprimer/", {"password": PASSWORD})

    assert not User.objects.filter(email="camille@example.org").exists()
    assert Proposal.objects.filter(pk=proposal.pk, author=None).exists()
    page = client.get(f"/concertations/{process.slug}/propositions/{proposal.pk}/")
    assert "Participant supprimé" in page.text
    assert "Camille59" not in page.text


@pytest.mark.django_db
def test_the_back_office_shows_the_consent_of_an_account_and_offers_no_way_to_change_it(client):
    sign_up(client)
    admin = User.objects.create_superuser("admin@example.org", "Administrateur", PASSWORD)
    alix = User.objects.get(email="alix@example.org")
    client.force_login(admin)

    page = client.get(f"/admin/accounts/user/{alix.pk}/change/")

    assert page.status_code == 200
    assert "Charte de participation" in page.text and alix.consents.get().version in page.text
    assert 'name="consents-0-version"' not in page.text
