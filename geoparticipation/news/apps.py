from django.apps import AppConfig


class NewsConfig(AppConfig):
    """News articles that officers publish: on /actualites/, a concertation's page, the home page and in Atom."""

    name = "geoparticipation.news"
    verbose_name = "Actualités"

    def ready(self):
        from geoparticipation.attachments.signals import delete_files_with

        from .models import ArticleFile

        delete_files_with(ArticleFile)
