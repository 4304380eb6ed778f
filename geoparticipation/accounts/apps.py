from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "geoparticipation.accounts"
    verbose_name = "Comptes"
