"""Downloads in EPSG:3950 (CC50), EPSG:4258 (ETRS89) and EPSG:3035 (ETRS89-LAEA Europe), read back with pyogrio."""

import geopandas
import pyogrio
import pyproj
import pytest
import shapely
from pyogrio.raw import read

from opendata.formats import FORMATS

from ..factories import GRAND_PLACE_LILLE
from .test_downloads import dataset_layers, url

pytestmark = pytest.mark.django_db

NEW_SRIDS = (3950, 4258, 3035)
SUFFIXES = {3950: "cc50", 4258: "etrs89", 3035: "laea"}


def grand_place(srid):
    return pyproj.Transformer.from_crs(4326, srid, always_xy=True).transform(*GRAND_PLACE_LILLE)


def tolerance(srid):
    """1e-6 degree (the files' precision), or 1 cm."""
    return 1e-6 if srid == 4258 else 0.01


@pytest.mark.parametrize("srid", NEW_SRIDS)
@pytest.mark.parametrize("extension", [extension for extension, f in FORMATS.items() if f.driver])
def test_each_format_in_each_new_crs_is_read_back_in_that_crs_with_the_grand_place_where_pyproj_puts_it(
    opendata, downloads_folder, extension, srid
):
    path = opendata.download(url("proposals", extension, srid), downloads_folder)

    ((source, name),) = dataset_layers(path)
    info = pyogrio.read_info(source, layer=name, force_feature_count=True)
    assert info["features"] == opendata.counts["proposals"]
    meta, _, geometries, values = read(source, layer=name)
    columns = dict(zip(meta["fields"], values, strict=True))
    row = list(columns["title"]).index("Proposition 0")
    if extension == "csv":
        # CSV carries no CRS: its coordinate columns say which one it is in.
        x, y = ("longitude", "latitude") if srid == 4258 else ("x", "y")
        point = (float(columns[x][row]), float(columns[y][row]))
        assert shapely.from_wkt(columns["WKT"][row]).coords[0] == pytest.approx(point, abs=tolerance(srid))
    else:
        assert info["crs"] == meta["crs"] == f"EPSG:{srid}"
        point = shapely.from_wkb(geometries[row]).coords[0]
    assert point == pytest.approx(grand_place(srid), abs=tolerance(srid))


@pytest.mark.parametrize("srid", NEW_SRIDS)
def test_geoparquet_in_each_new_crs_is_read_back_in_that_crs_with_the_grand_place_where_pyproj_puts_it(
    opendata, downloads_folder, srid
):
    frame = geopandas.read_parquet(opendata.download(url("proposals", "parquet", srid), downloads_folder))

    assert len(frame) == opendata.counts["proposals"]
    assert frame.crs.to_epsg() == srid
    [point] = frame.loc[frame["title"] == "Proposition 0", "geometry"]
    assert point.coords[0] == pytest.approx(grand_place(srid), abs=tolerance(srid))


@pytest.mark.parametrize("srid", NEW_SRIDS)
def test_the_file_name_says_the_crs(opendata, srid):
    response = opendata.get(url("communes", "gpkg", srid))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="communes-{SUFFIXES[srid]}.gpkg"'


def test_a_crs_that_is_not_offered_is_refused_with_the_list_of_those_that_are(opendata):
    response = opendata.get("/opendata/proposals.geojson?crs=3949")

    assert response.status_code == 400
    for code in ("4326", "2154", "3950", "4258", "3035"):
        assert code in response.body.decode()


def test_the_catalogue_offers_every_format_in_each_new_crs(opendata):
    page = opendata.get("/opendata/").body.decode()
    for srid in NEW_SRIDS:
        assert f"?crs={srid}" in page
        for extension in FORMATS:
            assert f'href="/opendata/proposals.{extension}?crs={srid}"' in page
    assert "ETRS89-LAEA Europe (EPSG:3035)" in page
