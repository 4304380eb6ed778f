from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("concertations/<slug:slug>/questionnaires/", views.survey_list, name="list"),
    path("concertations/<slug:slug>/questionnaires/<slug:survey_slug>/", views.survey_detail, name="detail"),
    path(
        "concertations/<slug:slug>/questionnaires/<slug:survey_slug>/resultats/", views.survey_results, name="results"
    ),
]
