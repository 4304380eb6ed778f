from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("geoparticipation.api.urls")),
    path("", include("layers.urls")),
    path("tiles/", include("tiles.urls")),
    path("opendata/", include("opendata.urls")),
    path("comptes/", include("geoparticipation.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("geoparticipation.surveys.urls")),
    path("", include("geoparticipation.analysis.urls")),
    path("", include("geoparticipation.web.urls")),
]
