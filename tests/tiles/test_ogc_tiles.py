"""OGC API - Tiles at /ogc/: the WebMercatorQuad tile matrix set, each collection's tileset, and tiles that are the
XYZ tiles of /tiles/ at another address (row before column)."""

import json
import subprocess

import mapbox_vector_tile
import pytest

from layers.registry import all_layers

from ..factories import GRAND_PLACE_LILLE, OUTSIDE_TERRITORY
from .conftest import SECRET_MARK, pixel_of, tile_of

pytestmark = pytest.mark.django_db

MVT = "application/vnd.mapbox-vector-tile"
TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
TILESETS_VECTOR = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
TILESET = "/ogc/collections/{}/tiles/WebMercatorQuad"
ORIGIN = "https://carto.example.fr"


def link(document, rel, media_type="application/json"):
    (href,) = [item["href"] for item in document["links"] if item["rel"] == rel and item.get("type") == media_type]
    return href.removeprefix("http://testserver")


def tile_url(client, layer_id, z, row, col):
    """The tile's address as a client builds it from the tileset's templated link."""
    template = link(client.get(TILESET.format(layer_id)).json(), "item", MVT)
    return template.replace("{tileMatrix}", str(z)).replace("{tileRow}", str(row)).replace("{tileCol}", str(col))


def test_the_landing_page_and_the_conformance_declare_ogc_api_tiles(client):
    landing = client.get("/ogc/").json()
    conformance = client.get("/ogc/conformance").json()["conformsTo"]

    assert link(landing, "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes") == "/ogc/tileMatrixSets"
    for name in ("core", "tileset", "tilesets-list", "geodata-tilesets", "mvt", "oas30"):
        assert f"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/{name}" in conformance
    assert "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset" in conformance
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance


def test_web_mercator_quad_is_served_as_the_ogc_registers_it(client):
    listing = client.get("/ogc/tileMatrixSets").json()
    (entry,) = listing["tileMatrixSets"]
    assert (entry["id"], entry["uri"]) == ("WebMercatorQuad", TMS_URI)

    tms = client.get(link(entry, "self")).json()

    assert tms["uri"] == TMS_URI
    assert tms["crs"] == "http://www.opengis.net/def/crs/EPSG/0/3857"
    matrices = tms["tileMatrices"]
    assert [matrix["id"] for matrix in matrices] == [str(z) for z in range(25)]
    # The values of the OGC's own WebMercatorQuad.json (2D Tile Matrix Set 2.0 examples).
    assert matrices[0]["cellSize"] == pytest.approx(156543.033928041)
    assert matrices[0]["scaleDenominator"] == pytest.approx(559082264.028717)
    assert matrices[24]["cellSize"] == pytest.approx(0.0093306919293428)
    assert matrices[24]["scaleDenominator"] == pytest.approx(33.3238997476528)
    assert matrices[18]["matrixWidth"] == matrices[18]["matrixHeight"] == 2**18
    assert matrices[5]["pointOfOrigin"] == pytest.approx([-20037508.3427892, 20037508.3427892])


def test_an_unknown_tile_matrix_set_is_an_ogc_404(client):
    response = client.get("/ogc/tileMatrixSets/WorldCRS84Quad")

    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"
    assert "WebMercatorQuad" in response.json()["description"]


@pytest.mark.parametrize("layer", all_layers(), ids=lambda layer: layer.id)
def test_every_collection_leads_to_its_tileset_through_its_links(client, layer):
    collection = client.get(f"/ogc/collections/{layer.id}").json()

    (tileset_entry,) = client.get(link(collection, TILESETS_VECTOR)).json()["tilesets"]
    assert tileset_entry["dataType"] == "vector"
    assert tileset_entry["tileMatrixSetURI"] == TMS_URI
    assert link(tileset_entry, TILING_SCHEME) == "/ogc/tileMatrixSets/WebMercatorQuad"
    assert client.get(link(tileset_entry, "self")).status_code == 200


