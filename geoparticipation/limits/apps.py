from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "geoparticipation.limits"
    verbose_name = "Limites de requêtes"
