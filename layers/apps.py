from pathlib import Path

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

SQL_DIR = Path(__file__).resolve().parent / "sql"


def install_sql(using="default", **kwargs):
    """(Re)creates the layer views, counters and triggers after every migrate, so they follow the .sql files."""
    with connections[using].cursor() as cursor:
        for path in sorted(SQL_DIR.glob("*.sql")):
            cursor.execute(path.read_text())


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = "Couches publiées"

    def ready(self):
        from . import definitions  # noqa: F401  (registers the layers)

        post_migrate.connect(install_sql, sender=self)
