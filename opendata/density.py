"""Contribution-density rasters: counts per 100 m cell from PostGIS, a Gaussian kernel, a COG and a PNG overlay.

The GeoTIFF is in Lambert-93 (metres, the storage CRS), in contributions per km². The PNG is the same density
warped to Web Mercator, so that a Leaflet `L.imageOverlay` placed on the lon/lat bounds of its JSON sidecar lines
up exactly: a Web Mercator rectangle is a lon/lat rectangle.
"""

import json

import numpy as np
import rasterio
from django.conf import settings
from django.db import connections
from PIL import Image
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.transform import from_origin
from rasterio.warp import calculate_default_transform, reproject, transform_bounds

from geoparticipation.replicas import read_alias
from geoparticipation.territory import selectors as territory
from layers.http import data_version

from . import storage

CELL_M = 100
SIGMA_M = 300
# The kernel stops at 3 sigma: beyond it the density is exactly zero, not a faint haze over the whole territory.
RADIUS_CELLS = 3 * SIGMA_M // CELL_M
# Beyond the territory, room for the kernel to fade out.
MARGIN_M = 1000
CELLS_PER_KM2 = 1_000_000 / CELL_M**2
WEB_MERCATOR = 3857
UNIT = "contributions par km²"
# Light yellow to dark red, opacity growing with the density (value position in 0..1, RGBA).
PALETTE = [
    (0.0, (255, 255, 178, 90)),
    (0.25, (254, 204, 92, 150)),
    (0.5, (253, 141, 60, 190)),
    (0.75, (240, 59, 32, 215)),
    (1.0, (189, 0, 38, 235)),
]
SUFFIXES = (".tif", ".png", ".json")


