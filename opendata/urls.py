from django.urls import path, re_path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog-jsonld"),
    re_path(r"^rasters/(?P<name>density(?:-[A-Za-z0-9_-]+)?\.(?:tif|png|json))$", views.raster, name="raster"),
    re_path(
        r"^snapshots/(?P<day>\d{4}-\d{2}-\d{2})/(?P<name>[A-Za-z0-9_-][A-Za-z0-9_.-]*)$",
        views.snapshot_file,
        name="snapshot-file",
    ),
    re_path(
        r"^(?P<layer_id>[a-z0-9_]+)\.(?P<extension>geojson|gpkg|csvt?|fgb|shp\.zip|parquet)$",
        views.download,
        name="download",
    ),
]
