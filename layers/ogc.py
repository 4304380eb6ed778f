"""OGC API - Features (Core, GeoJSON, CRS by reference) at /ogc/, generated from the layer declarations.

Written by hand rather than embedding pygeoapi: the features are rendered by PostGIS from the same views as
every other feed, pages are keyset-paged (no OFFSET scan, no count(*) per page), and the parameters are
checked strictly, so that a typo is a 400 rather than an ignored filter.
"""

import datetime
import itertools
import json

from django.conf import settings
from django.db import connections
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode

from geoparticipation.replicas import read_alias
from geoparticipation.territory import selectors as territory

from . import bbox, cql, metadata, qml
from . import crs as crs_uris
from .params import unknown_parameters
from .registry import LICENCE, LICENCE_URL, all_layers, get
from .rendering import GEOJSON, FeatureQuery, column_type, parse_instant

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 100
# Features read from PostgreSQL and sent at a time.
BATCH = 1000
# OGC API - Tiles and the 2D Tile Matrix Set it builds on (tiles/ogc.py).
TILES_CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/tilesetmetadata",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilesetmetadata",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixsetlimits",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixsetlimits",
]
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    *TILES_CONFORMANCE,
    *cql.CONFORMANCE,
]
GEOJSON_SEQ = "application/geo+json-seq"
# RFC 8142: each feature opens with a record separator and ends with a line feed.
RECORD_SEPARATOR = b"\x1e"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
FORMATS = ("json", "geojson")
ITEMS_FORMATS = (*FORMATS, "geojson-seq")
COMMON_PARAMS = {"f"}
ITEMS_PARAMS = {"limit", "bbox", "bbox-crs", "crs", "datetime", "after", "f", *cql.PARAMS}


class BadRequest(Exception):
    pass


def exception(status, code, description):
    return JsonResponse({"code": code, "description": description}, status=status)


def ogc_view(view, formats=FORMATS):
    """Turns BadRequest into the OGC exception document, and refuses unknown formats."""

    def wrapped(request, *args, **kwargs):
        if request.GET.get("f", "json") not in formats:
            *others, last = (f"f={name}" for name in formats)
            return exception(
                400, "InvalidParameterValue", f"Format inconnu : seuls {', '.join(others)} et {last} existent."
            )
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return exception(400, "InvalidParameterValue", str(error))
        except Http404 as error:
            return exception(404, "NotFound", str(error))

    wrapped.__name__ = view.__name__
    return wrapped


def check_params(request, allowed):
    if message := unknown_parameters(request.GET, allowed):
        raise BadRequest(message)


def absolute_url(request, name, query=None, **kwargs):
    url = request.build_absolute_uri(reverse(name, kwargs=kwargs))
    return f"{url}?{urlencode(query)}" if query else url


def collection_layer(collection_id):
    layer = get(collection_id)
    if layer is None:
        raise Http404(f"Collection inconnue : {collection_id}")
    return layer


def _territory_extent():
    """The extent of the 95 communes in CRS84: every layer lies within it."""
    box = territory.extent(4326)
    return None if box is None else [round(value, 6) for value in box]


def _instant(moment):
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _collection(request, layer, extent):
    description = {
        "id": layer.id,
        "title": layer.title,
        "description": layer.abstract,
        "keywords": list(layer.keywords),
        "attribution": layer.attribution,
        "itemType": "feature",
        "crs": list(crs_uris.supported()),
        "storageCrs": crs_uris.epsg_uri(settings.STORAGE_SRID),
        "links": [
            {
                "href": absolute_url(request, "ogc-collection", collection_id=layer.id),
                "rel": "self",
                "type": "application/json",
                "title": layer.title,
            },
            {
                "href": absolute_url(request, "ogc-items", collection_id=layer.id),
                "rel": "items",
                "type": GEOJSON,
                "title": "Objets (GeoJSON)",
            },
            {
                "href": absolute_url(request, "ogc-items", {"f": "geojson-seq"}, collection_id=layer.id),
                "rel": "items",
                "type": GEOJSON_SEQ,
                "title": "Objets (séquence de textes GeoJSON, RFC 8142)",
            },
            {
                "href": absolute_url(request, "ogc-queryables", collection_id=layer.id),
                "rel": "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                "type": "application/schema+json",
                "title": "Propriétés interrogeables (filter, sortby)",
            },
            {
                "href": absolute_url(request, "ogc-style", collection_id=layer.id),
                "rel": "describedby",
                "type": "application/vnd.qgis.qml",
                "title": "Style QGIS (.qml)",
            },
            {
                "href": LICENCE_URL,
                "rel": "license",
                "type": "text/html",
                "title": LICENCE,
            },
            *_tile_links(request, layer),
        ],
    }
    if extent:
        description["extent"] = {"spatial": {"bbox": [extent], "crs": crs_uris.CRS84}}
    if span := metadata.time_span(layer):
        description.setdefault("extent", {})["temporal"] = {
            "interval": [[_instant(span[0]), _instant(span[1])]],
            "trs": GREGORIAN,
        }
    return description