@pytest.mark.parametrize("layer", all_layers(), ids=lambda layer: layer.id)
def test_the_tileset_describes_the_tiles_as_the_tilejson_does(client, layer):
    tileset = client.get(TILESET.format(layer.id)).json()
    tilejson = client.get(f"/tiles/{layer.id}.json").json()

    assert tileset["dataType"] == "vector"
    assert tileset["tileMatrixSetURI"] == TMS_URI
    assert tileset["description"] == tilejson["description"]
    (vector_layer,) = tileset["layers"]
    (tilejson_layer,) = tilejson["vector_layers"]
    assert vector_layer["id"] == tilejson_layer["id"] == layer.id
    properties = vector_layer["propertiesSchema"]["properties"]
    assert {name: p["description"] for name, p in properties.items()} == tilejson_layer["fields"]
    assert (vector_layer["minTileMatrix"], vector_layer["maxTileMatrix"]) == (
        str(tilejson["minzoom"]),
        str(tilejson["maxzoom"]),
    )
    assert [limit["tileMatrix"] for limit in tileset["tileMatrixSetLimits"]] == [
        str(z) for z in range(tilejson["minzoom"], tilejson["maxzoom"] + 1)
    ]
    bbox = tileset["boundingBox"]
    assert bbox["lowerLeft"] + bbox["upperRight"] == tilejson["bounds"]
    assert link(tileset, "item", MVT).endswith("/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}")


def test_the_proposals_properties_say_their_types(client):
    (vector_layer,) = client.get(TILESET.format("proposals")).json()["layers"]
    properties = vector_layer["propertiesSchema"]["properties"]

    assert properties["supports_count"]["type"] == "integer"
    assert properties["title"]["type"] == "string"
    assert properties["count"]["type"] == "integer"
    assert vector_layer["geometryType"] == "points"


def test_the_limits_hold_the_metropolis_and_not_paris(client):
    limits = client.get(TILESET.format("proposals")).json()["tileMatrixSetLimits"]

    def within(limit, place):
        col, row = tile_of(*place, int(limit["tileMatrix"]))
        return limit["minTileCol"] <= col <= limit["maxTileCol"] and limit["minTileRow"] <= row <= limit["maxTileRow"]

    assert all(within(limit, GRAND_PLACE_LILLE) for limit in limits)
    assert [limit["tileMatrix"] for limit in limits if within(limit, OUTSIDE_TERRITORY)] == ["0", "1", "2", "3", "4"]


@pytest.mark.parametrize("layer", all_layers(), ids=lambda layer: layer.id)
def test_a_tile_is_the_xyz_tile_with_the_row_before_the_column(client, published, layer):
    z = min(11, layer.tiles.maxzoom)
    x, y = tile_of(*GRAND_PLACE_LILLE, z)

    xyz = client.get(f"/tiles/{layer.id}/{z}/{x}/{y}.pbf")
    ogc = client.get(tile_url(client, layer.id, z, y, x))

    assert ogc.status_code == xyz.status_code == 200
    assert ogc.content == xyz.content
    assert ogc["Content-Type"] == MVT
    assert (ogc["ETag"], ogc["Cache-Control"]) == (xyz["ETag"], xyz["Cache-Control"])
    assert SECRET_MARK not in ogc.content


def test_the_proposal_of_the_grand_place_is_in_its_tile_at_its_pixel(client, published):
    proposal = published.public_proposals[0]
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)

    decoded = mapbox_vector_tile.decode(
        client.get(tile_url(client, "proposals", 15, y, x)).content, default_options={"y_coord_down": True}
    )

    (feature,) = [f for f in decoded["proposals"]["features"] if f["id"] == proposal.pk]
    assert feature["properties"]["title"] == "Proposition 0"
    assert feature["geometry"]["coordinates"] == pytest.approx(list(pixel_of(*GRAND_PLACE_LILLE, 15, x, y)), abs=2)


