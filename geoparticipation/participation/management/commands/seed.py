import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from geoparticipation.participation import seeding
from geoparticipation.territory.models import Commune


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
        communes = list(Commune.objects.order_by("insee").values_list("pk", "population"))
        if not communes:
            raise CommandError("No commune in the database: run `manage.py load_communes` first.")
        started = time.monotonic()
        proposals, annotations = seeding.plan(contributions, communes)
        # All or nothing: an interrupted run leaves no partial load behind.
        with transaction.atomic():
            process = seeding.synthetic_process()
            if reset:
                seeding.delete_synthetic(process)
            authors = seeding.synthetic_authors(min(max(contributions // 10, 1), seeding.MAX_USERS))
            themes = list(process.themes.values_list("pk", flat=True))
            common = {"process": process.pk, "authors": authors, "n_authors": len(authors)}
            proposal_params = {
                **common,
                "themes": themes,
                "n_themes": len(themes),
                "titles": seeding.TITLES,
                "n_titles": len(seeding.TITLES),
                "bodies": seeding.BODIES,
                "n_bodies": len(seeding.BODIES),
            }
            annotation_params = {**common, "comments": seeding.COMMENTS, "n_comments": len(seeding.COMMENTS)}
            with (
                connection.cursor() as cursor,
                tqdm(total=contributions, unit=" contributions", disable=verbosity == 0) as progress,
            ):
                for pieces in proposals:
                    progress.update(seeding.insert_batch(cursor, seeding.PROPOSALS_SQL, pieces, proposal_params))
                for pieces in annotations:
                    progress.update(seeding.insert_batch(cursor, seeding.ANNOTATIONS_SQL, pieces, annotation_params))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_user, participation_proposal, participation_annotation")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{contributions} synthetic contributions added to « {seeding.SLUG} » by {len(authors)} participants "
            f"in {elapsed:.1f} s ({contributions / elapsed:,.0f} rows/s)."
        )
