from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("concertations/", views.processes, name="processes"),
    path("concertations/nouvelle/", views.process_create, name="process_create"),
    path("concertations/<slug:slug>/", views.space, name="space"),
    path("concertations/<slug:slug>/presentation/", views.presentation, name="space_presentation"),
    path("concertations/<slug:slug>/calendrier/", views.calendar, name="space_calendar"),
    path("concertations/<slug:slug>/territoire/", views.territory, name="space_territory"),
    path("concertations/<slug:slug>/publication/", views.publish, name="space_publish"),
    path("concertations/<slug:slug>/apercu/", views.preview, name="space_preview"),
    path("concertations/<slug:slug>/image/", views.process_image, name="process_image"),
]
