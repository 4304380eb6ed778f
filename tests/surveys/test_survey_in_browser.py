"""A citizen answers a survey with a map question and the profile block, in headless Chromium."""

import json

import pytest
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.surveys.models import Answer, ParticipantProfile, Question

from ..factories import GRAND_PLACE_LILLE, make_process
from ..web.browser import PASSWORD, log_in
from ..web.test_citizen_map_in_browser import click_at, zoom_to
from .factories import make_survey, respondents


@pytest.fixture
def survey_with_four_answers_in_lille(page):
    """A point question; four people already answered at the Grand-Place, so a fifth makes the count public."""
    survey = make_survey(make_process(), kinds=("single", "scale", "text", "point"))
    respondents(survey, 4, GRAND_PLACE_LILLE, mode="Vélo")
    return survey


def test_a_citizen_answers_a_map_question_and_the_results_page_and_the_layer_count_it(
    page, live_server, survey_with_four_answers_in_lille
):
    survey = survey_with_four_answers_in_lille
    user = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    log_in(page, user.email)

    page.goto(f"/concertations/{survey.process.slug}/questionnaires/{survey.slug}/")
    page.get_by_role("group", name="1. Question single").get_by_label("Vélo").check()
    page.get_by_role("group", name="2. Question scale").get_by_label("4", exact=True).check()
    page.get_by_label("3. Question text").fill("Un texte que personne d'autre ne lira")
    zoom_to(page, *GRAND_PLACE_LILLE, 17)
    click_at(page, *GRAND_PLACE_LILLE)
    expect(page.locator(".location-status")).to_contain_text("Repère placé")
    page.get_by_label("Tranche d'âge").select_option(label="25 à 34 ans")
    page.get_by_label("Genre").select_option(label="Femme")
    page.get_by_label("Commune de résidence").select_option(label="Lille")
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_text("Merci ! Vos réponses sont enregistrées.")).to_be_visible()
    expect(page.locator("#respondents")).to_have_text("5 répondant(s)")
    expect(page.get_by_role("row", name="Vélo")).to_contain_text("100 %")
    expect(page.get_by_role("row", name="Lille")).to_contain_text("5")
    expect(page.locator("main")).not_to_contain_text("Un texte que personne d'autre ne lira")

    answer = Answer.objects.get(response__user=user, question__kind=Question.Kind.POINT)
    assert answer.commune.nom == "Lille"
    assert answer.geom.transform(4326, clone=True).coords == pytest.approx(GRAND_PLACE_LILLE, abs=1e-4)
    profile = ParticipantProfile.objects.get(user=user)
    assert (profile.age_bracket, profile.gender, profile.home_commune.nom) == ("25-34", "f", "Lille")

    layer = json.loads(page.request.get("/ogc/collections/survey_answers/items").text())
    (lille,) = layer["features"]
    assert lille["properties"]["commune_nom"] == "Lille"
    assert (lille["properties"]["answers"], lille["properties"]["suppressed"]) == (5, False)
