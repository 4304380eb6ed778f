"""E-mails to the people who follow a proposal: its author and its followers, when it is answered or commented.

Sent once the writing transaction has committed, one message per person. A comment's text is not copied into
the e-mail: moderation happens after publication, and a hidden comment must not live on in mailboxes.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from geoparticipation.accounts.models import User

from .models import Follow, Proposal


def recipients(proposal: Proposal, *, exclude=None):
    """Active accounts that follow the proposal, and its author, except `exclude` (who caused the event)."""
    followers = Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal), object_id=proposal.pk
    ).values("user")
    users = User.objects.filter(is_active=True).filter(pk__in=followers) | User.objects.filter(
        is_active=True, pk=proposal.author_id
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct().order_by("pk"))


def notify(proposal: Proposal, template: str, *, exclude=None, **context):
    """Mails every recipient of the proposal once the transaction commits; `template` gives the subject on its
    first line and the body after a blank line."""
    url = settings.SITE_URL.rstrip("/") + reverse(
        "web:proposal", kwargs={"slug": proposal.process.slug, "pk": proposal.pk}
    )
    messages = []
    for user in recipients(proposal, exclude=exclude):
        text = render_to_string(template, {"user": user, "proposal": proposal, "url": url, **context})
        subject, _blank, body = text.partition("\n")
        messages.append((subject.strip(), body.strip() + "\n", None, [user.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
