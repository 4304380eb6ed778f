from django.core.management.base import BaseCommand

from geoparticipation.operations.idempotency import purge


class Command(BaseCommand):
    help = "Deletes the idempotency keys older than a day (from cron, e.g. hourly)."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge()} clé(s) d'idempotence expirée(s) supprimée(s).")
