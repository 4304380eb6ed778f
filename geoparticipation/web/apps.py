from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class WebConfig(AppConfig):
    name = "geoparticipation.web"
    verbose_name = "Site citoyen"

    def ready(self):
        from geoparticipation.territory.models import Commune

        from .extent import forget_territory_extent

        for signal in (post_save, post_delete):
            signal.connect(forget_territory_extent, sender=Commune)
