from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext


class Notification(models.Model):
    """What the site tells a person in its bell, alongside the e-mail (services.notify writes both).

    Events of one kind on one target group in one unread row: its `count` grows and its date moves, so that a
    follower of a proposal commented 10,000 times reads « 10000 nouveaux commentaires sur « … » » in one row, not
    10,000. Once read, the next event starts a new row. The text is built from the kind, the count and `subject`
    (the title of the proposal or debate, as in the e-mail's subject), never from a comment's words: moderation
    comes after publication."""

    class Kind(models.TextChoices):
        ANSWER = "answer", "Réponse de la métropole"
        COMMENT = "comment", "Nouveaux commentaires"
        REPLY = "reply", "Réponses à un commentaire"
        MODERATION = "moderation", "Décision de la modération"
        ARGUMENT = "argument", "Nouveaux arguments dans un débat"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    subject = models.CharField("sujet", max_length=200)
    #: a path of the site, where following the notification leads
    url = models.CharField("lien", max_length=500)
    count = models.PositiveIntegerField("nombre", default=1)
    #: of the latest event counted in the row
    created_at = models.DateTimeField("date", default=timezone.now)
    read_at = models.DateTimeField("lu le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        constraints = [
            # The row that grows: one unread per person, kind and target (services.notify's ON CONFLICT).
            models.UniqueConstraint(
                fields=["recipient", "kind", "content_type", "object_id"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_once",
            )
        ]
        indexes = [
            # The page, newest first, paged from its last row.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recipient_idx"),
            # The bell's count, from the index alone.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            # The purge of old rows.
            models.Index(fields=["created_at"], name="notification_created_idx"),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        n, subject = self.count, self.subject
        if self.kind == self.Kind.ANSWER:
            return gettext("La métropole a répondu à « %(subject)s »") % {"subject": subject}
        if self.kind == self.Kind.COMMENT:
            return ngettext(
                "Nouveau commentaire sur « %(subject)s »", "%(count)s nouveaux commentaires sur « %(subject)s »", n
            ) % {"count": n, "subject": subject}
        if self.kind == self.Kind.REPLY:
            return ngettext(
                "Une réponse à votre commentaire sur « %(subject)s »",
                "%(count)s réponses à votre commentaire sur « %(subject)s »",
                n,
            ) % {"count": n, "subject": subject}
        if self.kind == self.Kind.ARGUMENT:
            return ngettext(
                "Nouvel argument dans le débat « %(subject)s »",
                "%(count)s nouveaux arguments dans le débat « %(subject)s »",
                n,
            ) % {"count": n, "subject": subject}
        model = ContentType.objects.get_for_id(self.content_type_id).model
        hidden = {
            "proposal": gettext("Votre proposition « %(subject)s » a été masquée par la modération"),
            "comment": gettext("Votre commentaire sur « %(subject)s » a été masqué par la modération"),
            "annotation": gettext("Votre annotation sur la carte de « %(subject)s » a été masquée par la modération"),
            "argument": gettext("Votre argument dans le débat « %(subject)s » a été masqué par la modération"),
        }
        return hidden.get(model, gettext("Votre contribution « %(subject)s » a été masquée par la modération")) % {
            "subject": subject
        }
