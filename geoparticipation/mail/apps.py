from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "geoparticipation.mail"
    verbose_name = "Courriels"
