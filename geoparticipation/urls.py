from django.contrib import admin
from django.urls import include, path

from geoparticipation.operations.health import health

urlpatterns = [
    path("sante/", health, name="health"),
    path("admin/", admin.site.urls),
    path("gestion/", include("geoparticipation.console.urls")),
    path("api/v1/", include("geoparticipation.api.urls")),
    path("", include("layers.urls")),
    path("tiles/", include("tiles.urls")),
    path("opendata/", include("opendata.urls")),
    path("comptes/notifications/", include("geoparticipation.notifications.urls")),
    path("comptes/", include("geoparticipation.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("pages/", include("geoparticipation.pages.urls")),
    path("fichiers/", include("geoparticipation.attachments.urls")),
    path("", include("geoparticipation.news.urls")),
    path("", include("geoparticipation.surveys.urls")),
    path("", include("geoparticipation.analysis.urls")),
    path("", include("geoparticipation.search.urls")),
    path("", include("geoparticipation.debates.urls")),
    path("", include("geoparticipation.web.urls")),
]

# A database lost while a middleware reads it is a 503 too (geoparticipation/operations/outage.py).
handler500 = "geoparticipation.operations.outage.server_error"
