import datetime
import html

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from geoparticipation.participation import rules
from geoparticipation.surveys import services
from geoparticipation.surveys.models import Answer, ParticipantProfile, Question, Response
from geoparticipation.territory.models import Commune

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process, point, set_phases
from .factories import answers_at, choice, make_survey, question


def url(survey, page=""):
    return f"/concertations/{survey.process.slug}/questionnaires/{survey.slug}/{page}"


def form_data(survey, lon, lat, **extra):
    """What the page posts: the point as two coordinates, the area as GeoJSON."""
    data = {
        f"question_{question(survey, 'single').pk}": choice(survey, "single", "Vélo"),
        f"question_{question(survey, 'multiple').pk}": [choice(survey, "multiple", "Vélo")],
        f"question_{question(survey, 'scale').pk}": 4,
        f"question_{question(survey, 'text').pk}": "Plus de pistes",
        f"question_{question(survey, 'point').pk}_lon": lon,
        f"question_{question(survey, 'point').pk}_lat": lat,
        f"question_{question(survey, 'area').pk}": point(lon, lat).buffer(0.001).geojson if lon != "" else "",
    }
    return {**data, **extra}


def test_the_survey_page_sends_an_anonymous_visitor_to_the_login_page(client, survey):
    response = client.get(url(survey))
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/?next=")


def test_an_answer_on_the_page_stores_the_place_in_lambert_93_with_its_commune(client, survey, citizen):
    client.force_login(citizen)
    response = client.post(url(survey), form_data(survey, *GRAND_PLACE_LILLE))

    assert response.status_code == 302
    assert response["Location"] == url(survey, "resultats/")
    stored = Answer.objects.get(question__kind=Question.Kind.POINT)
    assert stored.geom.srid == settings.STORAGE_SRID == 2154
    assert stored.commune.nom == "Lille"
    assert Answer.objects.get(question__kind=Question.Kind.AREA).commune.nom == "Lille"
    assert Response.objects.get().user == citizen


def test_a_second_response_by_the_same_account_is_refused_with_a_message(client, survey, citizen):
    client.force_login(citizen)
    client.post(url(survey), form_data(survey, *GRAND_PLACE_LILLE))

    response = client.post(url(survey), form_data(survey, *MAIRIE_ROUBAIX))

    assert response.status_code == 409
    assert "Vous avez déjà répondu à ce questionnaire" in response.content.decode()
    assert Response.objects.count() == 1
    assert Answer.objects.get(question__kind=Question.Kind.POINT).commune.nom == "Lille"
    with pytest.raises(ValidationError, match="une seule réponse par compte"):
        services.response_create(survey=survey, user=citizen, answers=answers_at(survey, *MAIRIE_ROUBAIX))


def test_the_database_itself_refuses_a_second_response_of_one_account(survey, citizen):
    Response.objects.create(survey=survey, user=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, user=citizen)


def test_a_participant_can_change_their_answers_while_the_survey_is_open(client, survey, citizen):
    client.force_login(citizen)
    client.post(url(survey), form_data(survey, *GRAND_PLACE_LILLE))
    first = Response.objects.get()

    page = client.get(url(survey)).content.decode()
    assert "Vous avez déjà répondu" in page
    assert 'value="3.063' in page  # the saved point, in the coordinate fields

    response = client.post(url(survey), form_data(survey, *MAIRIE_ROUBAIX, response=first.pk))

    assert response.status_code == 302
    assert Response.objects.get().pk == first.pk
    assert Answer.objects.get(question__kind=Question.Kind.POINT).commune.nom == "Roubaix"


def test_a_map_answer_outside_the_territory_gets_a_french_message_and_nothing_is_saved(client, survey, citizen):
    client.force_login(citizen)
    response = client.post(url(survey), form_data(survey, *OUTSIDE_TERRITORY))

    assert response.status_code == 400
    assert "en dehors du territoire de la métropole" in response.content.decode()
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not ParticipantProfile.objects.exists()


