from django.db import models
from django.utils import timezone


class QueuedMail(models.Model):
    """A message to send (queue.py): written with what causes it, deleted once sent."""

    subject = models.CharField(max_length=998)
    body = models.TextField()
    #: empty: DEFAULT_FROM_EMAIL when it is sent
    from_email = models.CharField(max_length=254, blank=True)
    recipients = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "courriel en attente"
        verbose_name_plural = "courriels en attente"

    def __str__(self):
        return self.subject
