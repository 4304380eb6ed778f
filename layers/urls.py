from django.urls import path

from . import ogc, openapi
from .http import conditional_feed
from .wfs import ParticipationWFSView

urlpatterns = [
    path("wfs", conditional_feed(ParticipationWFSView.as_view()), name="wfs"),
    path("ogc/", conditional_feed(ogc.landing), name="ogc-landing"),
    # QGIS 3.22 takes the service's address without the slash and does not follow a relative redirect.
    path("ogc", conditional_feed(ogc.landing), name="ogc-landing-bare"),
    path("ogc/conformance", conditional_feed(ogc.conformance), name="ogc-conformance"),
    path("ogc/api", conditional_feed(openapi.openapi), name="ogc-openapi"),
    path("ogc/collections", conditional_feed(ogc.collections), name="ogc-collections"),
    path("ogc/collections/<str:collection_id>", conditional_feed(ogc.collection), name="ogc-collection"),
    path("ogc/collections/<str:collection_id>/items", conditional_feed(ogc.items), name="ogc-items"),
    path("ogc/collections/<str:collection_id>/queryables", conditional_feed(ogc.queryables), name="ogc-queryables"),
    path("ogc/collections/<str:collection_id>/style.qml", conditional_feed(ogc.qgis_style), name="ogc-style"),
    path(
        "ogc/collections/<str:collection_id>/items/<str:feature_id>",
        conditional_feed(ogc.item),
        name="ogc-item",
    ),
]