def test_a_required_map_question_left_blank_is_named_in_the_message(client, survey, citizen):
    client.force_login(citizen)
    response = client.post(url(survey), form_data(survey, "", ""))

    assert response.status_code == 400
    assert "Question point</a> : Cette question est obligatoire." in response.content.decode()
    assert not Response.objects.exists()


def test_a_survey_of_a_closed_concertation_takes_no_answer_and_says_why(client, citizen):
    survey = make_survey(make_process(open_=False))
    client.force_login(citizen)
    reason = "Cette concertation est terminée : elle n'accepte plus de réponses aux questionnaires."

    page = html.unescape(client.get(url(survey)).content.decode())
    assert reason in page and "Envoyer mes réponses" not in page
    response = client.post(url(survey), form_data(survey, *GRAND_PLACE_LILLE))
    assert response.status_code == 403
    assert reason in html.unescape(response.content.decode())
    assert not Response.objects.exists()


def test_a_survey_that_follows_the_concertation_takes_answers_only_in_a_phase_that_allows_them(citizen):
    process = make_process()
    set_phases(process, ("Restitution", -1, 1, ("comments",)))
    survey = make_survey(process)
    with pytest.raises(rules.NotAllowedNow, match="« Restitution » n'accepte pas de réponses aux questionnaires"):
        services.response_create(survey=survey, user=citizen, answers=answers_at(survey, *GRAND_PLACE_LILLE))
    assert not Response.objects.exists()


def test_a_survey_with_dates_of_its_own_keeps_them_whatever_the_phase(citizen):
    process = make_process()
    set_phases(process, ("Restitution", -1, 1, ("comments",)))
    survey = make_survey(process)
    survey.opens_at, survey.closes_at = timezone.now() - datetime.timedelta(days=1), None
    survey.save()
    services.response_create(survey=survey, user=citizen, answers=answers_at(survey, *GRAND_PLACE_LILLE))
    survey.closes_at = timezone.now()
    survey.save()
    with pytest.raises(rules.NotAllowedNow, match="Ce questionnaire est clos"):
        services.response_update(response=Response.objects.get(), answers=answers_at(survey, *GRAND_PLACE_LILLE))


def test_the_profile_block_keeps_one_profile_per_participant_and_shows_its_current_values(client, survey, citizen):
    client.force_login(citizen)
    profile = {"age_bracket": "25-34", "gender": "f", "home": "59350"}
    client.post(url(survey), form_data(survey, *GRAND_PLACE_LILLE, **profile))

    saved = ParticipantProfile.objects.get(user=citizen)
    assert (saved.age_bracket, saved.gender, saved.home_commune.nom, saved.lives_outside) == (
        "25-34",
        "f",
        "Lille",
        False,
    )

    other = make_survey(survey.process, slug="autre")
    page = client.get(url(other)).content.decode()
    assert '<option value="25-34" selected>' in page
    assert '<option value="59350" selected>Lille</option>' in page

    client.post(url(other), form_data(other, *GRAND_PLACE_LILLE, age_bracket="25-34", gender="f", home="hors"))
    saved = ParticipantProfile.objects.get(user=citizen)
    assert (saved.home_commune, saved.lives_outside) == (None, True)
    assert ParticipantProfile.objects.count() == 1


def test_a_private_concertation_survey_is_not_found_by_a_non_member(client, private_survey, citizen):
    client.force_login(citizen)
    assert client.get(url(private_survey)).status_code == 404
    assert client.get(url(private_survey, "resultats/")).status_code == 404
    with pytest.raises(Exception, match="réservé aux membres"):
        services.response_create(
            survey=private_survey, user=citizen, answers=answers_at(private_survey, *GRAND_PLACE_LILLE)
        )


def test_the_commune_of_a_map_answer_is_set_by_the_database_on_any_write(survey, citizen):
    response = Response.objects.create(survey=survey, user=citizen)
    answer = Answer.objects.create(
        response=response, question=question(survey, "point"), geom=point(*MAIRIE_ROUBAIX).transform(2154, clone=True)
    )
    answer.refresh_from_db()
    assert answer.commune == Commune.objects.get(nom="Roubaix")
