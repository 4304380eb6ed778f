"""The GeoJSON of the maps of private concertations, for their members (the published layers omit them)."""

import json

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.urls import reverse

# Coordinates to 1e-6 degree (about 10 cm), as the published layers write them.
DECIMALS = 6
# The properties the maps' popups read, named as in the published layers, with the lookup that gives each.
PROPOSAL_PROPERTIES = {
    "process": "process__slug",
    "title": "title",
    "theme": "theme__slug",
    "theme_name": "theme__name",
    "state": "state",
    "supports_count": "supports_count",
    "author": "author__pseudonym",
    "commune_insee": "commune__insee",
    "commune_nom": "commune__nom",
}
ANNOTATION_PROPERTIES = {
    "process": "process__slug",
    "kind": "kind",
    "comment": "comment",
    "author": "author__pseudonym",
    "commune_insee": "commune__insee",
    "commune_nom": "commune__nom",
}


def feature_collection(queryset, properties, *, page=None):
    """GeoJSON in the API's SRID whose geometries PostGIS wrote (ST_AsGeoJSON); Python only joins the strings.

    `page`: the name of the URL (taking the process slug and the id) that each feature's `url` points to.
    """
    rows = (
        queryset.order_by("pk")
        .annotate(geojson=AsGeoJSON(Transform("geom", settings.API_SRID), precision=DECIMALS))
        .values_list("pk", "geojson", *properties.values())
    )
    features = []
    for pk, geometry, *values in rows:
        feature_properties = {"id": pk, **dict(zip(properties, values, strict=True))}
        if page:
            feature_properties["url"] = reverse(page, args=[feature_properties["process"], pk])
        features.append(
            f'{{"type":"Feature","id":{pk},"geometry":{geometry},"properties":{json.dumps(feature_properties)}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
