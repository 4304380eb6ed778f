from django.urls import path

from . import views

app_name = "debates"

urlpatterns = [
    path("concertations/<slug:slug>/debats/", views.debate_list, name="list"),
    path("concertations/<slug:slug>/debats/<int:pk>/", views.debate_detail, name="detail"),
    path("concertations/<slug:slug>/debats/<int:pk>/arguments/<int:argument>/", views.argument_link, name="argument"),
]
