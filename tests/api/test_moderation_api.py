"""Moderated content through the REST API: the notice in place of hidden content, and reporting annotations and
comments."""

import pytest
from rest_framework.test import APIClient

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal, Report

from ..factories import GRAND_PLACE_LILLE, make_process, make_proposal, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(db):
    return User.objects.create_user("lucie@example.org", "Lucie du Vieux-Lille", "un-mot-de-passe-solide")


def api_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def thread(proposal, citizen, officer):
    bernard = User.objects.create_user("bernard@example.org", "Bernard59", "un-mot-de-passe-solide")
    first = services.comment_create(author=citizen, target=proposal, body="Bonne idée.")
    hidden = services.comment_create(author=bernard, target=proposal, body="Appelez-moi au 06 00 00 00 00.")
    services.content_hide(target=hidden, officer=officer, category="personal_data", reason="Numéro de téléphone")
    return first, hidden


@pytest.fixture
def annotation(process, citizen):
    return services.annotation_create(
        author=citizen,
        process=process,
        kind="probleme",
        comment="Trottoir trop étroit",
        geometry=point(*GRAND_PLACE_LILLE),
    )


def test_a_hidden_comment_is_listed_in_its_place_as_a_notice_without_author_or_text(proposal, thread):
    first, hidden = thread

    response = api_for().get(f"/api/v1/proposals/{proposal.pk}/comments/")

    shown, notice = response.json()
    assert shown["body"] == "Bonne idée." and shown["moderation"] is None
    assert (notice["id"], notice["author"], notice["body"]) == (hidden.pk, None, None)
    assert notice["moderation"]["category"] == "personal_data"
    assert notice["moderation"]["category_label"] == "Données personnelles"
    assert notice["moderation"]["notice"].startswith("Commentaire masqué par la modération le ")
    assert notice["moderation"]["notice"].endswith(" : Données personnelles")
    for secret in ("06 00 00 00 00", "Bernard59", "Numéro de téléphone", "Agent MEL"):
        assert secret not in response.content.decode()


def test_the_comments_count_of_a_proposal_is_the_number_of_comments_not_hidden(proposal, thread):
    feature = api_for().get(f"/api/v1/proposals/{proposal.pk}/").json()
    comments = api_for().get(f"/api/v1/proposals/{proposal.pk}/comments/").json()

    assert feature["properties"]["comments_count"] == 1
    assert len([c for c in comments if c["moderation"] is None]) == 1


def test_a_hidden_annotation_is_gone_by_id_with_the_date_and_the_public_reason(annotation, officer):
    services.content_hide(target=annotation, officer=officer, category="off_topic", reason="Sans rapport, voir charte")

    response = api_for().get(f"/api/v1/annotations/{annotation.pk}/")

    assert response.status_code == 410
    body = response.json()
    assert body["category"] == "off_topic"
    assert body["detail"].startswith("Annotation masquée par la modération le ")
    assert body["detail"].endswith(" : Hors sujet.")
    for secret in ("Trottoir", "Camille59", "Agent MEL", "Sans rapport"):
        assert secret not in response.content.decode()


def test_an_unknown_or_private_annotation_is_not_found_by_id(citizen, officer):
    private = make_process("atelier-prive", is_private=True)
    private.members.add(citizen)
    annotation = services.annotation_create(
        author=citizen, process=private, kind="idee", comment="Entre membres", geometry=point(*GRAND_PLACE_LILLE)
    )
    services.content_hide(target=annotation, officer=officer, category="spam", reason="Spam")

    for key in (annotation.pk, annotation.pk + 1000, "abc"):
        assert api_for().get(f"/api/v1/annotations/{key}/").status_code == 404


def test_an_unpublished_hidden_proposal_is_not_found_by_id(proposal, officer):
    services.content_hide(target=proposal, officer=officer, category="spam", reason="Spam")
    Proposal.objects.filter(pk=proposal.pk).update(published_at=None)

    assert api_for().get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404


def test_an_annotation_is_reported_once_per_person(annotation, reporter):
    api = api_for(reporter)

    first = api.post(f"/api/v1/annotations/{annotation.pk}/report/", {"reason": "off_topic"}, format="json")
    second = api.post(
        f"/api/v1/annotations/{annotation.pk}/report/", {"reason": "spam", "details": "Publicité"}, format="json"
    )

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["detail"] == "Merci, votre signalement a été transmis à la modération."
    [report] = Report.objects.all()
    assert (report.target, report.reporter, report.reason, report.details) == (
        annotation,
        reporter,
        "spam",
        "Publicité",
    )


