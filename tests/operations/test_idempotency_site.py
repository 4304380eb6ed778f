"""A form of the site posted twice (a double click, a browser retrying after a network cut) is taken once, and the
second answer shows what the first created."""

import json
import re

import pytest
from django.core import mail

from geoparticipation.accounts.models import User
from geoparticipation.participation.models import Annotation, Comment, Proposal, Report, Support
from geoparticipation.surveys.models import Response

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, make_proposal
from ..surveys.factories import make_survey
from ..surveys.test_responses import form_data, url

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'<input type="hidden" name="idempotency_key" value="([^"]+)">')
ALREADY_SENT = "Ce formulaire avait déjà été envoyé : il n&#x27;a été pris en compte qu&#x27;une fois."


def tokens(client, path):
    return TOKEN.findall(client.get(path).content.decode())


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def proposal(process, officer):
    return make_proposal(process, officer)


def test_a_proposal_sent_twice_is_published_once_and_both_answers_lead_to_it(signed_in, process):
    path = f"/concertations/{process.slug}/propositions/nouvelle/"
    [token] = tokens(signed_in, path)
    data = {"title": "Un tramway", "body": "Vers Roubaix", "lon": GRAND_PLACE_LILLE[0], "lat": GRAND_PLACE_LILLE[1]}

    first = signed_in.post(path, {**data, "idempotency_key": token})
    again = signed_in.post(path, {**data, "idempotency_key": token}, follow=True)

    proposal = Proposal.objects.get()
    assert first.status_code == 302
    assert first["Location"] == f"/concertations/{process.slug}/propositions/{proposal.pk}/"
    assert again.redirect_chain == [(first["Location"], 302)]
    assert "Un tramway" in again.content.decode()
    assert ALREADY_SENT in again.content.decode()


def test_a_comment_sent_twice_is_published_once(signed_in, proposal):
    path = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"
    support, follow, comment, report = tokens(signed_in, path)
    data = {"action": "comment", "body": "Bonne idée", "idempotency_key": comment}

    signed_in.post(path, data)
    signed_in.post(path, data)

    assert Comment.objects.count() == 1


def test_a_comment_changed_after_it_was_sent_is_a_new_comment(signed_in, proposal):
    """Back to the page kept by the browser, another text in the same form: the person meant a second comment."""
    path = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"
    _support, _follow, comment, _report = tokens(signed_in, path)

    signed_in.post(path, {"action": "comment", "body": "Bonne idée", "idempotency_key": comment})
    signed_in.post(path, {"action": "comment", "body": "Et un arceau de plus", "idempotency_key": comment})

    assert sorted(Comment.objects.values_list("body", flat=True)) == ["Bonne idée", "Et un arceau de plus"]


def test_a_support_and_a_report_sent_twice_count_once(signed_in, proposal):
    path = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"
    support, _follow, _comment, report = tokens(signed_in, path)

    for _ in range(2):
        signed_in.post(path, {"action": "support", "idempotency_key": support})
        signed_in.post(path, {"action": "report", "reason": "spam", "idempotency_key": report})

    assert Support.objects.count() == Report.objects.count() == 1


def test_an_annotation_sent_twice_is_drawn_once(signed_in, process):
    path = f"/concertations/{process.slug}/carte/"
    [token] = tokens(signed_in, path)
    line = {"type": "LineString", "coordinates": [[3.06, 50.63], [3.07, 50.64]]}
    data = {"kind": "idee", "comment": "Une piste ici", "geometry": json.dumps(line), "idempotency_key": token}

    first = signed_in.post(path, data)
    again = signed_in.post(path, data)

    assert first.status_code == again.status_code == 302
    assert Annotation.objects.count() == 1


def test_survey_answers_sent_twice_are_recorded_once_without_an_error(signed_in, process):
    survey = make_survey(process)
    [token] = tokens(signed_in, url(survey))
    data = {**form_data(survey, *MAIRIE_ROUBAIX), "idempotency_key": token}

    first = signed_in.post(url(survey), data)
    again = signed_in.post(url(survey), data)

    assert first.status_code == again.status_code == 302  # not the 409 of a second response
    assert again["Location"] == url(survey, "resultats/")
    assert Response.objects.count() == 1


def test_a_sign_up_sent_twice_creates_one_account_and_sends_one_mail(client, django_capture_on_commit_callbacks):
    [token] = tokens(client, "/comptes/inscription/")
    data = {
        "email": "alix@example.org",
        "pseudonym": "Alix",
        "password1": "un-mot-de-passe-solide",
        "password2": "un-mot-de-passe-solide",
        "accepts_charter": "on",
        "idempotency_key": token,
    }

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/comptes/inscription/", data)
        again = client.post("/comptes/inscription/", data)

    assert first.status_code == again.status_code == 200
    assert "Un message vient d'être envoyé à alix@example.org" in again.content.decode()
    assert User.objects.filter(email="alix@example.org").count() == 1
    [activation] = mail.outbox  # and no « vous avez déjà un compte » for the second one
    assert "/comptes/confirmer/" in activation.body


def test_each_showing_of_a_form_carries_a_new_token(signed_in, process):
    path = f"/concertations/{process.slug}/propositions/nouvelle/"

    assert tokens(signed_in, path) != tokens(signed_in, path)


def test_a_form_without_a_token_still_works_as_before(signed_in, proposal):
    """A page shown before the tokens existed, or a client that does not send one."""
    path = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"

    signed_in.post(path, {"action": "comment", "body": "Bonne idée"})
    signed_in.post(path, {"action": "comment", "body": "Bonne idée"})

    assert Comment.objects.count() == 2


def test_a_visitor_posting_a_form_with_a_long_address_is_sent_to_the_login_page(client, process):
    path = f"/concertations/{process.slug}/propositions/nouvelle/?{'x' * 5000}"

    response = client.post(path, {"title": "Un banc", "idempotency_key": "jeton"})

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/")
    assert not Proposal.objects.exists()
