from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What keeps the service honest when something fails: the health check, the 503 while the database does not
    answer, and idempotent writes."""

    name = "geoparticipation.operations"
    verbose_name = "Exploitation"
