from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "geoparticipation.api"
    verbose_name = "API REST"
