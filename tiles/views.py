"""Vector tiles at /tiles/{layer}/{z}/{x}/{y}.pbf and their TileJSON 3.0 at /tiles/{layer}.json."""

import hashlib
import re

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from geoparticipation import replicas
from layers import concertations, registry
from layers.http import conditional_feed, data_version
from layers.params import unknown_parameters

from . import cache, mercator, rendering

MVT = "application/vnd.mapbox-vector-tile"
# Clients may reuse a tile for a few minutes without asking; after that a 304 costs one indexed query.
CACHE_CONTROL = "public, max-age=300"
# Where TileJSON centres the map: the whole metropolis on one screen.
CENTER_ZOOM = 11
# A debate's id as `?debate=` takes it: digits that fit a PostgreSQL integer.
DEBATE_ID = re.compile(r"[0-9]{1,9}")
# What a count cell counts (the noun and its past participle), for the layers whose features are not contributions.
COUNTED = {"debate_arguments": ("arguments", "regroupés", "d'arguments")}
CONTRIBUTIONS = ("contributions", "regroupées", "de contributions")


def _text(response_class, message):
    return response_class(message, content_type="text/plain; charset=utf-8")


def _etag(version, cache_key, z, x, y):
    return quote_etag(hashlib.sha1(f"{version}|{cache_key}|{z}|{x}|{y}".encode()).hexdigest()[:20])


