"""What moderation leaves behind: the journal of every officer's action, and each version of a corrected text."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from geoparticipation.participation.models import ModerationReason


class ModerationAction(models.Model):
    """One line of the journal, written by the service that acts, in its transaction; never changed or deleted."""

    class Kind(models.TextChoices):
        HIDE = "hide", "Masquage"
        UNHIDE = "unhide", "Réaffichage"
        ANSWER = "answer", "Réponse de la métropole"
        CORRECT = "correct", "Correction par la modération"
        DISMISS_REPORT = "dismiss_report", "Signalement écarté"

    at = models.DateTimeField("le", default=timezone.now)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="agent"
    )
    # Who acted stays readable after the officer's account is deleted.
    officer_pseudonym = models.CharField("agent", max_length=40)
    action = models.CharField("action", max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="type de contenu")
    object_id = models.PositiveBigIntegerField("n° du contenu")
    # Null only when the content was already deleted (a report dismissed after its content went away). PROTECT: a
    # concertation with a journal is not deleted with it.
    process = models.ForeignKey(
        "participation.Process",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="concertation",
        db_index=False,
    )
    category = models.CharField("motif public", max_length=20, choices=ModerationReason.choices, blank=True)
    reason = models.TextField("motif ou réponse", blank=True)
    state = models.CharField("état donné", max_length=12, blank=True)

    class Meta:
        verbose_name = "action de modération"
        verbose_name_plural = "journal de modération"
        default_permissions = ("view",)
        indexes = [
            # The journal of one concertation, newest first, and the whole journal newest first.
            models.Index(fields=["process", "at", "id"], name="moderation_action_process_at"),
            models.Index(fields=["at", "id"], name="moderation_action_at"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} : {self.content_type.name} n° {self.object_id}"


class TextVersion(models.Model):
    """A text as it stood: number 1 is the author's own words, each later one a correction by moderation. The
    content's table holds the last version, which is what every page and layer publishes."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    number = models.PositiveSmallIntegerField("version")
    # The versions are the author's data: they go with the account (the journal keeps who corrected what, and why).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="text_versions"
    )
    title = models.CharField("titre", max_length=150, blank=True)
    text = models.TextField("texte")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="corrigé par"
    )
    category = models.CharField("motif public", max_length=20, choices=ModerationReason.choices, blank=True)
    reason = models.TextField("motif de la correction", blank=True)
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "version d'un texte"
        default_permissions = ("view",)
        ordering = ["content_type", "object_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="text_version_number_unique")
        ]

    def __str__(self):
        return f"{self.content_type.name} n° {self.object_id}, version {self.number}"

    @property
    def is_original(self) -> bool:
        return self.number == 1
