"""The bell tells what the e-mails tell, to the same people, in the same transaction, grouped per target."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.mail.models import QueuedMail
from geoparticipation.notifications.models import Notification
from geoparticipation.participation import services
from geoparticipation.participation.models import CommentVote, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(proposal):
    user = User.objects.create_user("suivi@example.org", "Dominique", "un-mot-de-passe-solide")
    services.follow_create(user=user, target=proposal)
    return user


@pytest.fixture
def bernard(db):
    return User.objects.create_user("bernard@example.org", "Bernard59", "un-mot-de-passe-solide")


def bell_of(user):
    return [(n.kind, n.text) for n in Notification.objects.filter(recipient=user, read_at__isnull=True)]


def test_a_comment_notifies_the_author_and_followers_but_not_the_commenter(proposal, follower, bernard):
    services.comment_create(author=follower, target=proposal, body="Texte à ne jamais recopier")
    assert bell_of(proposal.author) == [("comment", "Nouveau commentaire sur « Un abri vélo »")]
    assert bell_of(follower) == [] and bell_of(bernard) == []
    # The same people got the e-mail, queued with the row.
    assert [mail.recipients for mail in QueuedMail.objects.all()] == [["camille@example.org"]]
    assert "Texte à ne jamais" not in " ".join(n.text + n.url for n in Notification.objects.all())


def test_comments_on_one_proposal_grow_one_unread_row_then_start_a_new_one_once_read(proposal, bernard):
    first = services.comment_create(author=bernard, target=proposal, body="Un")
    for body in ("Deux", "Trois"):
        services.comment_create(author=bernard, target=proposal, body=body)
    [row] = Notification.objects.filter(recipient=proposal.author)
    assert row.count == 3 and row.text == "3 nouveaux commentaires sur « Un abri vélo »"
    # The link leads to the first comment not read yet.
    assert row.url.endswith(f"?depuis={first.pk}#commentaire-{first.pk}")
    assert QueuedMail.objects.count() == 3
    row.read_at = timezone.now()
    row.save()
    services.comment_create(author=bernard, target=proposal, body="Quatre")
    assert Notification.objects.filter(recipient=proposal.author).count() == 2
    assert bell_of(proposal.author) == [("comment", "Nouveau commentaire sur « Un abri vélo »")]


def test_a_reply_notifies_the_replied_author_once_as_a_reply(proposal, follower, bernard):
    comment = services.comment_create(author=follower, target=proposal, body="Pourquoi ici ?")
    Notification.objects.all().delete()
    QueuedMail.objects.all().delete()
    services.comment_create(author=bernard, target=proposal, body="Parce que.", parent=comment)
    assert bell_of(follower) == [("reply", "Une réponse à votre commentaire sur « Un abri vélo »")]
    assert bell_of(proposal.author) == [("comment", "Nouveau commentaire sur « Un abri vélo »")]
    assert bell_of(bernard) == []
    assert sorted(m.recipients[0] for m in QueuedMail.objects.all()) == ["camille@example.org", "suivi@example.org"]
    assert "a répondu à votre commentaire" in QueuedMail.objects.get(recipients=["suivi@example.org"]).body


def test_replying_to_one_s_own_comment_tells_nobody_of_a_reply(proposal, bernard):
    comment = services.comment_create(author=bernard, target=proposal, body="Moi")
    services.comment_create(author=bernard, target=proposal, body="Encore moi", parent=comment)
    assert not Notification.objects.filter(kind="reply").exists()


def test_an_answer_notifies_the_author_and_followers_not_the_officer(proposal, follower, officer):
    services.follow_create(user=officer, target=proposal)
    services.proposal_answer(proposal=proposal, officer=officer, state=Proposal.State.ACCEPTED, answer="Oui.")
    expected = [("answer", "La métropole a répondu à « Un abri vélo »")]
    assert bell_of(proposal.author) == bell_of(follower) == expected
    assert bell_of(officer) == []


def test_a_moderation_decision_notifies_the_author_alone(proposal, bernard, follower, officer):
    comment = services.comment_create(author=bernard, target=proposal, body="06 00 00 00 00")
    Notification.objects.all().delete()
    services.content_hide(target=comment, officer=officer, category="personal_data", reason="Téléphone.")
    services.content_hide(target=proposal, officer=officer, category="off_topic", reason="Hors sujet.")
    assert bell_of(bernard) == [("moderation", "Votre commentaire sur « Un abri vélo » a été masqué par la modération")]
    assert bell_of(proposal.author) == [
        ("moderation", "Votre proposition « Un abri vélo » a été masquée par la modération")
    ]
    assert bell_of(follower) == []


class RolledBack(Exception):
    pass


def test_a_write_rolled_back_leaves_neither_mail_nor_notification(proposal, bernard):
    with pytest.raises(RolledBack), transaction.atomic():
        services.comment_create(author=bernard, target=proposal, body="Un")
        assert Notification.objects.exists() and QueuedMail.objects.exists()
        raise RolledBack
    assert not Notification.objects.exists() and not QueuedMail.objects.exists()


def test_the_bell_counts_the_unread_and_the_page_marks_them_read(client, proposal, bernard):
    author = proposal.author
    services.comment_create(author=bernard, target=proposal, body="Un")
    services.proposal_answer(proposal=proposal, officer=bernard, state="accepted", answer="Oui.")
    client.force_login(author)
    home = client.get("/").content.decode()
    assert 'aria-label="Notifications, 2 non lues"' in home
    listing = client.get("/comptes/notifications/").content.decode()
    assert "Nouveau commentaire sur « Un abri vélo »" in listing
    assert listing.index("La métropole a répondu") < listing.index("Nouveau commentaire")  # newest first
    comment_row = Notification.objects.get(recipient=author, kind="comment")
    followed = client.get(f"/comptes/notifications/{comment_row.pk}/")
    assert followed.status_code == 302 and followed["Location"] == comment_row.url
    assert 'aria-label="Notifications, 1 non lue"' in client.get("/").content.decode()
    client.post("/comptes/notifications/tout-lu/")
    assert 'aria-label="Notifications, aucune non lue"' in client.get("/").content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_one_cannot_open_another_person_s_notification(client, proposal, bernard):
    services.comment_create(author=bernard, target=proposal, body="Un")
    row = Notification.objects.get()
    client.force_login(bernard)
    assert client.get(f"/comptes/notifications/{row.pk}/")["Location"] == "/comptes/notifications/"
    row.refresh_from_db()
    assert row.read_at is None
    assert client.get("/comptes/notifications/tout-lu/").status_code == 405


def test_the_bell_costs_one_query(client, proposal, bernard, django_assert_num_queries):
    services.comment_create(author=bernard, target=proposal, body="Un")
    client.force_login(proposal.author)
    client.get("/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1


def test_old_notifications_are_purged_by_the_command(proposal, bernard, settings):
    settings.NOTIFICATIONS_KEPT_DAYS = 30
    services.comment_create(author=bernard, target=proposal, body="Un")
    services.proposal_answer(proposal=proposal, officer=bernard, state="accepted", answer="Oui.")
    Notification.objects.filter(kind="comment").update(created_at=timezone.now() - datetime.timedelta(days=31))
    out = io.StringIO()
    call_command("purge_notifications", stdout=out)
    assert "1 notification(s) supprimée(s)" in out.getvalue()
    assert list(Notification.objects.values_list("kind", flat=True)) == ["answer"]


def test_votes_and_notifications_are_in_the_data_download_and_go_with_the_account(client, proposal, bernard):
    comment = services.comment_create(author=bernard, target=proposal, body="Un")
    services.comment_vote(user=proposal.author, comment=comment, value=CommentVote.Value.AGREE)
    client.force_login(proposal.author)
    data = json.loads(b"".join(client.get("/comptes/profil/mes-donnees.json").streaming_content))
    assert data["comment_votes"][0]["comment"] == comment.pk and data["comment_votes"][0]["vote"] == "agree"
    assert data["notifications"][0]["text"] == "Nouveau commentaire sur « Un abri vélo »"
    from geoparticipation.accounts.services import account_delete

    account_delete(user=proposal.author)
    assert not Notification.objects.exists()
    comment.refresh_from_db()
    assert comment.agrees_count == 1 and CommentVote.objects.get().user is None
