from django.urls import path

from tiles import ogc as ogc_tiles

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
    path("ogc/tileMatrixSets", conditional_feed(ogc_tiles.tile_matrix_sets), name="ogc-tilematrixsets"),
    path(
        "ogc/tileMatrixSets/<str:tile_matrix_set_id>",
        conditional_feed(ogc_tiles.tile_matrix_set),
        name="ogc-tilematrixset",
    ),
    path("ogc/collections/<str:collection_id>/tiles", conditional_feed(ogc_tiles.tilesets), name="ogc-tilesets"),
    path(
        "ogc/collections/<str:collection_id>/tiles/<str:tile_matrix_set_id>",
        conditional_feed(ogc_tiles.tileset),
        name="ogc-tileset",
    ),
    # Row before column, as OGC API - Tiles orders them; the tile view answers its own 304s.
    path(
        "ogc/collections/<str:collection_id>/tiles/<str:tile_matrix_set_id>/<str:tile_matrix>/<str:tile_row>/"
        "<str:tile_col>",
        ogc_tiles.tile,
        name="ogc-tile",
    ),
]
