from django.conf import settings
from django.core.management.base import BaseCommand

from geoparticipation.console.officers.services import invitations_purge
from geoparticipation.notifications.services import notifications_purge


class Command(BaseCommand):
    help = (
        "Deletes the in-site notifications older than NOTIFICATIONS_KEPT_DAYS, and the console's invitations expired "
        "for more than INVITATIONS_EXPIRED_KEPT_DAYS (from cron, daily)."
    )

    def handle(self, *args, **options):
        deleted = notifications_purge(days=settings.NOTIFICATIONS_KEPT_DAYS)
        self.stdout.write(f"{deleted} notification(s) supprimée(s).")
        deleted = invitations_purge(days=settings.INVITATIONS_EXPIRED_KEPT_DAYS)
        self.stdout.write(f"{deleted} invitation(s) expirée(s) supprimée(s).")
