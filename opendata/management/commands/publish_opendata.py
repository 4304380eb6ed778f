import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opendata import catalog, density, jsonld, purge, snapshots


class Command(BaseCommand):
    help = (
        "Brings the density rasters up to date with the data and writes today's dated snapshot under "
        "OPENDATA_ROOT/snapshots/ (GeoPackage and CSV of every layer, rasters, catalog.jsonld, manifest.json). "
        "Idempotent within a day: an existing snapshot of the day is kept unless --force. Deletes snapshots past "
        "OPENDATA_SNAPSHOT_DAYS, and first applies to the stored ones what moderation changed (purge_snapshots)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "OPENDATA_BASE_URL", "http://127.0.0.1:8000"),
            help="public address of the site, for the absolute URLs of the snapshot's catalog.jsonld",
        )
        parser.add_argument("--force", action="store_true", help="replace today's snapshot if it exists")
        parser.add_argument(
            "--delete-snapshot",
            metavar="DATE",
            help="delete the whole snapshot of DATE (YYYY-MM-DD); hidden content leaves the snapshots on its own "
            "(purge_snapshots)",
        )

    def handle(self, *args, base_url, force, delete_snapshot, **options):
        if delete_snapshot:
            try:
                day = datetime.date.fromisoformat(delete_snapshot)
            except ValueError:
                raise CommandError(f"--delete-snapshot expects a date YYYY-MM-DD, not {delete_snapshot!r}.") from None
            if not snapshots.delete(day):
                raise CommandError(f"No snapshot of {day}.")
            self.stdout.write(f"Snapshot of {day} deleted.")
            return
        if applied := purge.apply_queued():
            self.stdout.write(f"{applied} change(s) applied to the stored snapshots.")
        base_url = base_url.rstrip("/")
        context = catalog.context()
        document = jsonld.document(context, lambda path: base_url + path)
        processes = [slug for slug, _, _ in catalog.facts()["processes"]]
        for process in [None, *processes]:
            density.write(density.stem_for(process), process)
        path, created = snapshots.write(catalog_document=document, processes=processes, force=force)
        if created:
            self.stdout.write(f"Snapshot written: {path}")
        else:
            self.stdout.write(f"Today's snapshot already exists, kept (use --force to replace it): {path}")
        for day in snapshots.prune():
            self.stdout.write(f"Snapshot of {day} deleted (older than {snapshots.retention_days()} days).")
