from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "geoparticipation.search"
    verbose_name = "Recherche"
