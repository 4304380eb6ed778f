"""An officer adds a question that takes a route in the survey builder and previews it, in Chromium."""

from playwright.sync_api import expect

from geoparticipation.surveys.builder import survey_create
from geoparticipation.surveys.models import Question
from tests.web.browser import browser, log_in, page  # noqa: F401

from .test_builder_in_browser import _check_page, people  # noqa: F401


def test_an_officer_adds_a_line_question_and_sees_the_route_map_in_the_preview(page, people):  # noqa: F811
    process, officer, _ = people
    survey = survey_create(process=process, title="Vos trajets", slug="trajets")
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, officer.email)

    page.goto(f"/gestion/concertations/{process.slug}/questionnaires/{survey.pk}/")
    page.locator("#id_new-kind").select_option(label="Carte : tracer un trajet")
    page.locator("#id_new-text").fill("Quel trajet faites-vous pour venir au travail ?")
    page.get_by_role("checkbox", name="Obligatoire").check()
    page.get_by_role("button", name="Ajouter la question").click()
    page.get_by_text("Question ajoutée.").wait_for()
    expect(page.get_by_role("heading", name="Question 1 · Carte : tracer un trajet")).to_be_visible()
    question = survey.questions.get()
    assert (question.kind, question.required) == (Question.Kind.LINE, True)
    _check_page(page)

    page.get_by_role("link", name="Aperçu").click()
    page.get_by_text("le questionnaire tel qu'un participant le verra").wait_for()
    expect(page.get_by_role("application", name="Carte : tracez un trajet")).to_be_visible()
    expect(page.locator(".leaflet-draw-draw-polyline")).to_have_attribute("title", "Tracer une ligne")
    expect(page.get_by_text("Saisir le trajet sans la carte (GeoJSON)")).to_be_visible()
    _check_page(page)
