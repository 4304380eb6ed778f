from django.urls import path

from . import views

urlpatterns = [
    path("concertations/<slug:slug>/bilan/", views.bilan, name="space_bilan"),
    path("concertations/<slug:slug>/bilan/apercu/", views.preview, name="space_bilan_preview"),
    path("concertations/<slug:slug>/bilan/publication/", views.publication, name="space_bilan_publication"),
    path("concertations/<slug:slug>/annotations/", views.annotations, name="space_annotations"),
    path("concertations/<slug:slug>/annotations/donnees/", views.annotations_data, name="space_annotations_data"),
]
