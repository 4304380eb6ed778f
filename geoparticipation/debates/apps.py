from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "geoparticipation.debates"
    verbose_name = "Débats"
