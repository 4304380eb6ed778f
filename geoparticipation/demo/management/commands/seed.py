import time

from django.core.management.base import BaseCommand, CommandError

from geoparticipation.demo import seeding


class Command(BaseCommand):
    help = (
        "Adds N synthetic contributions (85 % proposals, 15 % annotations) spread over the communes by population, "
        f"in the public concertation « {seeding.SLUG} ». Additive: each run adds N more, unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contributions", type=int, required=True, metavar="N")
        parser.add_argument(
            "--reset", action="store_true", help="delete the synthetic contributions of earlier runs first"
        )

    def handle(self, *args, contributions, reset, verbosity, **options):
        if contributions < 1:
            raise CommandError("--contributions must be a positive number.")
        started = time.monotonic()
        authors = seeding.seed(contributions, reset=reset, show_progress=verbosity > 0)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{contributions} synthetic contributions added to « {seeding.SLUG} » by {authors} participants "
            f"in {elapsed:.1f} s ({contributions / elapsed:,.0f} rows/s)."
        )
