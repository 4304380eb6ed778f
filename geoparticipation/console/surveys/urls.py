from django.urls import path

from . import views

urlpatterns = [
    path("concertations/<slug:slug>/questionnaires/", views.space_surveys, name="space_surveys"),
    path("concertations/<slug:slug>/questionnaires/<int:pk>/", views.survey, name="survey"),
    path("concertations/<slug:slug>/questionnaires/<int:pk>/apercu/", views.survey_preview, name="survey_preview"),
]