def _with_cache_headers(response, etag, modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    return response


class Refused(Exception):
    """A tile request that cannot be answered: the HTTP status and the message saying why, which each address of a
    tile writes in its own format."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _debate(request, layer):
    """The public debate `?debate=` names, as an integer, or None without it. Raises Refused."""
    debate = request.GET.get("debate")
    if debate is None:
        return None
    if "debate" not in layer.columns:
        raise Refused(400, f"La couche {layer.id} n'a pas de débat : debate n'y a pas de sens.")
    if not DEBATE_ID.fullmatch(debate):
        raise Refused(400, f"debate : « {debate} » n'est pas un identifiant de débat (un nombre entier).")
    if not rendering.public_debate(int(debate)):
        raise Refused(404, f"Aucun débat public n'a pour identifiant « {debate} ».")
    return int(debate)


def tile_response(request, layer, z, x, y):
    """The answer (200, 204 or 304, with ETag and Cache-Control) to a tile whatever address it was asked at, so that
    every address gives the same bytes and the same validators; the caller has checked that the tile exists in web
    mercator and which parameters its address takes. Raises Refused."""
    tiles = layer.tiles
    process = request.GET.get("process")
    if process is not None and "process" not in layer.columns:
        raise Refused(400, f"La couche {layer.id} n'a pas de concertation : process n'y a pas de sens.")
    if process is not None and not concertations.is_public(process):
        raise Refused(404, f"Aucune concertation publique n'a pour identifiant « {process} ».")
    debate = _debate(request, layer)
    # One concertation's, or one debate's, tiles are cached apart from the whole layer's.
    filters = [f"{name}={value}" for name, value in (("process", process), ("debate", debate)) if value is not None]
    key = f"{layer.id}?{'&'.join(filters)}" if filters else layer.id
    if not tiles.minzoom <= z <= tiles.maxzoom:
        raise Refused(
            404,
            f"La couche {layer.id} est servie des zooms {tiles.minzoom} à {tiles.maxzoom} ; au-delà, "
            f"agrandissez la tuile du zoom {tiles.maxzoom}.",
        )
    found = cache.lookup(key, tiles.dirty_kind, z, x, y)
    body = found.tile
    # The tile is the same as long as it stays valid: its ETag and Last-Modified are those of the data it was built
    # from, so that both move together.
    version, modified = (found.version, found.modified) if body is None else (found.built, found.built_modified)
    not_modified = get_conditional_response(
        request, etag=_etag(version, key, z, x, y), last_modified=int(modified.timestamp())
    )
    if not_modified is not None:
        return _with_cache_headers(not_modified, _etag(version, key, z, x, y), modified)
    if body is None:
        clip = rendering.clip_box(version, z, x, y)
        if clip is None:
            body = b""
        else:
            # Rendered on the request's replica, if any, while the cache and its lock stay on the primary.
            using = replicas.request_alias()
            version, modified, body = cache.build(
                key,
                tiles.dirty_kind,
                z,
                x,
                y,
                lambda: rendering.render(layer, z, x, y, clip, process, using, debate),
            )
    response = HttpResponse(body, content_type=MVT, status=200 if body else 204)
    return _with_cache_headers(response, _etag(version, key, z, x, y), modified)


_REFUSALS = {400: HttpResponseBadRequest, 404: HttpResponseNotFound}


@require_safe
def tile(request, layer_id, z, x, y):
    layer = registry.get(layer_id)
    if layer is None:
        return _text(HttpResponseNotFound, f"Couche inconnue : {layer_id}.")
    if not mercator.exists(z, x, y):
        extent = f" (ici de 0 à {2**z - 1})" if z <= mercator.MAX_ZOOM else ""
        return _text(
            HttpResponseBadRequest,
            f"Tuile invalide : z va de 0 à {mercator.MAX_ZOOM}, x et y de 0 à 2^z - 1{extent}.",
        )
    if message := unknown_parameters(request.GET, {"process", "debate"}):
        return _text(HttpResponseBadRequest, message)
    try:
        return tile_response(request, layer, z, x, y)
    except Refused as refusal:
        return _text(_REFUSALS[refusal.status], str(refusal))


def description(layer):
    """What the tiles of a layer hold and leave out, as the TileJSON and the OGC API tileset state it."""
    tiles = layer.tiles
    notes = [layer.abstract]
    counted, grouped, _ = COUNTED.get(layer.id, CONTRIBUTIONS)
    if tiles.aggregate_below is not None:
        notes.append(
            f"Jusqu'au zoom {tiles.aggregate_below - 1}, les {counted} sont {grouped} sur une grille de "
            f"{rendering.GRID} × {rendering.GRID} cellules par tuile : un point par cellule, à la position moyenne "
            f"de ses {counted}, avec leur nombre (count) et aucun autre attribut."
        )
    if "debate" in layer.columns:
        notes.append(
            f"Les tuiles /tiles/{layer.id}/{{z}}/{{x}}/{{y}}.pbf?debate=<identifiant> ne portent que les {counted} "
            f"d'un débat public, cellules comprises."
        )
    carried = rendering.properties(layer)
    omitted = [name for name in layer.columns if name not in carried]
    if omitted:
        notes.append(
            f"Attributs absents des tuiles, pour les garder légères : {', '.join(omitted)} ; ils sont dans "
            f"l'OGC API (/ogc/collections/{layer.id}/items/{{id}})."
        )
    notes.append(
        f"Au-delà du zoom {tiles.maxzoom}, les tuiles répondent 404 : agrandissez celles du zoom "
        f"{tiles.maxzoom}. Une tuile sans objet répond 204 sans contenu."
    )
    return " ".join(notes)


def fields(layer):
    """Each attribute the tiles carry and its description, as the TileJSON and the OGC API tileset list them."""
    carried = {name: layer.columns[name] for name in rendering.properties(layer)}
    aggregate_below = layer.tiles.aggregate_below
    if aggregate_below is not None:
        detail = f" (à partir du zoom {aggregate_below})"
        carried = {name: text + detail for name, text in carried.items()}
        number_of = COUNTED.get(layer.id, CONTRIBUTIONS)[2]
        carried["count"] = f"Nombre {number_of} de la cellule (jusqu'au zoom {aggregate_below - 1})"
    return carried


@require_safe
@conditional_feed
def tilejson(request, layer_id):
    layer = registry.get(layer_id)
    if layer is None:
        return _text(HttpResponseNotFound, f"Couche inconnue : {layer_id}.")
    tiles = layer.tiles
    sample = reverse("tiles-tile", kwargs={"layer_id": layer.id, "z": 0, "x": 0, "y": 0})
    template = request.build_absolute_uri(sample.removesuffix("0/0/0.pbf")) + "{z}/{x}/{y}.pbf"
    document = {
        "tilejson": "3.0.0",
        "name": layer.title,
        "description": description(layer),
        "attribution": layer.attribution,
        "scheme": "xyz",
        "tiles": [template],
        "minzoom": tiles.minzoom,
        "maxzoom": tiles.maxzoom,
        "vector_layers": [
            {
                "id": layer.id,
                "description": layer.title,
                "minzoom": tiles.minzoom,
                "maxzoom": tiles.maxzoom,
                "fields": fields(layer),
            }
        ],
    }
    bounds = rendering.territory_bounds(data_version()[0])
    if bounds is not None:
        document["bounds"] = [round(value, 6) for value in bounds]
        document["center"] = [
            round((bounds[0] + bounds[2]) / 2, 6),
            round((bounds[1] + bounds[3]) / 2, 6),
            min(max(CENTER_ZOOM, tiles.minzoom), tiles.maxzoom),
        ]
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = CACHE_CONTROL
    return response
