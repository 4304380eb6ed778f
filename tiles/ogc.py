"""OGC API - Tiles over the vector tiles: the WebMercatorQuad tile matrix set (OGC 2D Tile Matrix Set 2.0), each
collection's tilesets and the tiles themselves, which are the XYZ tiles of tiles/views.py at another address."""

import re

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_safe

from layers import crs as crs_uris
from layers.http import data_version
from layers.ogc import BadRequest, absolute_url, check_params, collection_layer, exception, ogc_view
from layers.registry import LICENCE, LICENCE_URL
from layers.rendering import column_type

from . import mercator, rendering, views

TMS_ID = "WebMercatorQuad"
TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
TMS_TITLE = "Google Maps Compatible for the World"
WEB_MERCATOR = "http://www.opengis.net/def/crs/EPSG/0/3857"
TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
GEODATA = "http://www.opengis.net/def/rel/ogc/1.0/geodata"
# The registered WebMercatorQuad goes to matrix 24; the tiles themselves stop at each layer's maxzoom.
LAST_MATRIX = 24
TILE_SIZE = 256
# OGC 2D TMS: the scale denominator is the cell size over the "standardized rendering pixel" of 0.28 mm.
PIXEL_SIZE = 0.00028
GEOMETRY_TYPES = {"Point": "points", "LineString": "lines", "Polygon": "polygons", "MultiPolygon": "polygons"}
# A tile matrix is named by its number as written (no sign, no leading zero); rows and columns by digits.
MATRIX_ID = re.compile(r"0|[1-9][0-9]?")
INDEX = re.compile(r"[0-9]{1,9}")
CODES = {400: "InvalidParameterValue", 404: "NotFound"}


def _check_tile_matrix_set(tile_matrix_set_id):
    if tile_matrix_set_id != TMS_ID:
        raise Http404(f"Jeu de matrices de tuiles inconnu : {tile_matrix_set_id}. Seul {TMS_ID} existe.")


def web_mercator_quad():
    """WebMercatorQuad as the OGC registers it, computed from the extent of EPSG:3857."""
    origin = [-mercator.HALF_WORLD, mercator.HALF_WORLD]
    matrices = []
    for z in range(LAST_MATRIX + 1):
        cell_size = 2 * mercator.HALF_WORLD / TILE_SIZE / 2**z
        matrices.append(
            {
                "id": str(z),
                "scaleDenominator": cell_size / PIXEL_SIZE,
                "cellSize": cell_size,
                "cornerOfOrigin": "topLeft",
                "pointOfOrigin": origin,
                "tileWidth": TILE_SIZE,
                "tileHeight": TILE_SIZE,
                "matrixWidth": 2**z,
                "matrixHeight": 2**z,
            }
        )
    return {
        "id": TMS_ID,
        "title": TMS_TITLE,
        "uri": TMS_URI,
        "crs": WEB_MERCATOR,
        "orderedAxes": ["X", "Y"],
        "boundingBox": {
            "lowerLeft": [-mercator.HALF_WORLD, -mercator.HALF_WORLD],
            "upperRight": [mercator.HALF_WORLD, mercator.HALF_WORLD],
            "crs": WEB_MERCATOR,
        },
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "tileMatrices": matrices,
    }


def limits(layer, version):
    """Tile matrix -> (first column, first row, last column, last row) of the tiles near the territory, for each
    zoom the layer is served at; empty before the communes are loaded."""
    box = rendering.territory_box(version)
    if box is None:
        return {}
    return {z: mercator.tiles_covering(z, box) for z in range(layer.tiles.minzoom, layer.tiles.maxzoom + 1)}


def _tiling_scheme_link(request):
    return {
        "href": absolute_url(request, "ogc-tilematrixset", tile_matrix_set_id=TMS_ID),
        "rel": TILING_SCHEME,
        "type": "application/json",
        "title": f"Définition de {TMS_ID}",
    }


@ogc_view
def tile_matrix_sets(request):
    check_params(request, {"f"})
    return JsonResponse(
        {
            "tileMatrixSets": [
                {
                    "id": TMS_ID,
                    "title": TMS_TITLE,
                    "uri": TMS_URI,
                    "crs": WEB_MERCATOR,
                    "links": [
                        {
                            "href": absolute_url(request, "ogc-tilematrixset", tile_matrix_set_id=TMS_ID),
                            "rel": "self",
                            "type": "application/json",
                            "title": TMS_ID,
                        }
                    ],
                }
            ],
            "links": [
                {"href": absolute_url(request, "ogc-tilematrixsets"), "rel": "self", "type": "application/json"},
            ],
        }
    )


@ogc_view
def tile_matrix_set(request, tile_matrix_set_id):
    check_params(request, {"f"})
    _check_tile_matrix_set(tile_matrix_set_id)
    return JsonResponse(web_mercator_quad())


@ogc_view
def tilesets(request, collection_id):
    layer = collection_layer(collection_id)
    check_params(request, {"f"})
    return JsonResponse(
        {
            "tilesets": [
                {
                    "title": f"{layer.title} ({TMS_ID})",
                    "dataType": "vector",
                    "crs": WEB_MERCATOR,
                    "tileMatrixSetURI": TMS_URI,
                    "links": [
                        {
                            "href": absolute_url(
                                request, "ogc-tileset", collection_id=layer.id, tile_matrix_set_id=TMS_ID
                            ),
                            "rel": "self",
                            "type": "application/json",
                            "title": f"Jeu de tuiles {TMS_ID}",
                        },
                        _tiling_scheme_link(request),
                    ],
                }
            ],
            "links": [
                {
                    "href": absolute_url(request, "ogc-tilesets", collection_id=layer.id),
                    "rel": "self",
                    "type": "application/json",
                },
                {
                    "href": absolute_url(request, "ogc-collection", collection_id=layer.id),
                    "rel": "collection",
                    "type": "application/json",
                    "title": layer.title,
                },
            ],
        }
    )


