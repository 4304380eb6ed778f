"""/gestion/: each part of the console has its own package and URL list; the names are all under « console: »."""

from django.urls import include, path

app_name = "console"

PARTS = ("spaces", "officers", "moderation", "answers", "surveys", "components", "bilan")

urlpatterns = [path("", include(f"geoparticipation.console.{part}.urls")) for part in PARTS]
