"""Web Mercator XYZ tiles (EPSG:3857, y counted from the north) and their bounds."""

import math

# From the origin to the edge of the EPSG:3857 square, in metres.
HALF_WORLD = 20037508.342789244
MAX_ZOOM = 22


def exists(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(xmin, ymin, xmax, ymax) of a tile in EPSG:3857."""
    width = 2 * HALF_WORLD / 2**z
    xmin = -HALF_WORLD + x * width
    ymax = HALF_WORLD - y * width
    return xmin, ymax - width, xmin + width, ymax


def z16_range(z: int, x: int, y: int, buffer: float) -> tuple[int, int, int, int]:
    """(x0, x1, y0, y1): the z16 tiles under a tile and its buffer (a fraction of the tile on each side)."""
    scale = 2 ** (16 - z)
    return (
        math.floor((x - buffer) * scale),
        math.ceil((x + 1 + buffer) * scale) - 1,
        math.floor((y - buffer) * scale),
        math.ceil((y + 1 + buffer) * scale) - 1,
    )


def to_mercator(lon: float, lat: float) -> tuple[float, float]:
    return (
        HALF_WORLD * lon / 180,
        HALF_WORLD / math.pi * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)),
    )


def intersection(a, b):
    """The overlap of two (xmin, ymin, xmax, ymax) boxes, or None when they do not overlap."""
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def tiles_covering(z: int, box) -> tuple[int, int, int, int]:
    """(first column, first row, last column, last row) of the zoom-z tiles that an EPSG:3857 box touches."""
    width = 2 * HALF_WORLD / 2**z

    def index(distance):
        return min(max(math.floor(distance / width), 0), 2**z - 1)

    xmin, ymin, xmax, ymax = box
    return index(xmin + HALF_WORLD), index(HALF_WORLD - ymax), index(xmax + HALF_WORLD), index(HALF_WORLD - ymin)