def _tile_links(request, layer):
    """The collection's vector tilesets (OGC API - Tiles, tiles/ogc.py)."""
    return [
        {
            "href": absolute_url(request, "ogc-tilesets", collection_id=layer.id),
            "rel": "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
            "type": "application/json",
            "title": "Tuiles vectorielles (OGC API - Tiles)",
        },
    ]


@ogc_view
def landing(request):
    check_params(request, COMMON_PARAMS)
    return JsonResponse(
        {
            "title": "geoparticipation — Métropole Européenne de Lille",
            "description": "Contributions publiques des concertations, en OGC API - Features et OGC API - Tiles.",
            "links": [
                {
                    "href": absolute_url(request, "ogc-landing"),
                    "rel": "self",
                    "type": "application/json",
                    "title": "Cette page",
                },
                {
                    "href": absolute_url(request, "ogc-openapi"),
                    "rel": "service-desc",
                    "type": "application/vnd.oai.openapi+json;version=3.0",
                    "title": "Définition OpenAPI",
                },
                {
                    "href": absolute_url(request, "ogc-conformance"),
                    "rel": "conformance",
                    "type": "application/json",
                    "title": "Classes de conformité",
                },
                {
                    "href": absolute_url(request, "ogc-collections"),
                    "rel": "data",
                    "type": "application/json",
                    "title": "Collections",
                },
                {
                    "href": absolute_url(request, "ogc-tilematrixsets"),
                    "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
                    "type": "application/json",
                    "title": "Jeux de matrices de tuiles",
                },
            ],
        }
    )


@ogc_view
def conformance(request):
    check_params(request, COMMON_PARAMS)
    return JsonResponse({"conformsTo": CONFORMANCE})


@ogc_view
def collections(request):
    check_params(request, COMMON_PARAMS)
    extent = _territory_extent()
    return JsonResponse(
        {
            "links": [{"href": absolute_url(request, "ogc-collections"), "rel": "self", "type": "application/json"}],
            "collections": [_collection(request, layer, extent) for layer in all_layers()],
        }
    )


@ogc_view
def collection(request, collection_id):
    check_params(request, COMMON_PARAMS)
    return JsonResponse(_collection(request, collection_layer(collection_id), _territory_extent()))


@ogc_view
def queryables(request, collection_id):
    check_params(request, COMMON_PARAMS)
    layer = collection_layer(collection_id)
    schema = cql.queryables_schema(layer, absolute_url(request, "ogc-queryables", collection_id=layer.id))
    return JsonResponse(schema, content_type="application/schema+json")


def _parse_instant(value):
    if value == "..":
        return None
    try:
        return parse_instant(value)
    except ValueError:
        raise BadRequest(f"datetime : « {value} » n'est pas une date RFC 3339.") from None


def _is_date(value):
    """A full-date of RFC 3339 (2026-11-07) stands for its whole day (UTC), alone or as an interval's end."""
    return value != ".." and "T" not in value.upper()


def _apply_datetime(query, layer, value):
    if layer.datetime_column is None:
        raise BadRequest(f"datetime : la collection {layer.id} n'a pas de date.")
    column = f"t.{layer.datetime_column}"
    if "/" in value:
        first, last = value.split("/", 1)
        start, end = _parse_instant(first), _parse_instant(last)
        if start and end and start > end:
            raise BadRequest("datetime : le début de l'intervalle est après sa fin.")
        if start:
            query.filter(f"{column} >= %s", start)
        if end and _is_date(last):
            query.filter(f"{column} < %s", end + datetime.timedelta(days=1))
        elif end:
            query.filter(f"{column} <= %s", end)
        return
    instant = _parse_instant(value)
    if instant is None:
        raise BadRequest("datetime : « .. » n'est permis que dans un intervalle.")
    if _is_date(value):
        query.filter(f"{column} >= %s", instant)
        query.filter(f"{column} < %s", instant + datetime.timedelta(days=1))
    else:
        query.filter(f"{column} = %s", instant)