def test_an_unchanged_tile_is_a_304_at_either_address(client, published):
    x, y = tile_of(*GRAND_PLACE_LILLE, 12)
    url = tile_url(client, "proposals", 12, y, x)
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(f"/tiles/proposals/12/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_empty_tile_within_the_limits_is_a_204(client, published):
    limits = client.get(TILESET.format("meetings")).json()["tileMatrixSetLimits"]
    corner = next(limit for limit in limits if limit["tileMatrix"] == "18")

    response = client.get(tile_url(client, "meetings", 18, corner["minTileRow"], corner["minTileCol"]))

    assert response.status_code == 204
    assert response.content == b""
    assert response["ETag"]


@pytest.mark.parametrize(
    ("address", "status", "words"),
    [
        ("WebMercatorQuad/25/0/0", 400, "de 0 à 24"),
        ("WebMercatorQuad/07/0/0", 400, "tileMatrix"),
        ("WebMercatorQuad/douze/0/0", 400, "tileMatrix"),
        ("WebMercatorQuad/2/4/0", 400, "tileRow"),
        ("WebMercatorQuad/2/0/-1", 400, "tileCol"),
        ("WebMercatorQuad/15/0/99999999", 400, "tileCol"),
        ("WebMercatorQuad/19/0/0", 404, "zoom 18"),
        ("WebMercatorQuad/12/0/0", 404, "limites"),
        ("WorldCRS84Quad/0/0/0", 404, "WebMercatorQuad"),
        ("WebMercatorQuad/0/0/0?f=png", 400, "f=mvt"),
        ("WebMercatorQuad/0/0/0?process=plan-climat", 400, "process"),
    ],
)
def test_a_tile_out_of_the_matrix_set_or_its_limits_is_an_ogc_exception(client, address, status, words):
    response = client.get(f"/ogc/collections/proposals/tiles/{address}")

    assert response.status_code == status
    body = response.json()
    assert body["code"] == ("InvalidParameterValue" if status == 400 else "NotFound")
    assert words in body["description"]


def test_an_unknown_collection_has_no_tiles(client):
    for url in ("/ogc/collections/nope/tiles", TILESET.format("nope"), f"{TILESET.format('nope')}/0/0/0"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "NotFound"


@pytest.mark.parametrize(
    "url", ["/ogc/tileMatrixSets/WebMercatorQuad", "/ogc/collections/proposals/tiles", TILESET.format("proposals")]
)
def test_the_tile_descriptions_are_read_from_another_origin(client, url):
    response = client.get(url, headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_tile_is_read_from_another_origin(client, published):
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)

    response = client.get(tile_url(client, "proposals", 15, y, x), headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_the_openapi_description_documents_the_tile_paths(client):
    paths = client.get("/ogc/api").json()["paths"]

    assert "/tileMatrixSets/{tileMatrixSetId}" in paths
    assert "/collections/proposals/tiles/{tileMatrixSetId}" in paths
    tile = paths["/collections/proposals/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}"]["get"]
    assert [p["name"] for p in tile["parameters"]][:4] == ["tileMatrixSetId", "tileMatrix", "tileRow", "tileCol"]
    assert set(tile["responses"]) == {"200", "204", "400", "404"}


@pytest.mark.skipif(
    subprocess.run(["which", "ogr2ogr"], capture_output=True).returncode != 0, reason="GDAL tools are not installed"
)
def test_gdal_places_the_features_of_a_tile_at_the_tile_the_row_and_column_name(client, published, tmp_path):
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)
    # GDAL's MVT driver georeferences a tile by its z/x/y path, the XYZ order.
    path = tmp_path / "15" / str(x) / f"{y}.pbf"
    path.parent.mkdir(parents=True)
    path.write_bytes(client.get(tile_url(client, "proposals", 15, y, x)).content)

    result = subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:4326", "/vsistdout/", str(path), "proposals"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    titles = {
        feature["properties"]["title"]: feature["geometry"]["coordinates"]
        for feature in json.loads(result.stdout)["features"]
    }
    assert titles["Proposition 0"] == pytest.approx(list(GRAND_PLACE_LILLE), abs=1e-4)
