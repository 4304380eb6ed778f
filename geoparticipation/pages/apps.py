from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The pages a French public site owes its readers (legal notice, personal data, charter, accessibility),
    their text editable by officers."""

    name = "geoparticipation.pages"
    verbose_name = "Pages du site"
