import re

from django.core import mail
from playwright.sync_api import expect

from geoparticipation.accounts.models import User

from ..web.browser import PASSWORD


def test_a_person_signs_up_confirms_from_the_mail_and_logs_in(page):
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").click()
    page.get_by_label("Adresse e-mail").fill("alix@example.org")
    page.get_by_label("Pseudonyme").fill("Alix")
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    expect(page.get_by_role("link", name="lire la charte de participation")).to_have_attribute(
        "href", "/pages/charte-de-participation/"
    )
    page.get_by_label("J'accepte la charte de participation").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Confirmez votre adresse")).to_be_visible()
    assert not User.objects.get(email="alix@example.org").is_active

    (message,) = mail.outbox
    link = re.search(r"http://\S+/comptes/confirmer/\S+/", message.body).group(0)
    page.goto(link)
    expect(page.get_by_text("Votre adresse est confirmée")).to_be_visible()
    page.get_by_label("Adresse e-mail").fill("alix@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("link", name="Mon compte (Alix)")).to_be_visible()


def test_a_sign_up_without_the_charter_ticked_is_refused_and_keeps_what_was_typed(page):
    page.goto("/comptes/inscription/")
    page.get_by_label("Adresse e-mail").fill("alix@example.org")
    page.get_by_label("Pseudonyme").fill("Alix")
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    # The browser's own check would stop the form before the server: the server's answer is what is tested.
    page.locator("form.form").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page.get_by_role("alert")).to_contain_text("Pour créer un compte, acceptez la charte de participation.")
    expect(page.get_by_label("Pseudonyme")).to_have_value("Alix")
    assert not User.objects.exists()


def test_an_unconfirmed_person_is_told_at_login_and_confirms_with_the_link_sent_again(page):
    User.objects.create_user("alix@example.org", "Alix", PASSWORD, is_active=False)
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse e-mail").fill("alix@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("alert")).to_contain_text("Votre adresse e-mail n'est pas encore confirmée")
    page.get_by_role("button", name="Renvoyer le lien de confirmation").click()
    expect(page.get_by_text("un nouveau lien vient d'y être envoyé")).to_be_visible()

    (message,) = mail.outbox
    page.goto(re.search(r"http://\S+/comptes/confirmer/\S+/", message.body).group(0))
    expect(page.get_by_text("Votre adresse est confirmée")).to_be_visible()
    page.get_by_label("Adresse e-mail").fill("alix@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("link", name="Mon compte (Alix)")).to_be_visible()
