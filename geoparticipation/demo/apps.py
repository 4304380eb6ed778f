from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "geoparticipation.demo"
    verbose_name = "Démonstration"
