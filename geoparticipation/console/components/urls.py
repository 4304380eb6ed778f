from django.urls import path

from . import views

SPACE = "concertations/<slug:slug>/"

urlpatterns = [
    path(f"{SPACE}reunions/", views.meetings, name="space_meetings"),
    path(f"{SPACE}reunions/nouvelle/", views.meeting_create, name="space_meeting_create"),
    path(f"{SPACE}reunions/<int:pk>/", views.meeting_edit, name="space_meeting_edit"),
    path(f"{SPACE}reunions/<int:pk>/compte-rendu/", views.meeting_report, name="space_meeting_report"),
    path(f"{SPACE}reunions/<int:pk>/inscriptions/", views.meeting_registrations, name="space_meeting_registrations"),
    path(
        f"{SPACE}reunions/<int:pk>/inscriptions.csv",
        views.meeting_registrations_csv,
        name="space_meeting_registrations_csv",
    ),
    path(f"{SPACE}debats/", views.debate_list, name="space_debates"),
    path(f"{SPACE}debats/nouveau/", views.debate_create, name="space_debate_create"),
    path(f"{SPACE}debats/<int:pk>/", views.debate_edit, name="space_debate_edit"),
    path(f"{SPACE}debats/<int:pk>/cloture/", views.debate_close, name="space_debate_close"),
    path(f"{SPACE}actualites/", views.news_list, name="space_news"),
    path(f"{SPACE}actualites/nouvelle/", views.article_create, name="space_article_create"),
    path(f"{SPACE}actualites/<int:pk>/", views.article_edit, name="space_article_edit"),
    path(f"{SPACE}actualites/<int:pk>/publication/", views.article_publish, name="space_article_publish"),
]
