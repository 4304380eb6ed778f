from .models import Notification

#: past this, the bell says « 99+ »: the count stops reading the index there
BELL_MAX = 99


def unread_count(user) -> int:
    """How many unread notifications `user` has, up to BELL_MAX + 1."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)[: BELL_MAX + 1].count()


def notifications_of(user):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
