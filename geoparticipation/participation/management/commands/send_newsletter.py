import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from geoparticipation.mail.queue import send
from geoparticipation.participation.notifications import send_newsletters


class Command(BaseCommand):
    help = "Sends each subscriber the news of their themes (from cron, e.g. weekly with --days 7)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="the period covered, ending now (default 7 days)")

    def handle(self, *args, days, **options):
        queued = send_newsletters(since=timezone.now() - datetime.timedelta(days=days))
        sent, failed = send()
        self.stdout.write(
            f"{queued} lettre(s) en file d'envoi ; {sent} courriel(s) envoyé(s), "
            f"{failed} en échec (send_mail_queue les réessaiera)."
        )
