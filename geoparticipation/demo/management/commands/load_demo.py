from django.core.management.base import BaseCommand

from geoparticipation.demo import concertations, news


class Command(BaseCommand):
    help = (
        "Loads the demo: three concertations modelled on the MEL case study, with contributions spread over the "
        "communes by population. Idempotent: a second run adds nothing and changes nothing."
    )

    def handle(self, *args, **options):
        demo = concertations.load()
        self.stdout.write(
            f"Demo: {demo.concertations} concertations, {demo.proposals} proposals, {demo.annotations} annotations, "
            f"{demo.meetings} meetings, {demo.participants} participants; {demo.created} rows created"
            + (f", calendar moved by {demo.moved_days} days." if demo.moved_days else ".")
        )
        self.stdout.write(f"News and images: {news.load()} rows created.")
