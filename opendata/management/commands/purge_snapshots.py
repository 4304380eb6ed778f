from django.core.management.base import BaseCommand

from opendata import purge


class Command(BaseCommand):
    help = (
        "Applies moderation to the stored snapshots: removes from every file of every snapshot the rows hidden, "
        "unpublished or deleted since it was written, rewrites the texts moderation corrected, and notes it in each "
        "manifest. The site does it right after hiding; this catches what other paths changed (raw SQL, a failure). "
        "Idempotent, safe to run from cron while the site runs."
    )

    def handle(self, *args, **options):
        applied = purge.apply_queued()
        self.stdout.write(f"{applied} change(s) applied to the snapshots.")
