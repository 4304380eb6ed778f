from django.urls import path

from . import views

urlpatterns = [
    path("moderation/", views.queue, name="moderation"),
    path("moderation/lot/", views.bulk, name="moderation_bulk"),
    path("moderation/journal/", views.journal, name="journal"),
    path("moderation/<slug:kind>/<int:pk>/", views.item, name="moderation_item"),
]