def _items_query(request, layer):
    queryables = set(layer.columns) - {layer.id_column}
    check_params(request, ITEMS_PARAMS | queryables)
    params = request.GET
    try:
        output_crs = crs_uris.parse(params.get("crs", crs_uris.CRS84))
        bbox_crs = crs_uris.parse(params.get("bbox-crs", crs_uris.CRS84))
    except ValueError as error:
        raise BadRequest(str(error)) from None
    if "bbox-crs" in params and "bbox" not in params:
        raise BadRequest("bbox-crs n'a de sens qu'avec bbox.")
    try:
        limit = int(params.get("limit", DEFAULT_LIMIT))
    except ValueError:
        raise BadRequest("limit : attendu un entier.") from None
    if limit < 1:
        raise BadRequest("limit : au moins 1.")
    # Beyond the maximum the maximum applies, as OGC API - Features asks (/req/core/query-param-limit).
    limit = min(limit, MAX_LIMIT)

    query = FeatureQuery(layer, srid=output_crs[1], flip_axes=output_crs[2], limit=limit)
    if "bbox" in params:
        _, srid, lat_first = bbox_crs
        try:
            area = bbox.parse(params["bbox"], srid, lat_first)
        except bbox.BadBox as error:
            raise BadRequest(str(error)) from None
        query.filter("ST_Intersects(t.geom, ST_GeomFromEWKB(%s))", bytes(area.ewkb))
    if "datetime" in params:
        _apply_datetime(query, layer, params["datetime"])
    for name in sorted(queryables & set(params)):
        kind = column_type(layer, name)
        try:
            value = kind(params[name])
        except ValueError:
            raise BadRequest(f"{name} : valeur « {params[name]} » du mauvais type, attendu {kind.expected}.") from None
        query.filter(f"t.{name} = %s", value)
    try:
        _apply_cql(query, layer, params)
    except cql.BadQuery as error:
        raise BadRequest(str(error)) from None
    if "after" in params and not query.order:
        try:
            query.after = column_type(layer, layer.id_column)(params["after"])
        except ValueError:
            raise BadRequest("after : identifiant invalide.") from None
    return query, output_crs[0]


def _apply_cql(query, layer, params):
    """filter, filter-lang and filter-crs; sortby (with its cursor in after); properties."""
    if ("filter-lang" in params or "filter-crs" in params) and "filter" not in params:
        raise cql.BadQuery("filter-lang et filter-crs n'ont de sens qu'avec filter.")
    if "filter" in params:
        try:
            _, srid, lat_first = crs_uris.parse(params.get("filter-crs", crs_uris.CRS84))
        except ValueError as error:
            raise cql.BadQuery(f"filter-crs : {error}") from None
        language = params.get("filter-lang", "cql2-text")
        sql, filter_params = cql.filter_sql(layer, params["filter"], language, srid, lat_first)
        query.filter(f"({sql})", *filter_params)
    if "sortby" in params:
        query.order = cql.sortby(layer, params["sortby"])
        if "after" in params:
            query.after = cql.cursor(layer, query.order, params["after"])
    if "properties" in params:
        query.properties = cql.properties(layer, params["properties"])


def _wants_sequence(request):
    if "f" in request.GET:
        return request.GET["f"] == "geojson-seq"
    return request.get_preferred_type([GEOJSON, GEOJSON_SEQ, "application/json"]) == GEOJSON_SEQ


def _next_link(request, layer, last_id, media_type, **params):
    next_params = {**request.GET.dict(), **params, "after": last_id}
    return {
        "href": absolute_url(request, "ogc-items", next_params, collection_id=layer.id),
        "rel": "next",
        "type": media_type,
        "title": "Page suivante",
    }


def _items(request, collection_id):
    layer = collection_layer(collection_id)
    query, crs_uri = _items_query(request, layer)
    sequence = _wants_sequence(request)
    end = None
    if sequence and query.limit > BATCH:
        # A text sequence has no place after its features for the next link: a page longer than the first
        # batch read below is measured first, from its ids.
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(*query.page_end_sql())
            end = cursor.fetchone()
    rows = query.stream()
    # The first rows are read here, so that a failing query is an error response rather than a cut-off page.
    first = list(itertools.islice(rows, BATCH))
    if sequence:
        returned, last_id = end or (len(first), first[-1][0] if first else None)
        response = StreamingHttpResponse(_sequence(first, rows), content_type=GEOJSON_SEQ)
        if returned == query.limit:
            # The format in the link too, for a sequence asked for by Accept alone.
            link = _next_link(request, layer, last_id, GEOJSON_SEQ, f="geojson-seq")
            response["Link"] = f'<{link["href"]}>; rel="next"; type="{GEOJSON_SEQ}"'
    else:
        response = StreamingHttpResponse(_page(request, layer, query, first, rows), content_type=GEOJSON)
    response["Content-Crs"] = f"<{crs_uri}>"
    patch_vary_headers(response, ["Accept"])
    return response


