from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "geoparticipation.notifications"
    verbose_name = "Notifications"
