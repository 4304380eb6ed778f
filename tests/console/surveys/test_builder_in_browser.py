"""The survey builder as an officer uses it in Chromium, then the public survey as a citizen answers it."""

import pytest
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.console.models import Role
from geoparticipation.surveys.models import Question, Response, Survey
from geoparticipation.territory.models import Commune
from tests.factories import make_process, set_phases
from tests.web.axe import assert_accessible
from tests.web.browser import PASSWORD, browser, log_in, page  # noqa: F401

from ..conftest import LILLE

VILLENEUVE_D_ASCQ = "59009"


@pytest.fixture
def people(committed_territory):
    process = set_phases(make_process(), ("Questionnaire", -5, 20, ("survey_answers",)))
    officer = User.objects.create_user("agent-climat@example.org", "Agent climat", PASSWORD)
    Role.objects.create(user=officer, kind=Role.Kind.PROCESS_OFFICER, process=process)
    citizen = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    return process, officer, citizen


def _check_page(shown):
    assert_accessible(shown)
    assert shown.evaluate("document.documentElement.scrollWidth") <= 1366


def test_an_officer_builds_and_publishes_a_survey_that_a_citizen_answers(page, people):  # noqa: F811
    process, officer, citizen = people
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, officer.email)

    page.goto(f"/gestion/concertations/{process.slug}/questionnaires/")
    _check_page(page)
    page.get_by_label("Titre").fill("Vos trajets à vélo")
    page.get_by_label("Adresse (identifiant)").fill("trajets-velo")
    page.get_by_role("button", name="Créer le questionnaire").click()
    page.get_by_text("Questionnaire créé : ajoutez ses questions.").wait_for()

    page.locator("#id_new-kind").select_option(label="Choix unique")
    page.locator("#id_new-text").fill("Comment venez-vous au travail ?")
    page.get_by_role("button", name="Ajouter la question").click()
    page.get_by_text("Question ajoutée.").wait_for()
    for label in ("Voiture", "Vélo", "Marche"):
        page.get_by_label("Nouveau choix").fill(label)
        page.get_by_role("button", name="Ajouter le choix à la question 1").click()
        page.get_by_text("Choix ajouté.").wait_for()

    page.get_by_role("button", name="Descendre le choix").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-move-status]")).to_have_text("Choix déplacé en position 2.")
    survey = Survey.objects.get(slug="trajets-velo")
    single = survey.questions.get()
    assert list(single.choices.order_by("position").values_list("label", flat=True)) == ["Vélo", "Voiture", "Marche"]
    voiture = single.choices.get(label="Voiture")
    assert page.evaluate("document.activeElement.closest('li').id") == f"choice-{voiture.pk}"

    communes = [str(Commune.objects.get(insee=insee)) for insee in (LILLE, VILLENEUVE_D_ASCQ)]
    page.locator("#id_new-kind").select_option(label="Carte : placer un point")
    page.locator("#id_new-text").fill("Où garez-vous votre vélo ?")
    page.locator("#id_new-communes").select_option(label=communes)
    page.get_by_role("button", name="Ajouter la question").click()
    page.get_by_text("Question ajoutée.").wait_for()
    point_question = survey.questions.get(kind=Question.Kind.POINT)
    assert set(point_question.communes.values_list("insee", flat=True)) == {LILLE, VILLENEUVE_D_ASCQ}
    _check_page(page)

    page.get_by_role("link", name="Aperçu").click()
    page.get_by_text("le questionnaire tel qu'un participant le verra").wait_for()
    assert page.get_by_role("button", name="Envoyer mes réponses").is_disabled()
    assert page.get_by_text("Où garez-vous votre vélo ?").is_visible()
    _check_page(page)

    page.get_by_role("link", name="Revenir au questionnaire").click()
    page.get_by_label("Publié").check()
    page.get_by_role("button", name="Enregistrer le questionnaire").click()
    page.get_by_text("Questionnaire enregistré.").wait_for()
    survey.refresh_from_db()
    assert survey.published

    page.context.clear_cookies()
    log_in(page, citizen.email)
    page.goto(f"/concertations/{process.slug}/questionnaires/trajets-velo/")
    page.get_by_label("Vélo").check()
    # The citizen places the pin by choosing a commune (typing both coordinates in a row races the map's own update).
    page.get_by_label("Placer le repère dans une commune").select_option(label="Roubaix")
    expect(page.locator(".location-status")).to_contain_text("Repère placé")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_text("hors de la zone de la question").first.wait_for()
    assert not Response.objects.filter(survey=survey).exists()
    page.get_by_label("Placer le repère dans une commune").select_option(label="Lille")
    expect(page.locator(".location-status")).to_contain_text("Repère placé")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_text("Merci ! Vos réponses sont enregistrées.").wait_for()
    answer = Response.objects.get(survey=survey, user=citizen).answers.get(question=point_question)
    assert answer.commune.insee == LILLE
