"""An administrator's afternoon in Chromium: a role granted, another address invited, a concertation made private
and its members imported from a CSV file; every page passes axe-core and fits in 1,366 px."""

from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.console.models import Invitation, Role
from geoparticipation.participation.models import Process
from tests.factories import make_process
from tests.web.axe import assert_accessible
from tests.web.browser import PASSWORD, browser, log_in, page  # noqa: F401


def check_page(page):  # noqa: F811
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_an_administrator_grants_invites_and_imports_the_members_of_a_private_space(page):  # noqa: F811
    page.set_viewport_size({"width": 1366, "height": 768})
    administrator = User.objects.create_user("admin-console@example.org", "Administratrice", PASSWORD)
    Role.objects.create(user=administrator, kind=Role.Kind.ADMINISTRATOR)
    agent = User.objects.create_user("agent-climat@example.org", "Agent climat", PASSWORD)
    member = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    process = make_process()
    log_in(page, administrator.email)

    page.goto("/gestion/agents/")
    check_page(page)
    page.get_by_label("Adresse e-mail").fill(agent.email)
    page.get_by_label("Rôle", exact=True).first.select_option(label="Agent d'une concertation")
    page.get_by_label("Concertation (pour un agent de concertation)").select_option(label=process.title)
    page.get_by_role("button", name="Attribuer le rôle").click()
    expect(page.get_by_text("attribué à Agent climat (agent-climat@example.org)")).to_be_visible()
    assert Role.objects.filter(user=agent, kind="process", process=process).exists()

    page.get_by_label("Adresse e-mail").fill("nouvelle-agente@example.org")
    page.get_by_label("Rôle", exact=True).first.select_option(label="Administrateur")
    page.get_by_role("button", name="Attribuer le rôle").click()
    expect(page.get_by_text("une invitation lui a été envoyée par e-mail")).to_be_visible()
    invitations = page.get_by_role("region", name="Invitations en attente")
    expect(invitations.get_by_role("row", name="nouvelle-agente@example.org")).to_contain_text("Administrateur")
    assert Invitation.objects.filter(email="nouvelle-agente@example.org", kind="administrator").exists()
    check_page(page)

    page.get_by_role("link", name="Retirer le rôle de Agent climat").click()
    expect(page.get_by_role("heading", name="Retirer un rôle")).to_be_visible()
    check_page(page)

    page.goto(f"/gestion/concertations/{process.slug}/membres/")
    check_page(page)
    page.get_by_label("Espace privé : seuls ses membres voient la concertation").check()
    page.get_by_role("button", name="Enregistrer la confidentialité").click()
    expect(page.get_by_text("L'espace est privé")).to_be_visible()
    assert Process.objects.get(pk=process.pk).is_private

    page.get_by_label("Fichier CSV d'adresses e-mail").set_input_files(
        {
            "name": "membres.csv",
            "mimeType": "text/csv",
            "buffer": b"courriel\ncamille@example.org\ninconnu@example.org\npas une adresse\n",
        }
    )
    page.get_by_role("button", name="Importer le fichier").click()
    report = page.get_by_role("status").filter(has_text="Résultat de l'import")
    expect(report).to_contain_text("Ajoutés comme membres : 1")
    expect(report).to_contain_text("Invités à créer un compte : 1")
    expect(report).to_contain_text("Lignes invalides : 1")
    expect(report.get_by_role("row", name="4 pas une adresse")).to_be_visible()
    expect(page.get_by_role("cell", name="camille@example.org")).to_be_visible()
    assert list(Process.objects.get(pk=process.pk).members.all()) == [member]
    assert Invitation.objects.filter(email="inconnu@example.org", kind="member", process=process).exists()
    check_page(page)

    page.get_by_role("link", name="Retirer Camille59").click()
    expect(page.get_by_role("heading", name="Retirer un membre")).to_be_visible()
    check_page(page)
