from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The officers' console at /gestion/: concertations run from start to bilan, by role, without the Django admin."""

    name = "geoparticipation.console"
    verbose_name = "Console des agents"

    def ready(self):
        from .officers import signals  # noqa: F401
