"""The OpenAPI 3.0 description of /ogc/, generated from the layer declarations."""

from django.http import JsonResponse
from django.urls import reverse

from . import cql
from . import crs as crs_uris
from .ogc import DEFAULT_LIMIT, GEOJSON_SEQ, ITEMS_FORMATS, MAX_LIMIT, ogc_view
from .registry import LICENCE, LICENCE_URL, all_layers
from .rendering import column_type

JSON = {"application/json": {"schema": {"type": "object"}}}
GEOJSON = {"application/geo+json": {"schema": {"type": "object"}}}


def _param(name, description, schema, style=None):
    param = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if style:
        param.update(style="form", explode=False)
    return param


def _common_items_params():
    crs_enum = {"type": "string", "enum": list(crs_uris.supported())}
    return [
        _param(
            "limit",
            f"Nombre maximal d'objets par page, au plus {MAX_LIMIT} (au-delà, {MAX_LIMIT}).",
            {"type": "integer", "minimum": 1, "default": DEFAULT_LIMIT},
        ),
        _param(
            "bbox",
            "Boîte englobante minx,miny,maxx,maxy (dans bbox-crs, CRS84 par défaut).",
            {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
            style=True,
        ),
        _param("bbox-crs", "CRS de bbox.", crs_enum),
        _param("crs", "CRS des géométries renvoyées.", crs_enum),
        _param("after", "Curseur de pagination (fourni par le lien « next »).", {"type": "string"}),
        _param(
            "f",
            "Format : GeoJSON (json ou geojson, par défaut) ou séquence de textes GeoJSON (geojson-seq, RFC 8142, "
            "aussi par Accept: application/geo+json-seq ; la page suivante est alors dans l'en-tête Link).",
            {"type": "string", "enum": list(ITEMS_FORMATS), "default": "json"},
        ),
    ]


def _layer_paths(layer):
    params = _common_items_params()
    if layer.datetime_column:
        params.append(
            _param("datetime", f"Instant ou intervalle RFC 3339 sur {layer.datetime_column}.", {"type": "string"})
        )
    for name, description in layer.columns.items():
        if name != layer.id_column:
            params.append(_param(name, description, column_type(layer, name).schema))
    params += _cql_params(layer)
    base = f"/collections/{layer.id}"
    return {
        f"{base}/queryables": {
            "get": {
                "summary": f"{layer.title} : propriétés interrogeables",
                "operationId": f"get_{layer.id}_queryables",
                "responses": {
                    "200": {
                        "description": "Schéma JSON des propriétés utilisables dans filter et sortby",
                        "content": {"application/schema+json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
        base: {
            "get": {
                "summary": layer.title,
                "operationId": f"describe_{layer.id}",
                "responses": {"200": {"description": "La collection", "content": JSON}},
            }
        },
        f"{base}/items": {
            "get": {
                "summary": f"{layer.title} : objets",
                "description": layer.abstract,
                "operationId": f"get_{layer.id}_items",
                "parameters": params,
                "responses": {
                    "200": {
                        "description": "Une page d'objets GeoJSON",
                        "content": {**GEOJSON, GEOJSON_SEQ: {"schema": {"type": "string"}}},
                    },
                    "400": {"description": "Paramètre inconnu ou invalide", "content": JSON},
                },
            }
        },
        f"{base}/items/{{featureId}}": {
            "get": {
                "summary": f"{layer.title} : un objet",
                "operationId": f"get_{layer.id}_item",
                "parameters": [{"name": "featureId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "L'objet", "content": GEOJSON},
                    "404": {"description": "Objet introuvable", "content": JSON},
                },
            }
        },
    }


def _path_param(name, schema, description):
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema}


TILE_MATRIX_SET_ID = _path_param(
    "tileMatrixSetId", {"type": "string", "enum": ["WebMercatorQuad"]}, "Jeu de matrices de tuiles"
)
NO_CONTENT = {"description": "Tuile sans objet"}


def _tile_matrix_set_paths():
    return {
        "/tileMatrixSets": {
            "get": {
                "summary": "Jeux de matrices de tuiles",
                "operationId": "tile_matrix_sets",
                "responses": {"200": {"description": "Liste des jeux de matrices", "content": JSON}},
            }
        },
        "/tileMatrixSets/{tileMatrixSetId}": {
            "get": {
                "summary": "Définition d'un jeu de matrices de tuiles (OGC 2D Tile Matrix Set 2.0)",
                "operationId": "tile_matrix_set",
                "parameters": [TILE_MATRIX_SET_ID],
                "responses": {
                    "200": {"description": "Le jeu de matrices", "content": JSON},
                    "404": {"description": "Jeu de matrices inconnu", "content": JSON},
                },
            }
        },
    }


def _layer_tile_paths(layer):
    base = f"/collections/{layer.id}/tiles"
    return {
        base: {
            "get": {
                "summary": f"{layer.title} : jeux de tuiles vectorielles",
                "operationId": f"get_{layer.id}_tilesets",
                "responses": {"200": {"description": "Liste des jeux de tuiles", "content": JSON}},
            }
        },
        f"{base}/{{tileMatrixSetId}}": {
            "get": {
                "summary": f"{layer.title} : description du jeu de tuiles",
                "operationId": f"get_{layer.id}_tileset",
                "parameters": [TILE_MATRIX_SET_ID],
                "responses": {
                    "200": {"description": "Le jeu de tuiles et ses limites", "content": JSON},
                    "404": {"description": "Jeu de matrices inconnu", "content": JSON},
                },
            }
        },
        f"{base}/{{tileMatrixSetId}}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}": {
            "get": {
                "summary": f"{layer.title} : une tuile vectorielle",
                "description": (
                    f"Servie des matrices {layer.tiles.minzoom} à {layer.tiles.maxzoom} ; la ligne (tileRow) vient "
                    "avant la colonne (tileCol)."
                ),
                "operationId": f"get_{layer.id}_tile",
                "parameters": [
                    TILE_MATRIX_SET_ID,
                    _path_param("tileMatrix", {"type": "string", "pattern": "^(0|[1-9][0-9]?)$"}, "Zoom"),
                    _path_param("tileRow", {"type": "integer", "minimum": 0}, "Ligne, comptée depuis le nord"),
                    _path_param("tileCol", {"type": "integer", "minimum": 0}, "Colonne, comptée depuis l'ouest"),
                    _param("f", "Format de la tuile.", {"type": "string", "enum": ["mvt"]}),
                ],
                "responses": {
                    "200": {
                        "description": "La tuile (Mapbox Vector Tile)",
                        "content": {
                            "application/vnd.mapbox-vector-tile": {"schema": {"type": "string", "format": "binary"}}
                        },
                    },
                    "204": NO_CONTENT,
                    "400": {"description": "Matrice, ligne ou colonne hors de WebMercatorQuad", "content": JSON},
                    "404": {"description": "Tuile hors des limites du jeu de tuiles", "content": JSON},
                },
            }
        },
    }


def _cql_params(layer):
    """filter, sortby and properties (OGC API - Features Part 3, and Part 5's sortby and properties)."""
    sortable = "|".join(cql.queryables(layer))
    return [
        _param(
            "filter",
            f"Filtre CQL2 sur les propriétés interrogeables (/collections/{layer.id}/queryables), par exemple "
            "state = 'accepted' AND S_INTERSECTS(geometry, BBOX(3.0,50.6,3.1,50.7)).",
            {"type": "string"},
        ),
        _param("filter-lang", "Langage de filter.", {"type": "string", "enum": list(cql.LANGUAGES)}),
        _param(
            "filter-crs",
            "CRS des géométries de filter (CRS84 par défaut).",
            {"type": "string", "enum": list(crs_uris.supported())},
        ),
        _param(
            "sortby",
            "Tri : propriétés séparées par des virgules, - devant pour l'ordre décroissant (par défaut : "
            "l'identifiant).",
            {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": f"^[+ -]?({sortable})$"}},
            style=True,
        ),
        _param(
            "properties",
            "Propriétés à renvoyer, séparées par des virgules (l'identifiant et la géométrie le sont toujours).",
            {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(layer.columns)}},
            style=True,
        ),
    ]


@ogc_view
def openapi(request):
    paths = {
        "/": {
            "get": {
                "summary": "Page d'accueil",
                "operationId": "landing",
                "responses": {"200": {"description": "Liens", "content": JSON}},
            }
        },
        "/conformance": {
            "get": {
                "summary": "Classes de conformité",
                "operationId": "conformance",
                "responses": {"200": {"description": "Conformité", "content": JSON}},
            }
        },
        "/collections": {
            "get": {
                "summary": "Collections",
                "operationId": "collections",
                "responses": {"200": {"description": "Collections", "content": JSON}},
            }
        },
    }
    paths.update(_tile_matrix_set_paths())
    for layer in all_layers():
        paths.update(_layer_paths(layer))
        paths.update(_layer_tile_paths(layer))
    return JsonResponse(
        {
            "openapi": "3.0.3",
            "info": {
                "title": "geoparticipation — OGC API - Features et Tiles",
                "version": "1.0.0",
                "description": "Contributions publiques des concertations de la Métropole Européenne de Lille.",
                "license": {
                    "name": LICENCE,
                    "url": LICENCE_URL,
                },
            },
            "servers": [{"url": request.build_absolute_uri(reverse("ogc-landing")).rstrip("/")}],
            "paths": paths,
        },
        content_type="application/vnd.oai.openapi+json;version=3.0",
    )
