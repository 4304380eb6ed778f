from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class GeoparticipationConfig(AppConfig):
    """The project itself, last in INSTALLED_APPS: it installs every app's SQL objects around each migrate."""

    name = "geoparticipation"

    def ready(self):
        from . import dbobjects

        pre_migrate.connect(dbobjects.drop_before_migrations, sender=self)
        post_migrate.connect(dbobjects.install, sender=self)
