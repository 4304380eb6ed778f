"""« Télécharger mes données »: everything the service keeps about a person, whatever model keeps it."""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.gis.geos import LineString
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geoparticipation.accounts.personal_data import REGISTRY, personal_data_json
from geoparticipation.limits.counters import hit
from geoparticipation.limits.models import Counter
from geoparticipation.mail.models import QueuedMail
from geoparticipation.mail.queue import enqueue
from geoparticipation.operations.models import IdempotencyKey
from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Comment, Proposal, Support, Theme
from geoparticipation.surveys import services as survey_services
from geoparticipation.territory.models import Commune

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, make_process, make_proposal, point
from ..surveys.factories import FREE_TEXT, answers_at, make_survey

PASSWORD = "un-mot-de-passe-solide"
DOWNLOAD = "/comptes/profil/mes-donnees.json"

# Models that refer to a person by their e-mail address rather than by a key: no foreign key shows them.
BY_EMAIL = {
    (AccessAttempt, "username"),  # django-axes, the address typed at login (accounts/lockout.py)
    (AccessFailureLog, "username"),
    (AccessLog, "username"),
    (QueuedMail, "recipients"),
    (Counter, "key"),  # "<scope>:user:<id>" and "<scope>:address:<e-mail>" (limits/counters.py)
}


def download(client):
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response.streaming
    assert "no-store" in response["Cache-Control"]
    return json.loads(b"".join(response.streaming_content))


