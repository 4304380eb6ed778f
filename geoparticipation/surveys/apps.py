from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "geoparticipation.surveys"
    verbose_name = "Questionnaires"
