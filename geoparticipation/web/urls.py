from django.urls import path

from geoparticipation.territory import views as territory_views

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("concertations/<slug:slug>/", views.process_detail, name="process"),
    path("concertations/<slug:slug>/propositions/nouvelle/", views.proposal_create, name="proposal_create"),
    path("concertations/<slug:slug>/propositions/<int:pk>/", views.proposal_detail, name="proposal"),
    path("concertations/<slug:slug>/propositions/<int:pk>/modifier/", views.proposal_edit, name="proposal_edit"),
    path("concertations/<slug:slug>/propositions/<int:pk>/retirer/", views.proposal_withdraw, name="proposal_withdraw"),
    path(
        "concertations/<slug:slug>/propositions/<int:pk>/vignette-<str:version>.png",
        views.proposal_thumbnail,
        name="proposal_thumbnail",
    ),
    path("concertations/<slug:slug>/vignette-<str:version>.png", views.process_thumbnail, name="process_thumbnail"),
    path("concertations/<slug:slug>/reunions/", views.process_meetings, name="meetings"),
    path(
        "concertations/<slug:slug>/reunions/<int:pk>/inscription/",
        views.meeting_registration,
        name="meeting_registration",
    ),
    path("concertations/<slug:slug>/carte/", views.process_annotations, name="annotations"),
    path("concertations/<slug:slug>/lieu/", views.place_check, name="place_check"),
    path(
        "concertations/<slug:slug>/donnees/propositions.geojson",
        views.private_proposals_data,
        name="private_proposals_data",
    ),
    path(
        "concertations/<slug:slug>/donnees/annotations.geojson",
        views.private_annotations_data,
        name="private_annotations_data",
    ),
    path("communes/", views.commune_list, name="communes"),
    path("communes/contours.geojson", territory_views.outlines, name="commune_outlines"),
    path("communes/<str:insee>/", views.commune_detail, name="commune"),
    path("jsi18n/<str:language>/", views.javascript_catalog, name="javascript_catalog"),
]