def test_a_comment_is_reported_once_per_person(thread, reporter):
    first, _hidden = thread
    api = api_for(reporter)

    assert api.post(f"/api/v1/comments/{first.pk}/report/", {"reason": "offensive"}, format="json").status_code == 201
    assert api.post(f"/api/v1/comments/{first.pk}/report/", {"reason": "spam"}, format="json").status_code == 201

    [report] = Report.objects.all()
    assert (report.target, report.reporter, report.reason) == (first, reporter, "spam")


def test_only_what_the_reader_may_see_can_be_reported(process, citizen, officer, reporter, annotation, thread):
    first, hidden_comment = thread
    hidden_annotation = services.annotation_create(
        author=citizen, process=process, kind="idee", comment="Masquée", geometry=point(*GRAND_PLACE_LILLE)
    )
    services.content_hide(target=hidden_annotation, officer=officer, category="spam", reason="Spam")
    hidden_proposal = make_proposal(process, citizen, title="Masquée")
    on_hidden_proposal = services.comment_create(author=citizen, target=hidden_proposal, body="Sous une masquée")
    services.content_hide(target=hidden_proposal, officer=officer, category="spam", reason="Spam")
    private = make_process("atelier-prive", is_private=True)
    private.members.add(citizen)
    private_proposal = make_proposal(private, citizen, title="Entre membres")
    on_private_proposal = services.comment_create(author=citizen, target=private_proposal, body="Entre membres")
    private_annotation = services.annotation_create(
        author=citizen, process=private, kind="idee", comment="Entre membres", geometry=point(*GRAND_PLACE_LILLE)
    )
    api = api_for(reporter)

    urls = [
        f"/api/v1/annotations/{hidden_annotation.pk}/report/",
        f"/api/v1/annotations/{private_annotation.pk}/report/",
        f"/api/v1/annotations/{annotation.pk + 1000}/report/",
        f"/api/v1/comments/{hidden_comment.pk}/report/",
        f"/api/v1/comments/{on_hidden_proposal.pk}/report/",
        f"/api/v1/comments/{on_private_proposal.pk}/report/",
        f"/api/v1/comments/{first.pk + 1000}/report/",
        "/api/v1/comments/abc/report/",
    ]
    for url in urls:
        assert api.post(url, {"reason": "spam"}, format="json").status_code == 404, url
    assert not Report.objects.exists()


def test_reporting_needs_an_account_and_a_known_reason(annotation, thread, reporter):
    first, _hidden = thread
    for url in (f"/api/v1/annotations/{annotation.pk}/report/", f"/api/v1/comments/{first.pk}/report/"):
        assert api_for().post(url, {"reason": "spam"}, format="json").status_code == 401
        refused = api_for(reporter).post(url, {"reason": "xxx"}, format="json")
        assert refused.status_code == 400
        assert "reason" in refused.json()
    assert not Report.objects.exists()


def test_a_report_sent_again_with_its_idempotency_key_gets_the_first_answer(thread, reporter):
    first, _hidden = thread
    api = api_for(reporter)
    url = f"/api/v1/comments/{first.pk}/report/"

    answers = [api.post(url, {"reason": "spam"}, format="json", HTTP_IDEMPOTENCY_KEY="signalement-1") for _ in "ab"]
    reused = api.post(url, {"reason": "offensive"}, format="json", HTTP_IDEMPOTENCY_KEY="signalement-1")

    assert [a.status_code for a in answers] == [201, 201]
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert reused.status_code == 422
    assert Report.objects.get().reason == "spam"


def test_the_api_root_lists_no_address_for_comments(db):
    root = api_for().get("/api/v1/")

    assert root.status_code == 200
    assert "comments" not in root.json()


def test_reports_of_annotations_and_comments_share_the_rate_of_reports(
    settings, proposal, annotation, thread, reporter
):
    settings.RATE_LIMITS = {"reports": "2/min"}
    first, _hidden = thread
    api = api_for(reporter)

    answers = [
        api.post(f"/api/v1/proposals/{proposal.pk}/report/", {"reason": "spam"}, format="json"),
        api.post(f"/api/v1/annotations/{annotation.pk}/report/", {"reason": "spam"}, format="json"),
        api.post(f"/api/v1/comments/{first.pk}/report/", {"reason": "spam"}, format="json"),
    ]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert "Retry-After" in answers[2]
    assert Report.objects.count() == 2
