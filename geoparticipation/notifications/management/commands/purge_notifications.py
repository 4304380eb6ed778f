from django.conf import settings
from django.core.management.base import BaseCommand

from geoparticipation.notifications.services import notifications_purge


class Command(BaseCommand):
    help = "Deletes the in-site notifications older than NOTIFICATIONS_KEPT_DAYS (from cron, daily)."

    def handle(self, *args, **options):
        deleted = notifications_purge(days=settings.NOTIFICATIONS_KEPT_DAYS)
        self.stdout.write(f"{deleted} notification(s) supprimée(s).")
