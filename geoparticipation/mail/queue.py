"""Every e-mail of the site goes through a queue in PostgreSQL, so that a failing mail server loses nothing and
never turns a request whose writes committed into an error.

A message is written in the transaction of what causes it (a comment, a sign-up) and sent once that transaction
commits; if sending fails, it stays queued. `manage.py send_mail_queue`, from cron every minute, sends what is due
through EMAIL_BACKEND: a message that failed is tried again at the next run, then after 1, 2, 4… minutes and at
least hourly, for three days; after that it is dropped with an error in the log. A sent message is deleted: the
queue holds links that open accounts and reset passwords.
"""

import datetime
import logging

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import QueuedMail

logger = logging.getLogger(__name__)

BATCH = 100
MAX_DELAY = datetime.timedelta(hours=1)
GIVE_UP_AFTER = datetime.timedelta(days=3)


def enqueue(messages, *, send_on_commit=True):
    """Queues (subject, body, from_email or None, [recipients]) tuples, as send_mass_mail takes them, and sends
    them once the current transaction commits (at once outside a transaction). Returns their ids."""
    rows = QueuedMail.objects.bulk_create(
        QueuedMail(subject=subject, body=body, from_email=from_email or "", recipients=list(recipients))
        for subject, body, from_email, recipients in messages
    )
    ids = [row.pk for row in rows]
    if send_on_commit and ids:
        transaction.on_commit(lambda: _send_after_commit(ids))
    return ids


def _send_after_commit(ids):
    # What caused the mail is committed: whatever fails here (the mail server, the database), the request still
    # answers what it did, and the message waits for send_mail_queue.
    try:
        send(ids)
    except Exception:
        logger.exception("Queued mails %s not sent after commit; send_mail_queue will retry them", ids)


def _delay(attempts):
    """The wait before the next try, after `attempts` failed ones: none after the first (the next cron run)."""
    if attempts <= 1:
        return datetime.timedelta()
    return min(datetime.timedelta(minutes=2 ** (attempts - 2)), MAX_DELAY)


def send(ids=None):
    """Sends the due messages (among `ids` if given), each once; returns (sent, failed)."""
    sent = failed = 0
    started, last = timezone.now(), 0
    while True:
        with transaction.atomic():
            due = QueuedMail.objects.select_for_update(skip_locked=True).filter(pk__gt=last)
            due = due.filter(pk__in=ids) if ids is not None else due.filter(next_attempt_at__lte=started)
            batch = list(due.order_by("pk")[:BATCH])
            if not batch:
                return sent, failed
            last = batch[-1].pk
            done, errors = _deliver(batch)
            QueuedMail.objects.filter(pk__in=[row.pk for row in done]).delete()
            for row, error in errors:
                _failed(row, error)
        sent, failed = sent + len(done), failed + len(errors)


def _deliver(batch):
    """Sends the rows over one connection of EMAIL_BACKEND: (rows sent, [(row, error)])."""
    try:
        connection = get_connection()
        connection.open()
    except Exception as error:
        return [], [(row, error) for row in batch]
    done, errors = [], []
    try:
        for row in batch:
            message = EmailMessage(row.subject, row.body, row.from_email or None, row.recipients, connection=connection)
            try:
                message.send()
            except Exception as error:
                errors.append((row, error))
            else:
                done.append(row)
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("Closing the mail connection failed", exc_info=True)
    return done, errors


def _failed(row, error):
    now = timezone.now()
    if now - row.created_at > GIVE_UP_AFTER:
        logger.error("Mail %s « %s » dropped after %s attempts: %r", row.pk, row.subject, row.attempts + 1, error)
        row.delete()
        return
    row.attempts += 1
    row.next_attempt_at = now + _delay(row.attempts)
    row.last_error = repr(error)
    row.save(update_fields=["attempts", "next_attempt_at", "last_error"])
    logger.warning(
        "Mail %s « %s » not sent (attempt %s), next try at %s: %r",
        row.pk,
        row.subject,
        row.attempts,
        row.next_attempt_at,
        error,
    )
