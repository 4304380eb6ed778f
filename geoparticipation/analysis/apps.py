from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "geoparticipation.analysis"
    verbose_name = "Analyse des contributions"