def _properties_schema(layer):
    properties = {}
    for name, text in views.fields(layer).items():
        schema = {"type": "integer"} if name not in layer.columns else column_type(layer, name).schema
        properties[name] = {"description": text, **schema}
    return {"type": "object", "properties": properties}


def _vector_layer(request, layer):
    tiles = layer.tiles
    description = {
        "id": layer.id,
        "title": layer.title,
        "dataType": "vector",
        "minTileMatrix": str(tiles.minzoom),
        "maxTileMatrix": str(tiles.maxzoom),
        "propertiesSchema": _properties_schema(layer),
        "links": [
            {
                "href": absolute_url(request, "ogc-collection", collection_id=layer.id),
                "rel": GEODATA,
                "type": "application/json",
                "title": layer.title,
            }
        ],
    }
    geometry_type = GEOMETRY_TYPES.get(layer.geometry_type)
    # Aggregated zooms carry one point per cell, whatever the geometry of the contributions.
    if geometry_type is not None and (tiles.aggregate_below is None or geometry_type == "points"):
        description["geometryType"] = geometry_type
    return description


@ogc_view
def tileset(request, collection_id, tile_matrix_set_id):
    layer = collection_layer(collection_id)
    check_params(request, {"f"})
    _check_tile_matrix_set(tile_matrix_set_id)
    version = data_version()[0]
    url = absolute_url(request, "ogc-tileset", collection_id=layer.id, tile_matrix_set_id=TMS_ID)
    document = {
        "title": layer.title,
        "description": views.description(layer),
        "keywords": list(layer.keywords),
        "attribution": layer.attribution,
        "license": LICENCE,
        "dataType": "vector",
        "crs": WEB_MERCATOR,
        "tileMatrixSetURI": TMS_URI,
        "mediaTypes": [views.MVT],
        "tileMatrixSetLimits": [
            {"tileMatrix": str(z), "minTileRow": row0, "maxTileRow": row1, "minTileCol": col0, "maxTileCol": col1}
            for z, (col0, row0, col1, row1) in limits(layer, version).items()
        ],
        "layers": [_vector_layer(request, layer)],
        "links": [
            {"href": url, "rel": "self", "type": "application/json", "title": "Ce jeu de tuiles"},
            _tiling_scheme_link(request),
            {
                # Braces stay as they are: the template is filled in by the client.
                "href": url + "/{tileMatrix}/{tileRow}/{tileCol}",
                "rel": "item",
                "type": views.MVT,
                "templated": True,
                "title": "Tuiles vectorielles (Mapbox Vector Tiles)",
            },
            {
                "href": absolute_url(request, "tiles-tilejson", layer_id=layer.id),
                "rel": "alternate",
                "type": "application/json",
                "title": "TileJSON 3.0",
            },
            {
                "href": absolute_url(request, "ogc-collection", collection_id=layer.id),
                "rel": GEODATA,
                "type": "application/json",
                "title": layer.title,
            },
            {"href": LICENCE_URL, "rel": "license", "type": "text/html", "title": LICENCE},
        ],
    }
    bounds = rendering.territory_bounds(version)
    if bounds is not None:
        west, south, east, north = (round(value, 6) for value in bounds)
        document["boundingBox"] = {"lowerLeft": [west, south], "upperRight": [east, north], "crs": crs_uris.CRS84}
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = views.CACHE_CONTROL
    return response


def _tile_indices(tile_matrix, tile_row, tile_col):
    """(z, row, column) of a tile of WebMercatorQuad, or BadRequest naming what is out of the tile matrix set."""
    if not MATRIX_ID.fullmatch(tile_matrix) or int(tile_matrix) > LAST_MATRIX:
        raise BadRequest(f"tileMatrix : « {tile_matrix} » n'est pas une matrice de {TMS_ID} (de 0 à {LAST_MATRIX}).")
    z = int(tile_matrix)
    for name, value in (("tileRow", tile_row), ("tileCol", tile_col)):
        if not INDEX.fullmatch(value) or int(value) >= 2**z:
            raise BadRequest(f"{name} : « {value} » hors de la matrice {z}, qui va de 0 à {2**z - 1}.")
    return z, int(tile_row), int(tile_col)


@require_safe
def tile(request, collection_id, tile_matrix_set_id, tile_matrix, tile_row, tile_col):
    """The XYZ tile z/x/y at tileMatrix/tileRow/tileCol (row first): the same bytes, ETag and 304 or 204; what is
    refused is refused in the OGC exception format."""
    try:
        if request.GET.get("f", "mvt") != "mvt":
            raise BadRequest("Format inconnu : seul f=mvt existe pour les tuiles.")
        layer = collection_layer(collection_id)
        check_params(request, {"f"})
        _check_tile_matrix_set(tile_matrix_set_id)
        z, row, col = _tile_indices(tile_matrix, tile_row, tile_col)
        served = limits(layer, data_version()[0])
        if z in served:
            col0, row0, col1, row1 = served[z]
            if not (row0 <= row <= row1 and col0 <= col <= col1):
                raise Http404(
                    f"Tuile hors des limites du jeu de tuiles ({layer.id}, matrice {z} : lignes {row0} à {row1}, "
                    f"colonnes {col0} à {col1}) ; il n'y a rien au-delà."
                )
        return views.tile_response(request, layer, z, col, row)
    except views.Refused as refusal:
        return exception(refusal.status, CODES[refusal.status], str(refusal))
    except BadRequest as error:
        return exception(400, "InvalidParameterValue", str(error))
    except Http404 as error:
        return exception(404, "NotFound", str(error))
