"""Reads of the citizen pages that depend on who is looking: anyone, or the members of a private concertation."""

import json

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.urls import reverse

from geoparticipation.participation.models import Process

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


def contributions_visible_to(model, user):
    """Published, unhidden contributions of the concertations `user` may open: the public ones and their private ones.

    For the citizen pages only: the published layers (API, WFS, OGC API, tiles, open data) never show private content.
    """
    return model.objects.filter(
        published_at__isnull=False,
        hidden_at__isnull=True,
        process__in=Process.objects.visible_to(user),
    )


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
