import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from geoparticipation.participation.notifications import send_newsletters


class Command(BaseCommand):
    help = "Sends each subscriber the news of their themes (from cron, e.g. weekly with --days 7)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="the period covered, ending now (default 7 days)")

    def handle(self, *args, days, **options):
        sent = send_newsletters(since=timezone.now() - datetime.timedelta(days=days))
        self.stdout.write(f"{sent} lettre(s) envoyée(s).")
