"""What the site tells people: one function, notify(), writes the e-mails to the queue and the bell's rows in the
same transaction, so that no path sends one without the other.

Any app can call it (participation for answers, comments, replies and moderation; debates for its own events)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from geoparticipation.mail.queue import enqueue

from .models import Notification

# One statement for every recipient, however many: a new unread row, or the person's unread row of this kind and
# target counted once more (the partial unique index notification_unread_once). Written in SQL because the ORM's
# bulk_create(update_conflicts=True) can neither add to the existing count nor name a partial index. The row takes the
# date of the latest event (the page lists the newest first) and keeps the link of the first: it leads to the first
# of the events not read yet.
UPSERT = """
    INSERT INTO notifications_notification
        (recipient_id, kind, content_type_id, object_id, subject, url, count, created_at, read_at)
    SELECT recipient, %(kind)s, %(content_type)s, %(object_id)s, %(subject)s, %(url)s, 1, %(now)s, NULL
    FROM unnest(%(recipients)s::bigint[]) AS recipient
    ON CONFLICT (recipient_id, kind, content_type_id, object_id) WHERE read_at IS NULL
    DO UPDATE SET count = notifications_notification.count + 1, subject = EXCLUDED.subject,
        created_at = EXCLUDED.created_at
"""


@transaction.atomic
def notify(users, *, kind: str, target, subject: str, url: str, mail_template: str, context=None, language=None):
    """Tells each of `users` (active accounts, the one who acted already left out) about an event on `target`:
    an e-mail from `mail_template` (its subject on the first line, then a blank line and the body; rendered with
    `user`, `url` absolute and `context`, in `language` if given), sent once the transaction commits, and a
    notification of `kind` (Notification.Kind) in the bell, grouped with the unread one of the same kind and
    target. `subject` is the title the notification names (a proposal's, a debate's), `url` a path of the site;
    neither may carry a comment's words. Returns how many people were told."""
    users = list(users)
    if not users:
        return 0
    absolute = settings.SITE_URL.rstrip("/") + url
    messages = []
    with translation.override(language or translation.get_language()):
        for user in users:
            text = render_to_string(mail_template, {"user": user, "url": absolute, **(context or {})})
            mail_subject, _blank, body = text.partition("\n")
            messages.append((mail_subject.strip(), body.strip() + "\n", None, [user.email]))
    enqueue(messages)
    with connection.cursor() as cursor:
        cursor.execute(
            UPSERT,
            {
                "kind": kind,
                "content_type": ContentType.objects.get_for_model(target).pk,
                "object_id": target.pk,
                "subject": subject[: Notification._meta.get_field("subject").max_length],
                "url": url,
                "now": timezone.now(),
                "recipients": [user.pk for user in users],
            },
        )
    return len(users)


def notification_open(*, user, pk: int) -> Notification:
    """The person's notification, marked read: following it reads it."""
    notification = Notification.objects.get(recipient=user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_purge(*, days: int) -> int:
    """Deletes the notifications, read or not, older than `days` days; returns how many."""
    deleted, _ = Notification.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=days)).delete()
    return deleted
