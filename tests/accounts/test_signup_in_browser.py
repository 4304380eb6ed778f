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
