"""The answers' flows as an officer does them in headless Chromium: the due answers, answering with a template, the
bulk answer, the templates' page; each page checked by axe-core and for overflow at 1,366 px."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.console.models import AnswerTemplate, Role
from geoparticipation.participation.models import Proposal
from geoparticipation.territory.models import Commune
from tests.factories import MAIRIE_ROUBAIX, make_process, make_proposal
from tests.web.axe import assert_accessible
from tests.web.browser import PASSWORD, log_in

from ..conftest import LILLE, grant


def at_console_width(page):
    page.set_viewport_size({"width": 1366, "height": 768})


def check_page(page):
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def people_and_proposals():
    process = make_process()
    citizen = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    officer = grant(
        User.objects.create_user("agent-climat@example.org", "Agent climat", PASSWORD),
        Role.Kind.PROCESS_OFFICER,
        process=process,
    )
    late = make_proposal(process, citizen, title="Un abri vélo ancien", theme=process.themes.get(slug="climat"))
    Proposal.objects.filter(pk=late.pk).update(published_at=timezone.now() - datetime.timedelta(days=40))
    recent = make_proposal(process, citizen, title="Une piste cyclable récente")
    return process, officer, late, recent


def test_an_officer_answers_a_late_proposal_with_a_template(page):
    process, officer, late, recent = people_and_proposals()
    AnswerTemplate.objects.create(
        state="accepted", title="Accord de principe", text="Votre proposition est retenue : elle sera étudiée."
    )
    at_console_width(page)
    log_in(page, officer.email)

    page.goto("/gestion/reponses/")
    check_page(page)
    page.get_by_label("En retard seulement").check()
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("en retard de 10 jours")).to_be_visible()
    expect(page.get_by_role("link", name=recent.title)).to_have_count(0)
    page.get_by_role("link", name=late.title).click()

    expect(page.get_by_role("heading", level=1, name=late.title)).to_be_visible()
    check_page(page)
    page.get_by_label("Modèle de réponse").select_option(label="Acceptée · Accord de principe")
    expect(page.get_by_label("Réponse motivée")).to_have_value("Votre proposition est retenue : elle sera étudiée.")
    expect(page.get_by_label("État donné à la proposition")).to_have_value("accepted")
    page.get_by_label("Réponse motivée").fill("Votre proposition est retenue : l'abri sera posé en mars.")
    page.get_by_role("button", name="Publier la réponse").click()

    expect(page.get_by_text("La réponse est publiée et l'auteur en est averti.")).to_be_visible()
    expect(page.locator(".answers-history")).to_contain_text("l'abri sera posé en mars")
    late.refresh_from_db()
    assert (late.state, late.answered_by) == ("accepted", officer)
    page.goto(f"/concertations/{process.slug}/propositions/{late.pk}/")
    expect(page.locator(".answer")).to_contain_text("l'abri sera posé en mars")


def test_an_officer_answers_the_checked_proposals_at_once(page):
    process, officer, late, recent = people_and_proposals()
    at_console_width(page)
    log_in(page, officer.email)

    page.goto(f"/gestion/concertations/{process.slug}/propositions/")
    check_page(page)
    page.get_by_label(f"Sélectionner « {late.title} »").check()
    page.get_by_label(f"Sélectionner « {recent.title} »").check()
    page.get_by_label("État donné à la proposition").select_option(label="En cours d'évaluation")
    page.get_by_label("Réponse motivée").fill("Vos propositions sont à l'étude par les services.")
    page.get_by_role("button", name="Répondre aux propositions cochées").click()

    expect(page.get_by_text("2 proposition(s) ont reçu la réponse.")).to_be_visible()
    assert Proposal.objects.filter(state="evaluating").count() == 2


def test_an_officer_writes_an_answer_template_for_its_concertation(page):
    process, officer, _, _ = people_and_proposals()
    at_console_width(page)
    log_in(page, officer.email)

    page.goto("/gestion/reponses/modeles/")
    check_page(page)
    page.get_by_label("État donné").select_option(label="Rejetée")
    page.get_by_label("Titre").fill("Hors compétence")
    page.get_by_label("Texte de la réponse").fill("Cette demande relève de la commune.")
    page.get_by_label("Concertation").select_option(label=process.title)
    page.get_by_role("button", name="Enregistrer le modèle").click()

    expect(page.get_by_role("rowheader", name="Hors compétence")).to_be_visible()
    assert AnswerTemplate.objects.get().process == process


def test_a_commune_officer_sees_only_its_commune_s_proposals(page):
    process, _, late, _ = people_and_proposals()
    in_roubaix = make_proposal(process, late.author, title="Un banc à Roubaix", where=MAIRIE_ROUBAIX)
    lille = grant(
        User.objects.create_user("agent-lille@example.org", "Équipe de Lille", PASSWORD),
        Role.Kind.COMMUNE_OFFICER,
        commune=Commune.objects.get(insee=LILLE),
    )
    at_console_width(page)
    log_in(page, lille.email)

    page.goto("/gestion/reponses/")
    check_page(page)
    expect(page.get_by_role("link", name=late.title)).to_be_visible()
    expect(page.get_by_role("link", name=in_roubaix.title)).to_have_count(0)
    response = page.goto(f"/gestion/propositions/{in_roubaix.pk}/")
    assert response.status == 403
