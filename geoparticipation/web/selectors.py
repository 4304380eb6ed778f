"""The GeoJSON of the maps of private concertations, for their members (the published layers omit them), and the
orders of the proposal list."""

import json

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .pagination import Keyset

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


# The orders of a concertation's proposal list, by their value in the address (`tri`), the first the default: random,
# as Decidim does, so that the proposals made late are read as often as the first ones.
SORTS = {
    "aleatoire": _("Aléatoire"),
    "recentes": _("Récentes"),
    "soutenues": _("Les plus soutenues"),
    "commentees": _("Les plus commentées"),
}
DEFAULT_SORT = "aleatoire"
SEED_LIMIT = 2**31 - 1
# Each read from its index on (process, column, id) of the published rows (participation/models.py).
_ORDERINGS = {
    "recentes": ("-published_at", "-id"),
    "soutenues": ("-supports_count", "-id"),
    "commentees": ("-comments_count", "-id"),
}


def sorted_proposals(proposals, sort: str, seed: int, *, anchors):
    """The proposals in the order `sort` (for the random order, from the visitor's `seed` on), for a Paginator, and
    for the cursors of « Suivante » and « Précédente » (`anchors`: where a cursor's proposal is looked up).

    The random order: each proposal draws its place in a random cycle once, at insert (Proposal.shuffle_key); a
    visitor reads the cycle from their seed to its end (the first lap), then from its start up to the seed (the
    second). Each lap is a range of the index on (process, shuffle_key, id), where ORDER BY random() or a hash of
    (seed, id) would sort the whole concertation for every page (and a UNION of the two laps under one ORDER BY was
    sorted whole as well: 3.5 s at 170,000 proposals). The same seed gives the same order on every page, so that
    paging neither repeats nor skips a proposal; each visitor starts at a place of their own, so that every
    proposal, late or early, is as likely to be on a first page."""
    if sort in _ORDERINGS:
        return Keyset(proposals, _ORDERINGS[sort], anchors=anchors)
    laps = [Q(shuffle_key__gte=seed), Q(shuffle_key__lt=seed)]
    return Keyset(proposals, ("shuffle_key", "id"), laps=laps, anchors=anchors)
