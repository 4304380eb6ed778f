from django.core.management.base import BaseCommand, CommandError

from geoparticipation.analysis.campaigns import detect_campaigns
from geoparticipation.participation.models import Process


class Command(BaseCommand):
    help = "Recomputes the campaign flags (accounts created together, identical texts, authors from outside)."

    def add_arguments(self, parser):
        parser.add_argument("--process", help="slug of one concertation (default: all)")

    def handle(self, *args, process=None, **options):
        target = None
        if process:
            target = Process.objects.filter(slug=process).first()
            if target is None:
                raise CommandError(f"No concertation with the slug « {process} ».")
        flags = detect_campaigns(target)
        for flag in flags:
            self.stdout.write(f"[{flag.process.slug}] {flag.get_rule_display()}: {flag.explanation}")
        self.stdout.write(f"{len(flags)} flagged group(s).")
