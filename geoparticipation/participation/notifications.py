"""E-mails: to the author and followers of a proposal when it is answered or commented, to the author of content
hidden by moderation, and the newsletter of the themes each participant chose.

Queued in the writing transaction and sent once it has committed, one message per person (geoparticipation/mail/).
A comment's text is not copied into the e-mail: moderation happens after publication, and a hidden comment must not
live on in mailboxes.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from geoparticipation.accounts.models import User
from geoparticipation.mail.queue import enqueue

from .models import Annotation, Comment, Follow, Process, Proposal


def recipients(target, *, exclude=None):
    """Active accounts that follow the target (a proposal, a debate), and its author if it has one, except `exclude`
    (who caused the event)."""
    followers = Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(type(target)), object_id=target.pk
    ).values("user")
    users = User.objects.filter(is_active=True).filter(pk__in=followers)
    if getattr(target, "author_id", None) is not None:
        users = users | User.objects.filter(is_active=True, pk=target.author_id)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct().order_by("pk"))


def notify(proposal: Proposal, template: str, *, exclude=None, **context):
    """Queues a mail to every recipient of the proposal, sent once the transaction commits; `template` gives the
    subject on its first line and the body after a blank line."""
    path = reverse("web:proposal", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    notify_followers(proposal, template, path=path, exclude=exclude, proposal=proposal, **context)


def notify_followers(target, template: str, *, path: str, exclude=None, **context):
    """Queues a mail to the followers (and author) of any followed content, with a link to `path` on the site."""
    url = settings.SITE_URL.rstrip("/") + path
    messages = []
    for user in recipients(target, exclude=exclude):
        text = render_to_string(template, {"user": user, "url": url, **context})
        subject, _blank, body = text.partition("\n")
        messages.append((subject.strip(), body.strip() + "\n", None, [user.email]))
    enqueue(messages)


def _page_url(target) -> str:
    """Where the author finds what became of the content: the proposal's page, which now gives the notice, the
    thread of the commented proposal, or the concertation's map."""
    if isinstance(target, Comment):
        proposal = target.target
        return reverse("web:proposal", kwargs={"slug": proposal.process.slug, "pk": proposal.pk}) + "#commentaires"
    if isinstance(target, Annotation):
        return reverse("web:annotations", kwargs={"slug": target.process.slug})
    if hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    return reverse("web:proposal", kwargs={"slug": target.process.slug, "pk": target.pk})


def notify_hidden(target):
    """Tells the author that moderation hid their proposal, annotation or comment: the public category, the
    officer's reason (written for the author), the date and how to contest. In French, whatever the officer's
    language; nothing for content without an author (a meeting) or whose author deleted their account."""
    author = getattr(target, "author", None)
    if author is None or not author.is_active:
        return
    site = settings.SITE_URL.rstrip("/")
    with translation.override("fr"):
        text = render_to_string(
            "participation/email/hidden.txt",
            {
                "user": author,
                "target": target,
                "kind": type(target).__name__.lower(),
                "url": site + _page_url(target),
                # The participation charter says what moderation hides and why.
                "charter_url": site + reverse("pages:page", args=["charte-de-participation"]),
                "contact": settings.MODERATION_CONTACT,
            },
        )
    subject, _blank, body = text.partition("\n")
    enqueue([(subject.strip(), body.strip() + "\n", None, [author.email])])


def send_newsletters(*, since) -> int:
    """Mails each active subscriber what happened since `since` in the themes they chose: public concertations
    opened and proposals answered. Nobody gets an empty letter. The letters are queued (the caller sends the
    queue); returns how many."""
    url = settings.SITE_URL.rstrip("/")
    messages = []
    subscribers = User.objects.filter(is_active=True, newsletter_themes__isnull=False).distinct()
    for user in subscribers.prefetch_related("newsletter_themes").order_by("pk"):
        themes = list(user.newsletter_themes.all())
        processes = Process.objects.public().filter(themes__in=themes, created_at__gte=since).distinct()
        answered = (
            Proposal.objects.public()
            .filter(theme__in=themes, answered_at__gte=since)
            .select_related("process", "theme")
            .order_by("-answered_at")
        )
        if not processes and not answered:
            continue
        text = render_to_string(
            "participation/email/newsletter.txt",
            {"user": user, "themes": themes, "processes": processes, "answered": answered, "site_url": url},
        )
        subject, _blank, body = text.partition("\n")
        messages.append((subject.strip(), body.strip() + "\n", None, [user.email]))
    return len(enqueue(messages, send_on_commit=False))
