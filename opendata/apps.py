from django.apps import AppConfig
from django.db import transaction


def _purge_after_commit(**kwargs):
    from . import purge

    # Robust: the hide is committed whatever happens to the files; purge_snapshots retries what failed.
    transaction.on_commit(purge.apply_queued_after_commit, robust=True)


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = "Données ouvertes"

    def ready(self):
        from geoparticipation.participation.signals import public_content_changed

        public_content_changed.connect(_purge_after_commit, dispatch_uid="opendata-purge-snapshots")