def fields_referring_to_people():
    """(model, field) for every field of every installed model, ours and third-party ones, that points to accounts."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = {(user_model, "id")}
    for model in apps.get_models():
        if model._meta.proxy:  # the rows of its concrete model (authtoken's TokenProxy is Token)
            continue
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is user_model:
                found.add((model, field.name))
    return found | BY_EMAIL


def test_every_model_that_refers_to_a_person_has_an_entry_in_the_data_export():
    covered = {(entry.model, field) for entry in REGISTRY for field in entry.fields}

    missing = sorted(f"{model._meta.label}.{field}" for model, field in fields_referring_to_people() - covered)

    assert not missing, f"Not in « Télécharger mes données » (accounts/personal_data.py REGISTRY): {missing}"


@pytest.fixture
def everything(citizen, officer, process, settings):
    """Camille, with something in every part of the export."""
    theme = Theme.objects.get(slug="climat")
    citizen.newsletter_themes.add(theme)
    private = make_process("atelier-prive", is_private=True)
    private.members.add(citizen)
    mine = make_proposal(process, citizen, title="Ma proposition visible")
    hidden = make_proposal(process, citizen, title="Ma proposition masquée")
    services.content_hide(
        target=hidden, officer=officer, category="personal_data", reason="Le texte donne un numéro de téléphone"
    )
    services.proposal_answer(proposal=mine, officer=officer, state="accepted", answer="Nous l'étudions.")
    services.annotation_create(
        author=citizen,
        process=process,
        kind="probleme",
        comment="Trottoir trop étroit",
        geometry=LineString(point(*GRAND_PLACE_LILLE), point(*MAIRIE_ROUBAIX)),
    )
    other = make_proposal(process, officer, title="La proposition d'un autre", where=MAIRIE_ROUBAIX)
    services.comment_create(author=citizen, target=other, body="Mon commentaire")
    services.support_create(user=citizen, proposal=other)
    services.follow_create(user=citizen, target=other)
    services.report_create(reporter=citizen, target=other, reason="off_topic", details="Rien à voir")
    survey = make_survey(process)
    survey_services.response_create(
        survey=survey,
        user=citizen,
        answers=answers_at(survey, *GRAND_PLACE_LILLE),
        profile={"age_bracket": "35-49", "gender": "f", "home_commune": Commune.objects.get(nom="Roubaix")},
    )
    IdempotencyKey.objects.create(
        user=citizen, key="ma-cle", fingerprint="x", status=201, content_type="application/json", body=b'{"id": 1}'
    )
    settings.RATE_LIMITS = {"comments": "10/min", "password_resets": "5/hour"}
    hit(("comments", f"user:{citizen.pk}"), ("password_resets", f"address:{citizen.email}"))
    enqueue([("Votre proposition a reçu une réponse", "Bonjour Camille…", None, [citizen.email])], send_on_commit=False)
    return {"hidden": hidden, "other": other}


def test_a_citizen_finds_in_the_download_everything_the_service_keeps_about_them(client, citizen, everything, settings):
    settings.AXES_ENABLED = True
    client.post("/comptes/connexion/", {"username": citizen.email, "password": "faux"}, REMOTE_ADDR="192.0.2.7")
    client.force_login(citizen)

    data = download(client)

    assert data["account"]["pseudonym"] == "Camille59"
    assert data["account"]["newsletter_themes"] == ["climat"]
    assert data["profile"]["age_bracket"] == {"value": "35-49", "label": "35 à 49 ans"}
    assert data["profile"]["gender"]["label"] == "Femme"
    assert data["profile"]["home_commune"]["name"] == "Roubaix"
    assert [p["slug"] for p in data["private_concertations"]] == ["atelier-prive"]
    proposals = {p["title"]: p for p in data["proposals"]}
    assert proposals["Ma proposition visible"]["moderation"] == {"hidden": False}
    assert proposals["Ma proposition visible"]["answer"] == "Nous l'étudions."
    hidden = proposals["Ma proposition masquée"]["moderation"]
    assert hidden["hidden"] is True and hidden["hidden_at"]
    assert hidden["category"] == "personal_data" and hidden["category_label"] == "Données personnelles"
    assert data["annotations"][0]["geometry"]["type"] == "LineString"
    assert data["comments"][0]["body"] == "Mon commentaire"
    other = everything["other"].pk
    assert [(s["proposal"], s["title"]) for s in data["supports"]] == [(other, "La proposition d'un autre")]
    assert data["follows"][0]["on"] == f"proposal:{other}"
    (report,) = data["reports"]
    assert (report["on"], report["reason"], report["details"]) == (f"proposal:{other}", "off_topic", "Rien à voir")
    (response,) = data["survey_responses"]
    assert response["survey"]["title"] == "Vos déplacements"
    answers = {answer["kind"]: answer for answer in response["answers"]}
    assert answers["text"]["text"] == FREE_TEXT
    assert answers["single"]["choices"] == ["Vélo"]
    assert answers["scale"]["value"] == 4
    assert answers["point"]["geometry"]["coordinates"] == pytest.approx(GRAND_PLACE_LILLE)
    assert answers["area"]["geometry"]["type"] == "Polygon"
    (failure,) = data["login_failures"]
    assert failure["ip_address"] == "192.0.2.7" and failure["path"] == "/comptes/connexion/"
    assert "faux" not in failure["post_data"]  # axes masks the password it keeps
    assert data["idempotency_keys"][0]["key"] == "ma-cle"
    assert {c["key"] for c in data["rate_limit_counters"]} == {
        f"comments:user:{citizen.pk}",
        f"password_resets:address:{citizen.email}",
    }
    assert "Votre proposition a reçu une réponse" in {mail["subject"] for mail in data["queued_mail"]}
    assert data["moderated_as_officer"] == [] and data["answered_as_officer"] == []


def test_the_download_gives_the_reason_written_for_the_author_but_never_who_hid_it(
    client, citizen, officer, everything
):
    client.force_login(citizen)

    text = b"".join(client.get(DOWNLOAD).streaming_content).decode()

    assert officer.pseudonym not in text and officer.email not in text
    hidden = next(p for p in json.loads(text)["proposals"] if p["title"] == "Ma proposition masquée")
    assert hidden["moderation"]["reason"] == "Le texte donne un numéro de téléphone"


def test_an_officer_finds_what_they_did_as_an_officer_in_their_download(client, officer, everything):
    client.force_login(officer)

    data = download(client)

    (hidden,) = data["moderated_as_officer"]
    assert hidden["content"] == f"proposal:{everything['hidden'].pk}"
    assert hidden["reason"] == "Le texte donne un numéro de téléphone"
    assert data["answered_as_officer"][0]["answer"] == "Nous l'étudions."


def test_a_support_given_to_a_proposal_since_hidden_is_still_in_the_download(client, citizen, officer, process):
    proposal = make_proposal(process, officer)
    services.support_create(user=citizen, proposal=proposal)
    services.content_hide(target=proposal, officer=officer, category="spam", reason="Publicité")
    client.force_login(citizen)

    assert [s["proposal"] for s in download(client)["supports"]] == [proposal.pk]


def contributions(process, author, target, n):
    """n proposals, annotations, comments on `target` and supports by `author`, written in bulk."""
    where = point(*GRAND_PLACE_LILLE).transform(settings.STORAGE_SRID, clone=True)
    proposals = Proposal.objects.bulk_create(
        Proposal(process=process, author=author, title=f"P{i}", body="…", geom=where) for i in range(n)
    )
    Annotation.objects.bulk_create(
        Annotation(process=process, author=author, comment=f"A{i}", geom=where) for i in range(n)
    )
    Comment.objects.bulk_create(Comment(target=target, author=author, body=f"C{i}") for i in range(n))
    Support.objects.bulk_create(Support(proposal=p, user=author) for p in proposals)


def queries_of_the_download(user):
    """The queries the document costs, and how many pieces it is streamed in."""
    with CaptureQueriesContext(connection) as queries:
        pieces = sum(1 for _ in personal_data_json(user))
    return len(queries), pieces


def test_the_number_of_queries_of_the_download_does_not_grow_with_the_rows(citizen, officer, process):
    target = make_proposal(process, officer)
    survey = make_survey(process)
    survey_services.response_create(survey=survey, user=citizen, answers=answers_at(survey, *GRAND_PLACE_LILLE))
    contributions(process, citizen, target, 2)
    few, few_pieces = queries_of_the_download(citizen)

    contributions(process, citizen, target, 200)
    many, many_pieces = queries_of_the_download(citizen)

    assert many_pieces == few_pieces + 4 * 200
    assert many == few


def test_a_participant_with_ten_thousand_contributions_downloads_them_all(client, citizen, officer, process):
    contributions(process, citizen, make_proposal(process, officer), 2_500)
    client.force_login(citizen)

    with CaptureQueriesContext(connection) as queries:
        data = download(client)

    assert sum(len(data[name]) for name in ("proposals", "annotations", "comments", "supports")) == 10_000
    assert len(queries) < 60