def grid():
    """(west, north, width, height) of the grid over the territory, in the storage CRS, snapped to the cell size."""
    xmin, ymin, xmax, ymax = territory.extent(settings.STORAGE_SRID)
    west = (int(xmin - MARGIN_M) // CELL_M) * CELL_M
    south = (int(ymin - MARGIN_M) // CELL_M) * CELL_M
    east = -(-int(xmax + MARGIN_M) // CELL_M) * CELL_M
    north = -(-int(ymax + MARGIN_M) // CELL_M) * CELL_M
    return west, north, (east - west) // CELL_M, (north - south) // CELL_M


COUNTS_SQL = """
SELECT floor((ST_X(g) - %(west)s) / %(cell)s)::int AS col, floor((%(north)s - ST_Y(g)) / %(cell)s)::int AS row,
       count(*)
FROM (
    SELECT geom AS g FROM layer_proposals {where}
    UNION ALL
    SELECT ST_PointOnSurface(geom) FROM layer_annotations {where}
) contributions
GROUP BY 1, 2
"""


def counts(west, north, width, height, process=None):
    """Public contributions per cell (proposals, and annotations at a point on their surface), counted by PostGIS."""
    where = "WHERE process = %(process)s" if process else ""
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(
            COUNTS_SQL.format(where=where), {"west": west, "north": north, "cell": CELL_M, "process": process}
        )
        rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 3)
    grid_counts = np.zeros((height, width), dtype=np.float64)
    inside = (rows[:, 0] >= 0) & (rows[:, 0] < width) & (rows[:, 1] >= 0) & (rows[:, 1] < height)
    rows = rows[inside]
    grid_counts[rows[:, 1], rows[:, 0]] = rows[:, 2]
    return grid_counts


def smooth(values):
    """Gaussian kernel, applied along rows then columns (it is separable); the total count is preserved."""
    offsets = np.arange(-RADIUS_CELLS, RADIUS_CELLS + 1)
    kernel = np.exp(-0.5 * (offsets * CELL_M / SIGMA_M) ** 2)
    kernel /= kernel.sum()
    for axis in (0, 1):
        padded = np.pad(values, [(RADIUS_CELLS, RADIUS_CELLS) if a == axis else (0, 0) for a in (0, 1)])
        size = values.shape[axis]
        values = sum(
            weight * np.take(padded, np.arange(shift, shift + size), axis=axis) for shift, weight in enumerate(kernel)
        )
    return values


def colourize(density, maximum):
    """RGBA pixels: transparent where the density is zero, the palette elsewhere (square-root scale)."""
    scaled = np.sqrt(np.clip(density / maximum, 0, 1)) if maximum > 0 else np.zeros_like(density)
    stops = [stop for stop, _ in PALETTE]
    rgba = np.zeros((*density.shape, 4), dtype=np.uint8)
    for channel in range(4):
        rgba[..., channel] = np.interp(scaled, stops, [colour[channel] for _, colour in PALETTE]).round()
    rgba[density <= 0] = 0
    return rgba


def write(stem, process=None):
    """Writes {stem}.tif (COG), .png and .json for the current data version, once however many requests want them at
    the same moment; returns their paths by suffix."""
    version, modified = data_version()
    folder = storage.directory("rasters")
    paths = {suffix: storage.versioned_path(folder, stem, version, suffix) for suffix in SUFFIXES}
    if all(path.exists() for path in paths.values()):
        return paths
    with storage.writing(paths[".tif"]):
        if not all(path.exists() for path in paths.values()):
            _write(stem, process, version, modified, folder, paths)
    return paths


def _write(stem, process, version, modified, folder, paths):
    west, north, width, height = grid()
    density = smooth(counts(west, north, width, height, process)) * CELLS_PER_KM2
    temporaries = {suffix: storage.temporary_path(folder, suffix) for suffix in SUFFIXES}
    render(density, west, north, stem, version, modified, temporaries)
    for suffix in SUFFIXES:
        storage.publish(temporaries[suffix], paths[suffix])


def render(density, west, north, stem, version, modified, paths):
    """Writes the COG, the PNG overlay and the JSON sidecar of a density grid (contributions per km², its top left
    corner at west, north) to `paths` by suffix; nothing is left of them if one fails."""
    density = density.astype(np.float32)
    # Rounding noise of the convolution far from any contribution is not a density.
    density[density < 1e-6] = 0
    height, width = density.shape
    storage_crs = CRS.from_epsg(settings.STORAGE_SRID)
    transform = from_origin(west, north, CELL_M, CELL_M)
    try:
        with rasterio.open(
            paths[".tif"],
            "w",
            driver="COG",
            width=width,
            height=height,
            count=1,
            dtype="float32",
            crs=storage_crs,
            transform=transform,
            BLOCKSIZE=256,
            COMPRESS="DEFLATE",
            OVERVIEW_RESAMPLING="AVERAGE",
        ) as dataset:
            dataset.write(density, 1)
            dataset.update_tags(
                UNIT=UNIT,
                CELL_SIZE_M=CELL_M,
                KERNEL=f"gaussienne, sigma {SIGMA_M} m, tronquée à {3 * SIGMA_M} m",
                DATA_VERSION=version,
            )
            dataset.set_band_description(1, f"Densité de contributions publiques ({UNIT})")
        bounds = (west, north - height * CELL_M, west + width * CELL_M, north)
        mercator = CRS.from_epsg(WEB_MERCATOR)
        m_transform, m_width, m_height = calculate_default_transform(storage_crs, mercator, width, height, *bounds)
        warped = np.zeros((m_height, m_width), dtype=np.float32)
        reproject(
            density,
            warped,
            src_transform=transform,
            src_crs=storage_crs,
            dst_transform=m_transform,
            dst_crs=mercator,
            resampling=Resampling.bilinear,
        )
        maximum = float(density.max())
        Image.fromarray(colourize(warped, maximum), "RGBA").save(paths[".png"], optimize=True)
        m_bounds = rasterio.transform.array_bounds(m_height, m_width, m_transform)
        lon_west, lat_south, lon_east, lat_north = transform_bounds(mercator, CRS.from_epsg(4326), *m_bounds)
        sidecar = {
            "image": f"{stem}.png",
            "crs": f"EPSG:{WEB_MERCATOR}",
            "bounds": [[lat_south, lon_west], [lat_north, lon_east]],
            "unit": UNIT,
            "max": maximum,
            "cell_size_m": CELL_M,
            "kernel_sigma_m": SIGMA_M,
            "data_version": version,
            "modified": modified.isoformat(),
            "legend": [
                {"value": maximum * stop**2, "color": "#{:02x}{:02x}{:02x}".format(*c[:3])} for stop, c in PALETTE
            ],
        }
        paths[".json"].write_text(json.dumps(sidecar, ensure_ascii=False, indent=2))
    except BaseException:
        for path in paths.values():
            path.unlink(missing_ok=True)
        raise


def stem_for(process=None):
    return f"density-{process}" if process else "density"
