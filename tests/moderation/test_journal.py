"""The journal of moderation: who, when, what and why for every action, on every path; read per concertation in the
back-office; never changed or deleted."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.moderation.models import ModerationAction
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, Proposal, Report

from ..factories import make_process, make_proposal

pytestmark = pytest.mark.django_db

JOURNAL = reverse("admin:moderation_moderationaction_changelist")


@pytest.fixture
def officer(officer):
    """The participation team's officer, a superuser: the admin is theirs only (console/officers/test_admin_site.py)."""
    officer.is_superuser = True
    officer.save()
    return officer


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@example.org", "Administrateur", "un-mot-de-passe-solide")


def journal():
    """(officer, action, target, process, category, reason, state) of each line, oldest first."""
    return [
        (
            a.officer_pseudonym,
            a.action,
            f"{a.content_type.model}:{a.object_id}",
            a.process_id,
            a.category,
            a.reason,
            a.state,
        )
        for a in ModerationAction.objects.order_by("at", "id")
    ]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_each_service_writes_who_when_what_and_why(process, proposal, citizen, officer):
    comment = services.comment_create(author=citizen, target=proposal, body="Un commentaire")
    report = services.report_create(reporter=citizen, target=comment, reason="spam")
    before = timezone.now()

    services.content_hide(target=comment, officer=officer, category="spam", reason="Publicité déguisée")
    services.content_unhide(target=comment, officer=officer)
    services.proposal_answer(proposal=proposal, officer=officer, state="accepted", answer="Inscrit au plan vélo.")
    services.content_correct(
        target=proposal, officer=officer, texts={"body": "Corrigé"}, category="personal_data", reason="Nom retiré"
    )
    services.report_dismiss(report=report, officer=officer)

    p, c = f"proposal:{proposal.pk}", f"comment:{comment.pk}"
    assert journal() == [
        ("Agent MEL", "hide", c, process.pk, "spam", "Publicité déguisée", ""),
        ("Agent MEL", "unhide", c, process.pk, "", "", ""),
        ("Agent MEL", "answer", p, process.pk, "", "Inscrit au plan vélo.", "accepted"),
        ("Agent MEL", "correct", p, process.pk, "personal_data", "Nom retiré", ""),
        ("Agent MEL", "dismiss_report", c, process.pk, "spam", "", ""),
    ]
    assert all(a.officer == officer and before <= a.at <= timezone.now() for a in ModerationAction.objects.all())
    assert not Report.objects.exists()


def test_a_refused_action_writes_nothing(proposal, officer):
    with pytest.raises(ValidationError):
        services.content_hide(target=proposal, officer=officer, category="spam", reason=" ")
    with pytest.raises(ValidationError):
        services.proposal_answer(proposal=proposal, officer=officer, state="published", answer="Non")

    assert not ModerationAction.objects.exists()


def test_the_journal_keeps_who_acted_after_the_officers_account_is_deleted(proposal, officer):
    services.content_hide(target=proposal, officer=officer, category="other", reason="Doublon")
    officer.delete()

    (action,) = ModerationAction.objects.all()
    assert (action.officer, action.officer_pseudonym) == (None, "Agent MEL")


def test_each_back_office_path_writes_the_journal(client, process, proposal, citizen, officer):
    comment = services.comment_create(author=citizen, target=proposal, body="Un commentaire")
    report = services.report_create(reporter=citizen, target=proposal, reason="off_topic")
    client.force_login(officer)
    changelist = admin_url(Comment, "changelist")

    client.post(
        changelist,
        {"action": "hide", ACTION_CHECKBOX_NAME: [comment.pk], "confirm": "yes", "category": "spam", "reason": "Pub"},
    )
    client.post(changelist, {"action": "unhide", ACTION_CHECKBOX_NAME: [comment.pk], "index": 0})
    published_at = timezone.localtime(proposal.published_at)
    client.post(
        admin_url(Proposal, "change", proposal.pk),
        {
            "process": process.pk,
            "theme": "",
            "geom": proposal.geom.transform(4326, clone=True).json,
            "published_at_0": f"{published_at:%Y-%m-%d}",
            "published_at_1": f"{published_at:%H:%M:%S}",
            "state": "rejected",
            "answer": "Hors du périmètre de la métropole.",
            "_save": "Enregistrer",
        },
    )
    client.post(
        admin_url(Comment, "correct", comment.pk), {"body": "Corrigé", "category": "personal_data", "reason": "Tél."}
    )
    client.post(admin_url(Report, "delete", report.pk), {"post": "yes"})

    p, c = f"proposal:{proposal.pk}", f"comment:{comment.pk}"
    assert journal() == [
        ("Agent MEL", "hide", c, process.pk, "spam", "Pub", ""),
        ("Agent MEL", "unhide", c, process.pk, "", "", ""),
        ("Agent MEL", "answer", p, process.pk, "", "Hors du périmètre de la métropole.", "rejected"),
        ("Agent MEL", "correct", c, process.pk, "personal_data", "Tél.", ""),
        ("Agent MEL", "dismiss_report", p, process.pk, "off_topic", "", ""),
    ]


