from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "geoparticipation.web"
    verbose_name = "Site citoyen"
