"""The author of hidden content is told by e-mail why, and how to contest, whatever the path that hid it."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from geoparticipation.accounts.models import User
from geoparticipation.accounts.services import account_delete
from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Comment, Meeting, Proposal, Report

from ..factories import GRAND_PLACE_LILLE, make_proposal, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(officer):
    officer.is_superuser = True
    officer.save()
    return officer


@pytest.fixture
def reporter(db):
    return User.objects.create_user("lucie@example.org", "Lucie du Vieux-Lille", "un-mot-de-passe-solide")


@pytest.fixture
def contact(settings):
    settings.MODERATION_CONTACT = "moderation@lillemetropole.example"
    settings.SITE_URL = "https://participation.example"
    return settings.MODERATION_CONTACT


def changelist(model):
    return reverse(f"admin:participation_{model._meta.model_name}_changelist")


def hide_in_admin(client, model, objects, *, category, reason, action="hide"):
    return client.post(
        changelist(model),
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [obj.pk for obj in objects],
            "confirm": "yes",
            "category": category,
            "reason": reason,
        },
    )


def french_date(moment, format_="j F Y"):
    with translation.override("fr"):
        return dateformat.format(timezone.localtime(moment), format_)


def test_hiding_a_proposal_in_the_back_office_mails_its_author_the_category_the_reason_and_how_to_contest(
    client, officer, proposal, reporter, contact, mailoutbox, django_capture_on_commit_callbacks
):
    services.report_create(reporter=reporter, target=proposal, reason="offensive")
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        hide_in_admin(client, Proposal, [proposal], category="offensive", reason="Propos injurieux envers l'élu cité.")

    [mail] = mailoutbox
    proposal.refresh_from_db()
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "Votre proposition « Un abri vélo » a été masquée par la modération"
    assert "Bonjour Camille59," in mail.body
    assert f"a été masquée par la modération le {french_date(proposal.hidden_at)}" in mail.body
    assert "Motif : Propos injurieux ou haineux" in mail.body
    assert "Propos injurieux envers l'élu cité." in mail.body
    assert f"écrivez à {contact}" in mail.body
    assert "https://participation.example/pages/charte-de-participation/" in mail.body
    assert f"https://participation.example/concertations/plan-climat/propositions/{proposal.pk}/" in mail.body
    assert "Lucie du Vieux-Lille" not in mail.body
    assert "Agent MEL" not in mail.body


def test_the_mail_is_in_french_whatever_the_officers_language(
    client, officer, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    client.cookies["django_language"] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        hide_in_admin(client, Proposal, [proposal], category="spam", reason="Publicité")

    [mail] = mailoutbox
    proposal.refresh_from_db()
    assert french_date(proposal.hidden_at, "F") in mail.body
    assert "Motif : Publicité ou spam" in mail.body


def test_the_contact_is_the_sender_address_unless_set(
    settings, officer, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    assert settings.MODERATION_CONTACT == settings.DEFAULT_FROM_EMAIL
    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(target=proposal, officer=officer, category="spam", reason="Publicité")

    assert f"écrivez à {settings.DEFAULT_FROM_EMAIL}" in mailoutbox[0].body


def test_hiding_a_comment_from_the_report_list_mails_its_author(
    client, officer, proposal, reporter, contact, mailoutbox, django_capture_on_commit_callbacks
):
    bernard = User.objects.create_user("bernard@example.org", "Bernard59", "un-mot-de-passe-solide")
    comment = services.comment_create(author=bernard, target=proposal, body="Appelez-moi au 06 00 00 00 00.")
    report = services.report_create(reporter=reporter, target=comment, reason="personal_data")
    client.force_login(officer)
    listed = client.get(changelist(Report)).content.decode()
    assert "Appelez-moi au 06 00 00 00 00." in listed
    assert reverse("admin:participation_comment_change", args=[comment.pk]) in listed

    with django_capture_on_commit_callbacks(execute=True):
        hide_in_admin(
            client, Report, [report], category="personal_data", reason="Numéro de téléphone.", action="hide_reported"
        )

    comment.refresh_from_db()
    assert comment.hidden_category == "personal_data"
    assert "masqué le" in client.get(changelist(Report)).content.decode()
    [mail] = mailoutbox
    assert mail.to == ["bernard@example.org"]
    assert mail.subject == "Votre commentaire a été masqué par la modération"
    assert "Votre commentaire du " in mail.body
    assert "sur la proposition « Un abri vélo » a été masqué par la modération le" in mail.body
    assert "Motif : Données personnelles" in mail.body
    assert "Numéro de téléphone." in mail.body
    # The thread opened at the comment, wherever its page.
    assert f"/concertations/plan-climat/propositions/{proposal.pk}/?depuis={comment.pk}#commentaire-{comment.pk}" in (
        mail.body
    )
    assert "06 00 00 00 00" not in mail.body
    assert "Lucie du Vieux-Lille" not in mail.body


def test_hiding_an_annotation_from_the_report_list_mails_its_author(
    client, officer, process, citizen, reporter, contact, mailoutbox, django_capture_on_commit_callbacks
):
    annotation = services.annotation_create(
        author=citizen, process=process, kind="probleme", comment="Trottoir étroit", geometry=point(*GRAND_PLACE_LILLE)
    )
    report = services.report_create(reporter=reporter, target=annotation, reason="off_topic")
    client.force_login(officer)
    assert (
        reverse("admin:participation_annotation_change", args=[annotation.pk])
        in client.get(changelist(Report)).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        hide_in_admin(client, Report, [report], category="off_topic", reason="Sans rapport.", action="hide_reported")

    assert Annotation.objects.get().hidden_category == "off_topic"
    [mail] = mailoutbox
    assert mail.subject == "Votre annotation a été masquée par la modération"
    assert "Votre annotation (problème) publiée le" in mail.body
    assert "Motif : Hors sujet" in mail.body
    assert "/concertations/plan-climat/carte/" in mail.body


def test_one_mail_per_hidden_content_to_its_author_only(
    officer, process, citizen, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    follower = User.objects.create_user("suivi@example.org", "Dominique")
    services.follow_create(user=follower, target=proposal)
    services.follow_create(user=citizen, target=proposal)
    other = make_proposal(process, citizen, title="Un second abri")

    with django_capture_on_commit_callbacks(execute=True):
        for target in (proposal, other):
            services.content_hide(target=target, officer=officer, category="spam", reason="Publicité")

    assert [mail.to for mail in mailoutbox] == [["camille@example.org"], ["camille@example.org"]]
    assert "« Un abri vélo »" in mailoutbox[0].subject
    assert "« Un second abri »" in mailoutbox[1].subject


def test_no_mail_for_a_meeting_or_for_an_author_who_deleted_their_account(
    officer, process, proposal, citizen, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.create(
        process=process,
        title="Atelier",
        start_time=timezone.now(),
        end_time=timezone.now(),
        address="Hôtel de ville",
        geom=point(*GRAND_PLACE_LILLE).transform(2154, clone=True),
        published_at=timezone.now(),
    )
    services.comment_create(author=citizen, target=proposal, body="Mon commentaire")
    account_delete(user=citizen)

    with django_capture_on_commit_callbacks(execute=True):
        for target in (meeting, Proposal.objects.get(), Comment.objects.get()):
            services.content_hide(target=target, officer=officer, category="other", reason="Test")

    assert mailoutbox == []


def test_no_mail_when_the_hiding_is_refused(officer, proposal, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.content_hide(target=proposal, officer=officer, category="spam", reason=" ")

    assert mailoutbox == []
