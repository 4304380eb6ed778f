"""E-mails and in-site notifications (geoparticipation/notifications/, written together): to the author and followers
of a proposal when it is answered or commented, to the author of a comment replied to, to the author of content
hidden by moderation; and the newsletter (e-mail only) of the themes each participant chose.

Queued in the writing transaction and sent once it has committed, one message per person (geoparticipation/mail/).
A comment's text is not copied into the e-mail: moderation happens after publication, and a hidden comment must not
live on in mailboxes.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse

from geoparticipation.accounts.models import User
from geoparticipation.mail.queue import enqueue
from geoparticipation.notifications.models import Notification
from geoparticipation.notifications.services import notify as tell

from .models import Annotation, Comment, Follow, Process, Proposal


def recipients(target, *, exclude=()):
    """Active accounts that follow the target (a proposal, a debate), and its author if it has one, except those in
    `exclude` (who caused the event, or who is told otherwise)."""
    followers = Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(type(target)), object_id=target.pk
    ).values("user")
    users = User.objects.filter(is_active=True).filter(pk__in=followers)
    if getattr(target, "author_id", None) is not None:
        users = users | User.objects.filter(is_active=True, pk=target.author_id)
    users = users.exclude(pk__in=[user.pk for user in exclude if user is not None])
    return list(users.distinct().order_by("pk"))


def proposal_url(proposal: Proposal) -> str:
    return reverse("web:proposal", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})


def thread_url(comment: Comment) -> str:
    """The proposal's thread opened at `comment`'s top comment, wherever its page; a reply's with the replies from
    that one on, wherever it is among them."""
    return f"{proposal_url(comment.target)}?depuis={comment.pk}#commentaire-{comment.pk}"


def notify_followers(target, *, kind, subject: str, path: str, mail_template: str, exclude=(), context=None):
    """Tells the followers (and author) of any followed content, by e-mail and in the bell, with a link to `path`."""
    tell(
        recipients(target, exclude=exclude),
        kind=kind,
        target=target,
        subject=subject,
        url=path,
        mail_template=mail_template,
        context=context or {},
    )


def notify_answered(proposal: Proposal, *, officer):
    notify_followers(
        proposal,
        kind=Notification.Kind.ANSWER,
        subject=proposal.title,
        path=proposal_url(proposal),
        mail_template="participation/email/answered.txt",
        exclude=[officer],
        context={"proposal": proposal},
    )


def notify_commented(comment: Comment):
    """Tells the author and followers of the commented proposal (grouped in the bell per proposal), and the
    author of the comment replied to (grouped per comment). Nobody is told of their own comment, nor twice."""
    proposal, author = comment.target, comment.author
    replied_to = comment.parent.author if comment.parent_id else None
    if replied_to is not None and replied_to.is_active and replied_to != author:
        tell(
            [replied_to],
            kind=Notification.Kind.REPLY,
            target=comment.parent,
            subject=proposal.title,
            url=thread_url(comment),
            mail_template="participation/email/replied.txt",
            context={"proposal": proposal, "commenter": author},
        )
    else:
        replied_to = None
    notify_followers(
        proposal,
        kind=Notification.Kind.COMMENT,
        subject=proposal.title,
        path=thread_url(comment),
        mail_template="participation/email/commented.txt",
        exclude=[author, replied_to],
        context={"proposal": proposal, "commenter": author},
    )


def _page_url(target) -> str:
    """Where the author finds what became of the content: the proposal's page, which now gives the notice, the
    thread of the commented proposal, or the concertation's map."""
    if isinstance(target, Comment):
        return thread_url(target)
    if isinstance(target, Annotation):
        return reverse("web:annotations", kwargs={"slug": target.process.slug})
    if hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    return proposal_url(target)


def _hidden_subject(target) -> str:
    """What the bell names: the proposal hidden, the one a hidden comment was on, the annotation's concertation, the
    debate of a hidden argument."""
    if isinstance(target, Comment):
        return target.target.title
    if isinstance(target, Annotation):
        return target.process.title
    if hasattr(target, "debate"):
        return target.debate.title
    return target.title


def notify_hidden(target):
    """Tells the author that moderation hid their proposal, annotation or comment: the public category, the
    officer's reason (written for the author), the date and how to contest. In French, whatever the officer's
    language; nothing for content without an author (a meeting) or whose author deleted their account."""
    author = getattr(target, "author", None)
    if author is None or not author.is_active:
        return
    site = settings.SITE_URL.rstrip("/")
    tell(
        [author],
        kind=Notification.Kind.MODERATION,
        target=target,
        subject=_hidden_subject(target),
        url=_page_url(target),
        mail_template="participation/email/hidden.txt",
        context={
            "target": target,
            "kind": type(target).__name__.lower(),
            # The participation charter says what moderation hides and why.
            "charter_url": site + reverse("pages:page", args=["charte-de-participation"]),
            "contact": settings.MODERATION_CONTACT,
        },
        language="fr",
    )


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
