from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "geoparticipation.moderation"
    verbose_name = "Modération"
