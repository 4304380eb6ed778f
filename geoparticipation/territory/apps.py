from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "geoparticipation.territory"
    verbose_name = "Territoire"
