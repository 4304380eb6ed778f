import io
import json

import numpy as np
import pytest
import rasterio
from PIL import Image
from rasterio.warp import transform

from opendata import density

from ..factories import GRAND_PLACE_LILLE

# Database access for the package's committed data; each test also runs in a transaction rolled back after it.
pytestmark = pytest.mark.django_db

FAR_FROM_EVERY_CONTRIBUTION = (2.90, 50.70)
# Where only the proposal of the private concertation lies.
PRIVATE_PROPOSAL = (3.09, 50.65)


@pytest.fixture
def geotiff(opendata):
    response = opendata.get("/opendata/rasters/density.tif")
    assert response.status_code == 200 and response["Content-Type"] == "image/tiff"
    with rasterio.MemoryFile(response.body) as memory, memory.open() as dataset:
        yield dataset


def value_at(dataset, lon, lat):
    (x,), (y,) = transform("EPSG:4326", dataset.crs, [lon], [lat])
    row, col = dataset.index(x, y)
    return float(dataset.read(1)[row, col])


def test_the_density_is_a_cloud_optimized_geotiff_in_lambert93_with_100_m_cells(geotiff):
    assert geotiff.crs.to_epsg() == 2154
    assert (geotiff.transform.a, geotiff.transform.e) == (density.CELL_M, -density.CELL_M)
    assert geotiff.profile["tiled"] and geotiff.block_shapes[0] == (256, 256)
    assert geotiff.overviews(1)
    assert geotiff.tags(ns="IMAGE_STRUCTURE")["LAYOUT"] == "COG"


def test_the_density_is_positive_where_contributions_are_and_zero_far_from_them(geotiff):
    assert value_at(geotiff, *GRAND_PLACE_LILLE) > 0
    assert value_at(geotiff, *FAR_FROM_EVERY_CONTRIBUTION) == 0
    assert value_at(geotiff, *PRIVATE_PROPOSAL) == 0


def test_the_density_adds_up_to_the_public_contributions(opendata, geotiff):
    per_cell = geotiff.read(1).astype(np.float64) / density.CELLS_PER_KM2
    assert per_cell.sum() == pytest.approx(opendata.counts["proposals"] + opendata.counts["annotations"], rel=1e-4)


def test_a_concertation_has_its_own_density_and_a_private_one_has_none(opendata, geotiff):
    response = opendata.get("/opendata/rasters/density-plan-climat.tif")
    with rasterio.MemoryFile(response.body) as memory, memory.open() as dataset:
        assert np.array_equal(dataset.read(1), geotiff.read(1))
    assert opendata.get("/opendata/rasters/density-prive.tif").status_code == 404


def test_the_png_overlay_is_transparent_where_the_density_is_zero_and_placed_by_its_lonlat_bounds(opendata):
    image = Image.open(io.BytesIO(opendata.get("/opendata/rasters/density.png").body))
    assert image.mode == "RGBA"
    alpha = np.asarray(image)[..., 3]
    assert alpha[0, 0] == 0 and alpha.max() > 0
    sidecar = json.loads(opendata.get("/opendata/rasters/density.json").body)
    (south, west), (north, east) = sidecar["bounds"]
    lon, lat = GRAND_PLACE_LILLE
    assert west < lon < east and south < lat < north
    # Web Mercator rows: the Grand-Place pixel is painted.
    column = round((lon - west) / (east - west) * image.width)
    y = np.log(np.tan(np.pi / 4 + np.radians([north, lat, south]) / 2))
    row = round((y[0] - y[1]) / (y[0] - y[2]) * image.height)
    assert alpha[row, column] > 0


def test_the_rasters_follow_the_data_version(opendata):
    opendata.get("/opendata/rasters/density.png")
    names = sorted(p.name for p in (opendata.root / "rasters").glob("density~v*"))
    assert [name.partition(".")[2] for name in names] == ["json", "png", "tif"]
