from django.core.management.base import BaseCommand

from geoparticipation.mail.queue import send


class Command(BaseCommand):
    help = "Sends the queued e-mails that are due (from cron, every minute); those that fail wait for a later run."

    def handle(self, *args, **options):
        sent, failed = send()
        self.stdout.write(f"{sent} courriel(s) envoyé(s), {failed} en échec (nouvel essai plus tard).")