items = ogc_view(_items, ITEMS_FORMATS)


def _batches(first, rows):
    batch = first
    while batch:
        yield batch
        batch = list(itertools.islice(rows, BATCH))


def _sequence(first, rows):
    """The page as an RFC 8142 GeoJSON text sequence, a batch at a time."""
    for batch in _batches(first, rows):
        yield b"".join(RECORD_SEPARATOR + feature.encode() + b"\n" for _, feature in batch)


def _number_matched(layer, query, returned):
    """numberMatched when it is cheap (metadata.py): the kept total of an unfiltered layer, the page itself when
    the first page is also the last, or a bounded count; None otherwise. Read once the page is sent, since the
    connection streams the page until then."""
    if not query.where:
        return metadata.total(layer)
    if query.after is None and returned < query.limit:
        return returned
    return metadata.bounded_count(query)


def _page(request, layer, query, first, rows):
    """The page as a FeatureCollection, sent while PostgreSQL writes its features, a batch at a time; the members
    that depend on the count (numberReturned, numberMatched, the next link) come after the features."""
    yield b'{"type": "FeatureCollection", "features": ['
    returned, last_id = 0, None
    for batch in _batches(first, rows):
        yield (b"," if returned else b"") + ",".join(feature for _, feature in batch).encode()
        returned, last_id = returned + len(batch), batch[-1][0]
    sequence = {**request.GET.dict(), "f": "geojson-seq"}
    links = [
        {"href": request.build_absolute_uri(), "rel": "self", "type": GEOJSON, "title": "Cette page"},
        {
            "href": absolute_url(request, "ogc-items", sequence, collection_id=layer.id),
            "rel": "alternate",
            "type": GEOJSON_SEQ,
            "title": "Cette page en séquence de textes GeoJSON (RFC 8142)",
        },
    ]
    if returned == query.limit:
        links.append(_next_link(request, layer, last_id, GEOJSON))
    footer = {"numberReturned": returned}
    if (matched := _number_matched(layer, query, returned)) is not None:
        footer["numberMatched"] = matched
    footer["timeStamp"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    footer["links"] = links
    yield b"], " + json.dumps(footer)[1:].encode()


@ogc_view
def item(request, collection_id, feature_id):
    layer = collection_layer(collection_id)
    check_params(request, {"crs", "f"})
    try:
        output_crs = crs_uris.parse(request.GET.get("crs", crs_uris.CRS84))
    except ValueError as error:
        raise BadRequest(str(error)) from None
    try:
        key = column_type(layer, layer.id_column)(feature_id)
    except ValueError:
        raise Http404("Objet introuvable.") from None
    feature = FeatureQuery(layer, srid=output_crs[1], flip_axes=output_crs[2]).feature(key)
    if feature is None:
        raise Http404("Objet introuvable.")
    feature = json.loads(feature)
    feature["links"] = [
        {"href": request.build_absolute_uri(), "rel": "self", "type": GEOJSON},
        {
            "href": absolute_url(request, "ogc-collection", collection_id=layer.id),
            "rel": "collection",
            "type": "application/json",
        },
    ]
    response = HttpResponse(json.dumps(feature), content_type=GEOJSON)
    response["Content-Crs"] = f"<{output_crs[0]}>"
    return response


@ogc_view
def qgis_style(request, collection_id):
    """The layer's QGIS style; `geometry=LineString|Polygon` picks the part of the mixed annotations layer."""
    layer = collection_layer(collection_id)
    check_params(request, {"geometry", "f"})
    geometry = request.GET.get("geometry")
    if geometry is not None and (layer.geometry_type != "Geometry" or geometry not in qml.SYMBOL_TYPES):
        raise BadRequest("geometry : seulement Point, LineString ou Polygon, et pour la couche annotations.")
    response = HttpResponse(qml.style(layer, geometry), content_type="application/vnd.qgis.qml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{layer.id}.qml"'
    return response
