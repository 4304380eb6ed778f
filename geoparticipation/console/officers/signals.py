"""An invitation applies once its address has an active account: at the activation of a sign-up, or when an
account is created active (by a superuser, a command)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from geoparticipation.accounts.models import User

from . import services


@receiver(post_save, sender=User, dispatch_uid="console_invitations_apply")
def apply_invitations(sender, instance, created, update_fields, **kwargs):
    # A login saves last_login only: no query for it.
    if instance.is_active and (created or update_fields is None or "is_active" in update_fields):
        services.invitations_apply(instance)
