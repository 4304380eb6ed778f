"""Decoding helpers and the published data of the layer tests, for the tile tests."""

import math

import mapbox_vector_tile
import pytest

from tiles import mercator

from ..layers.conftest import SECRET, build_published_data

SECRET_MARK = SECRET.encode()


@pytest.fixture
def published(db):
    return build_published_data()


def tile_of(lon, lat, z):
    """The slippy-map tile (x, y) that holds a place at zoom z."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def pixel_of(lon, lat, z, x, y, extent=4096):
    """Where a place falls in a tile, in tile units counted from the top left corner."""
    mx, my = mercator.to_mercator(lon, lat)
    xmin, _, xmax, ymax = mercator.tile_bounds(z, x, y)
    width = xmax - xmin
    return (mx - xmin) / width * extent, (ymax - my) / width * extent


def features(client, layer_id, z, x, y):
    """The decoded features of a tile (none for a 204), with coordinates counted from the top left corner."""
    response = client.get(f"/tiles/{layer_id}/{z}/{x}/{y}.pbf")
    assert response.status_code in (200, 204), response.content
    if response.status_code == 204:
        return []
    decoded = mapbox_vector_tile.decode(response.content, default_options={"y_coord_down": True})
    assert set(decoded) == {layer_id}
    return decoded[layer_id]["features"]
