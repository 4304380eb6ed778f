from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("actualites/", views.article_list, name="list"),
    path("actualites/flux.atom", feeds.NewsFeed(), name="feed"),
    path("actualites/fichiers/<int:pk>/", views.article_file, name="file"),
    path("actualites/fichiers/<int:pk>/vignette/", views.article_file, {"thumbnail": True}, name="thumbnail"),
    path("actualites/<slug:slug>/", views.article_detail, name="article"),
    path("concertations/<slug:slug>/actualites/", views.process_articles, name="process"),
]
