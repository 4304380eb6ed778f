from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "geoparticipation.participation"
    verbose_name = "Participation"
