"""The moderation console: who opens it, the queue's counts and filters, one content's actions, bulk actions and
the journal, every action through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.debates import services as debates
from geoparticipation.debates.models import Debate
from geoparticipation.moderation.models import ModerationAction, TextVersion
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, Proposal, Report
from tests.factories import GRAND_PLACE_LILLE, make_meeting, make_proposal, point

pytestmark = pytest.mark.django_db

QUEUE = "/gestion/moderation/"
JOURNAL = "/gestion/moderation/journal/"
BULK = "/gestion/moderation/lot/"


def item(content, kind="proposition"):
    return f"/gestion/moderation/{kind}/{content.pk}/"


@pytest.fixture
def reporters(db):
    return [
        User.objects.create_user(f"lecteur{n}@example.org", f"Lecteur{n}", "un-mot-de-passe-solide") for n in (1, 2)
    ]


@pytest.fixture
def reported(proposal, reporters):
    services.report_create(reporter=reporters[0], target=proposal, reason="spam", details="Une publicité.")
    services.report_create(reporter=reporters[1], target=proposal, reason="offensive")
    return proposal


@pytest.fixture
def reported_comment(proposal, citizen, reporters):
    comment = services.comment_create(author=citizen, target=proposal, body="Appelez le 06 00 00 00 00.")
    services.report_create(reporter=reporters[0], target=comment, reason="personal_data")
    return comment


@pytest.fixture
def elsewhere(other_process, citizen, reporters):
    """A reported proposal of the other concertation (« mobilite »)."""
    proposal = make_proposal(other_process, citizen, title="Une piste cyclable")
    services.report_create(reporter=reporters[0], target=proposal, reason="off_topic")
    return proposal


ROLES = ("administrator", "process_officer", "other_officer", "commune_officer", "citizen")


def as_role(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "role, status",
    [
        ("administrator", 200),
        ("process_officer", 200),
        ("other_officer", 200),
        ("commune_officer", 403),
        ("citizen", 403),
    ],
)
@pytest.mark.parametrize("url", [QUEUE, JOURNAL])
def test_the_queue_and_the_journal_are_for_administrators_and_officers_of_a_concertation(
    client, request, reported, role, status, url
):
    as_role(client, request, role)
    assert client.get(url).status_code == status


@pytest.mark.parametrize("url", [QUEUE, JOURNAL, "/gestion/moderation/proposition/1/"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/")


@pytest.mark.parametrize(
    "role, status",
    [
        ("administrator", 200),
        ("process_officer", 200),
        ("other_officer", 403),
        ("commune_officer", 403),
        ("citizen", 403),
    ],
)
def test_one_content_is_for_the_officers_of_its_concertation(client, request, reported, role, status):
    as_role(client, request, role)
    assert client.get(item(reported)).status_code == status


@pytest.mark.parametrize("role", ["other_officer", "commune_officer", "citizen"])
def test_those_who_do_not_moderate_a_content_cannot_hide_it_nor_dismiss_its_reports(client, request, reported, role):
    as_role(client, request, role)

    response = client.post(item(reported), {"action": "hide", "category": "spam", "reason": "Publicité"})
    assert response.status_code == 403
    client.post(item(reported), {"action": "dismiss"})
    client.post(BULK, {"action": "hide", "items": [f"proposition:{reported.pk}"], "category": "spam", "reason": "x"})
    client.post(BULK, {"action": "dismiss", "items": [f"proposition:{reported.pk}"]})

    reported.refresh_from_db()
    assert reported.hidden_at is None
    assert Report.objects.count() == 2
    assert not ModerationAction.objects.exists()


def test_an_anonymous_post_changes_nothing(client, reported):
    client.post(item(reported), {"action": "hide", "category": "spam", "reason": "Publicité"})
    client.post(BULK, {"action": "dismiss", "items": [f"proposition:{reported.pk}"]})
    assert Report.objects.count() == 2
    assert Proposal.objects.get().hidden_at is None


def test_an_unknown_kind_or_id_is_a_404(client, administrator):
    client.force_login(administrator)
    assert client.get("/gestion/moderation/sondage/1/").status_code == 404
    assert client.get("/gestion/moderation/proposition/999999/").status_code == 404


def test_the_queue_shows_one_row_per_content_with_its_count_and_reasons(
    client, administrator, reported, reported_comment, django_assert_max_num_queries
):
    client.force_login(administrator)
    with django_assert_max_num_queries(14):
        response = client.get(QUEUE)
    rows = response.context["items"]

    assert [(row["kind"].label, row["count"]) for row in rows] == [("Proposition", 2), ("Commentaire", 1)]
    assert set(rows[0]["reason_labels"]) == {"Publicité ou spam", "Propos injurieux ou haineux"}
    assert rows[0]["details"] == ["Une publicité."]
    assert rows[1]["process"].slug == "plan-climat"
    page = response.content.decode()
    assert "Une publicité." in page and "Données personnelles" in page


def test_the_oldest_report_comes_first(client, administrator, reported, reported_comment):
    Report.objects.filter(object_id=reported_comment.pk, content_type__model="comment").update(
        created_at=timezone.now() - timedelta(days=3)
    )
    client.force_login(administrator)
    assert [row["kind"].slug for row in client.get(QUEUE).context["items"]] == ["commentaire", "proposition"]


def test_an_officer_sees_the_reports_of_its_concertation_only(
    client, process_officer, other_officer, reported, reported_comment, elsewhere
):
    client.force_login(process_officer)
    assert {row["object_id"] for row in client.get(QUEUE).context["items"]} == {reported.pk, reported_comment.pk}
    client.force_login(other_officer)
    assert [row["object_id"] for row in client.get(QUEUE).context["items"]] == [elsewhere.pk]
    assert client.get(QUEUE, {"concertation": "plan-climat"}).status_code == 200
    assert [row["object_id"] for row in client.get(QUEUE, {"concertation": "plan-climat"}).context["items"]] == [
        elsewhere.pk
    ]


def test_the_queue_filters_by_concertation_kind_and_state(
    client, administrator, officer, reported, reported_comment, elsewhere
):
    services.content_hide(target=reported_comment, officer=officer, category="personal_data", reason="Un numéro")
    client.force_login(administrator)

    def ids(**params):
        return [(row["kind"].slug, row["object_id"]) for row in client.get(QUEUE, params).context["items"]]

    assert ids() == [("proposition", reported.pk), ("proposition", elsewhere.pk)]
    assert ids(concertation="mobilite") == [("proposition", elsewhere.pk)]
    assert ids(etat="masques") == [("commentaire", reported_comment.pk)]
    assert len(ids(etat="tous")) == 3
    assert ids(etat="tous", type="commentaire") == [("commentaire", reported_comment.pk)]
    assert client.get(QUEUE, {"etat": "n'importe"}).status_code == 200


def test_hiding_from_the_console_goes_through_the_service_and_the_page_keeps_it_readable(
    client, process_officer, reported, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(process_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            item(reported), {"action": "hide", "category": "spam", "reason": "Démarchage contraire à la charte."}
        )

    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.hidden_category == "spam" and reported.hidden_by == process_officer
    line = ModerationAction.objects.get()
    assert (line.action, line.process_id, line.officer) == ("hide", reported.process_id, process_officer)
    assert len(mailoutbox) == 1
    page = client.get(item(reported)).content.decode()
    assert "Un abri vélo" in page and "Démarchage contraire à la charte." in page and "Agent climat" in page
    assert "Camille59" in page


def test_hiding_without_a_note_says_so(client, process_officer, reported):
    client.force_login(process_officer)
    response = client.post(item(reported), {"action": "hide", "category": "spam", "reason": " "})
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    assert Proposal.objects.get().hidden_at is None


def test_restoring_and_dismissing_from_the_console(client, process_officer, officer, reported):
    services.content_hide(target=reported, officer=officer, category="spam", reason="Publicité")
    client.force_login(process_officer)

    client.post(item(reported), {"action": "unhide"})
    client.post(item(reported), {"action": "dismiss"})

    assert Proposal.objects.get().hidden_at is None
    assert not Report.objects.exists()
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == [
        "hide",
        "unhide",
        "dismiss_report",
        "dismiss_report",
    ]


def test_correcting_a_text_keeps_the_authors_version(client, process_officer, reported_comment):
    client.force_login(process_officer)

    response = client.post(
        item(reported_comment, "commentaire"),
        {"action": "correct", "body": "Appelez la mairie.", "category": "personal_data", "reason": "Un numéro ôté."},
    )

    assert response.status_code == 302
    reported_comment.refresh_from_db()
    assert reported_comment.body == "Appelez la mairie."
    assert list(TextVersion.objects.values_list("number", "text")) == [
        (1, "Appelez le 06 00 00 00 00."),
        (2, "Appelez la mairie."),
    ]
    page = client.get(item(reported_comment, "commentaire")).content.decode()
    assert "Version 1" in page and "Version 2" in page


def test_bulk_actions_hide_or_dismiss_each_checked_item(client, process_officer, reported, reported_comment, elsewhere):
    client.force_login(process_officer)

    response = client.post(
        BULK,
        {
            "action": "hide",
            "items": [f"proposition:{reported.pk}", f"proposition:{elsewhere.pk}", "sondage:3"],
            "category": "spam",
            "reason": "Publicité",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "1 contenu(s) masqué(s)" in page and "2 contenu(s) n&#x27;ont pas pu être traités" in page
    assert Proposal.objects.hidden().get() == reported

    client.post(BULK, {"action": "dismiss", "items": [f"commentaire:{reported_comment.pk}"]})
    assert not Report.objects.filter(object_id=reported_comment.pk, content_type__model="comment").exists()


def test_a_bulk_hide_needs_a_category_and_a_note(client, process_officer, reported):
    client.force_login(process_officer)
    response = client.post(BULK, {"action": "hide", "items": [f"proposition:{reported.pk}"]}, follow=True)
    assert "choisissez un motif public" in response.content.decode()
    assert Proposal.objects.get().hidden_at is None


def test_the_journal_is_newest_first_filtered_and_scoped(
    client, administrator, process_officer, officer, reported, elsewhere
):
    services.content_hide(target=reported, officer=officer, category="spam", reason="Publicité")
    services.content_hide(target=elsewhere, officer=administrator, category="off_topic", reason="Hors sujet")

    client.force_login(administrator)
    assert [line.object_id for line in client.get(JOURNAL).context["page"]] == [elsewhere.pk, reported.pk]
    assert [line.object_id for line in client.get(JOURNAL, {"agent": administrator.pk}).context["page"]] == [
        elsewhere.pk
    ]
    assert [line.object_id for line in client.get(JOURNAL, {"concertation": "plan-climat"}).context["page"]] == [
        reported.pk
    ]
    assert not client.get(JOURNAL, {"action": "unhide"}).context["page"].object_list
    today = timezone.localdate()
    assert len(client.get(JOURNAL, {"du": today, "au": today}).context["page"]) == 2
    assert not client.get(JOURNAL, {"du": today + timedelta(days=1)}).context["page"].object_list
    response = client.get(JOURNAL, {"du": today, "au": today - timedelta(days=1)})
    assert response.status_code == 400 and "La date de début doit précéder la date de fin." in response.content.decode()

    client.force_login(process_officer)
    page = client.get(JOURNAL).content.decode()
    assert f'href="/gestion/moderation/proposition/{reported.pk}/"' in page
    assert [line.object_id for line in client.get(JOURNAL).context["page"]] == [reported.pk]


def test_a_proposal_hidden_from_the_console_appears_in_no_public_output(
    client, process_officer, process, citizen, reported
):
    make_proposal(process, citizen, title="Des bancs sur la place")
    client.force_login(process_officer)
    client.post(item(reported), {"action": "hide", "category": "spam", "reason": "Publicité"})
    client.logout()

    assert client.get(f"/concertations/plan-climat/propositions/{reported.pk}/").status_code == 410
    feeds = [
        "/api/v1/proposals/",
        "/ogc/collections/proposals/items",
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals",
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals&OUTPUTFORMAT=geojson",
    ]
    for url in feeds:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "Un abri vélo".encode() not in body, url
        assert b"Des bancs sur la place" in body, url
    for url in (f"/api/v1/proposals/{reported.pk}/", f"/ogc/collections/proposals/items/{reported.pk}"):
        response = client.get(url)
        assert response.status_code in (404, 410), url
        assert "Un abri vélo".encode() not in response.content, url


def test_a_bulk_action_does_not_send_the_officer_to_another_site(client, process_officer, reported):
    client.force_login(process_officer)
    response = client.post(
        BULK, {"action": "dismiss", "items": [f"proposition:{reported.pk}"], "next": "https://ailleurs.example/"}
    )
    assert response["Location"] == QUEUE


def test_the_journal_reads_a_page_in_a_few_queries_however_many_lines(
    client, administrator, officer, reported, reported_comment, django_assert_max_num_queries
):
    for _ in range(5):
        services.content_hide(target=reported, officer=officer, category="spam", reason="Publicité")
        services.content_unhide(target=reported, officer=officer)
        services.content_hide(target=reported_comment, officer=officer, category="spam", reason="Publicité")
        services.content_unhide(target=reported_comment, officer=officer)
    client.force_login(administrator)
    with django_assert_max_num_queries(10):
        response = client.get(JOURNAL)
    assert len(response.context["page"]) == 20


@pytest.fixture
def every_kind(process, citizen, reporters):
    """A reported annotation, meeting, debate and argument of plan-climat, and a reported comment on the meeting."""
    annotation = services.annotation_create(
        author=citizen,
        process=process,
        kind="probleme",
        comment="Trottoir trop étroit",
        geometry=point(*GRAND_PLACE_LILLE),
    )
    meeting = make_meeting(process)
    debate = Debate.objects.create(process=process, title="Piétonniser ?", published_at=timezone.now())
    argument = debates.argument_create(author=citizen, debate=debate, body="Oui, le dimanche.", stance="for")
    comment = services.comment_create(author=citizen, target=meeting, body="Quelle salle ?")
    contents = {
        "annotation": annotation,
        "reunion": meeting,
        "debat": debate,
        "argument": argument,
        "commentaire": comment,
    }
    for content in contents.values():
        services.report_create(reporter=reporters[0], target=content, reason="other")
    return contents


def test_every_kind_that_can_be_reported_is_in_the_queue_of_its_concertations_officer(
    client, process_officer, other_officer, every_kind
):
    client.force_login(process_officer)
    rows = client.get(QUEUE).context["items"]
    assert {(row["kind"].slug, row["object_id"]) for row in rows} == {
        (slug, content.pk) for slug, content in every_kind.items()
    }
    assert {row["process"].slug for row in rows} == {"plan-climat"}
    for slug, content in every_kind.items():
        assert client.get(item(content, slug)).status_code == 200, slug

    client.force_login(other_officer)
    assert not client.get(QUEUE).context["items"]
    for slug, content in every_kind.items():
        assert client.get(item(content, slug)).status_code == 403, slug


def test_an_argument_is_hidden_from_the_console(client, process_officer, every_kind):
    client.force_login(process_officer)
    argument = every_kind["argument"]
    client.post(item(argument, "argument"), {"action": "hide", "category": "off_topic", "reason": "Hors sujet."})
    argument.refresh_from_db()
    assert argument.hidden_category == "off_topic"
    assert ModerationAction.objects.get().process_id == argument.debate.process_id


def test_a_correction_that_changes_nothing_is_refused_with_a_message(client, process_officer, reported):
    client.force_login(process_officer)
    response = client.post(
        item(reported),
        {"action": "correct", "title": reported.title, "body": reported.body, "category": "other", "reason": "Rien."},
    )
    assert response.status_code == 400
    assert "Le texte corrigé est identique au texte publié" in response.content.decode()
    assert not TextVersion.objects.exists()


def test_the_page_of_a_proposal_links_to_its_public_page(client, process_officer, reported):
    client.force_login(process_officer)
    page = client.get(item(reported)).content.decode()
    assert f'href="/concertations/plan-climat/propositions/{reported.pk}/"' in page


@pytest.mark.parametrize("role", ["commune_officer", "citizen"])
def test_bulk_actions_are_refused_to_those_without_a_space(client, request, reported, role):
    as_role(client, request, role)
    assert client.post(BULK, {"action": "dismiss", "items": [f"proposition:{reported.pk}"]}).status_code == 403
    assert Report.objects.count() == 2


def test_a_comment_left_without_its_target_is_left_to_administrators(
    client, administrator, process_officer, reported_comment
):
    Comment.objects.filter(pk=reported_comment.pk).update(object_id=999_999)
    client.force_login(process_officer)
    assert client.get(item(reported_comment, "commentaire")).status_code == 403
    client.force_login(administrator)
    assert client.get(item(reported_comment, "commentaire")).status_code == 200
