from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """The first answer to a request that wrote something, under the key its client sent (idempotency.py).

    Recorded in the transaction of what the request wrote: a key exists if and only if its writes do.
    """

    # Indexed by the unique constraint, which starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=255)
    #: what the request asked (path and content): the same key with another request is refused
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=200)
    location = models.TextField(blank=True)
    body = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "clé d'idempotence"
        verbose_name_plural = "clés d'idempotence"
        constraints = [
            # The site's forms are posted anonymously too (sign-up): one key per account, and one without.
            models.UniqueConstraint(fields=["user", "key"], nulls_distinct=False, name="idempotency_key_per_user"),
        ]