def test_dismissing_reports_in_bulk_writes_a_line_for_each(client, proposal, citizen, officer):
    other = User.objects.create_user("dominique@example.org", "Dominique", "un-mot-de-passe-solide")
    reports = [services.report_create(reporter=who, target=proposal, reason="spam") for who in (citizen, other)]
    client.force_login(officer)

    client.post(
        admin_url(Report, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [r.pk for r in reports], "post": "yes"},
    )

    assert not Report.objects.exists()
    assert [a.action for a in ModerationAction.objects.all()] == ["dismiss_report", "dismiss_report"]


def test_officers_read_the_journal_of_one_concertation_from_its_page(client, officer, citizen):
    mine, other = make_process("plan-climat"), make_process("plan-velo")
    here, there = make_proposal(mine, citizen, title="Ici"), make_proposal(other, citizen, title="Ailleurs")
    services.content_hide(target=here, officer=officer, category="spam", reason="Publicité ici")
    services.content_hide(target=there, officer=officer, category="spam", reason="Publicité ailleurs")
    client.force_login(officer)

    process_page = client.get(reverse("admin:participation_process_change", args=[mine.pk])).content.decode()
    link = f"{JOURNAL}?process__id__exact={mine.pk}"
    assert "Journal de modération" in process_page and link in process_page
    response = client.get(link)

    assert response.status_code == 200
    assert [a.object_id for a in response.context["cl"].result_list] == [here.pk]
    assert "Publicité ici" in response.content.decode()
    assert "Publicité ailleurs" not in response.content.decode()


def test_the_journal_lists_newest_first_without_a_query_per_row(client, superuser, process, citizen, officer):
    client.force_login(superuser)
    proposals = [make_proposal(process, citizen, title=f"Proposition {i}") for i in range(6)]
    services.content_hide(target=proposals[0], officer=officer, category="spam", reason="Spam")
    with CaptureQueriesContext(connection) as one_row:
        client.get(JOURNAL, {"process__id__exact": process.pk})
    for p in proposals[1:]:
        services.content_hide(target=p, officer=officer, category="spam", reason="Spam")
    with CaptureQueriesContext(connection) as six_rows:
        rows = client.get(JOURNAL, {"process__id__exact": process.pk}).context["cl"].result_list

    assert len(six_rows) == len(one_row)
    assert [a.object_id for a in rows] == [p.pk for p in reversed(proposals)]


def test_nobody_adds_changes_or_deletes_a_line_of_the_journal_not_even_a_superuser(
    client, superuser, proposal, officer
):
    services.content_hide(target=proposal, officer=officer, category="spam", reason="Spam")
    (action,) = ModerationAction.objects.all()
    client.force_login(superuser)
    url = lambda view, *args: reverse(f"admin:moderation_moderationaction_{view}", args=args)  # noqa: E731

    assert client.get(url("add")).status_code == 403
    assert client.post(url("delete", action.pk), {"post": "yes"}).status_code == 403
    client.post(url("changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [action.pk], "post": "yes"})
    page = client.get(url("change", action.pk))
    client.post(url("change", action.pk), {"reason": "Effacé"})

    assert "delete_selected" not in client.get(url("changelist")).content.decode()
    assert page.status_code == 200 and 'name="reason"' not in page.content.decode()
    action.refresh_from_db()
    assert (ModerationAction.objects.count(), action.reason) == (1, "Spam")


def test_the_journal_of_a_concertation_is_kept_with_it(proposal, officer):
    services.content_hide(target=proposal, officer=officer, category="spam", reason="Spam")

    with pytest.raises(Exception, match="protected"):
        proposal.process.delete()
    assert ModerationAction.objects.count() == 1


def test_the_journal_of_a_concertation_is_read_newest_first_on_its_index(process, proposal, officer):
    other = make_process("plan-velo")
    ModerationAction.objects.bulk_create(
        ModerationAction(
            action="hide",
            officer=officer,
            officer_pseudonym="Agent MEL",
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id=i,
            process=process if i % 2 else other,
            at=timezone.now() - datetime.timedelta(minutes=i),
        )
        for i in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE moderation_moderationaction")
        sql, params = (
            ModerationAction.objects.filter(process=process).order_by("-at", "-id")[:100].query.sql_with_params()
        )
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "moderation_action_process_at" in plan and "Sort" not in plan
