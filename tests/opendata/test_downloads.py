import concurrent.futures
import csv
import json
import re
import shutil
import subprocess
import time
import zipfile

import pyogrio
import pytest
from django.db import connection, connections
from django.http import FileResponse
from django.test import override_settings
from pyogrio.raw import read

from layers import registry
from opendata import catalog, exports
from opendata.formats import FORMATS

from ..factories import GRAND_PLACE_LILLE
from ..layers.conftest import SECRET

# Database access for the package's committed data; each test also runs in a transaction rolled back after it.
pytestmark = pytest.mark.django_db

LAYER_IDS = [layer.id for layer in registry.all_layers()]
# The formats GDAL writes, hence reads back; GeoParquet has its own tests (test_geoparquet.py).
OGR_FORMATS = [extension for extension, file_format in FORMATS.items() if file_format.driver]
EMAIL = re.compile(rb"[\w.%+-]+@[\w-]+\.[\w.-]+")
TEXT_SUFFIXES = (".geojson", ".csv", ".dbf", ".cpg", ".prj")


def url(layer_id, extension, srid, **query):
    if srid != 4326:
        query["crs"] = srid
    return f"/opendata/{layer_id}.{extension}" + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def read_columns(path, *names):
    """{column: values} of a file (pyogrio returns the columns in the file's order, not the order asked)."""
    meta, _, _, values = read(path, columns=list(names))
    return dict(zip(meta["fields"], values, strict=True))


def members(path):
    """(name, bytes) of a downloaded file, or of each file in a zip."""
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            return [(name, archive.read(name)) for name in archive.namelist()]
    return [(path.name, path.read_bytes())]


def dataset_layers(path):
    """(GDAL path, layer name) of each layer of a download, the shapefiles of a zip included."""
    source = f"/vsizip/{path}" if path.name.endswith(".zip") else str(path)
    return [(source, name) for name, _ in pyogrio.list_layers(source)]


@pytest.mark.parametrize("srid", [4326, 2154])
@pytest.mark.parametrize("extension", OGR_FORMATS)
@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_every_download_holds_exactly_the_public_features_in_the_crs_asked(
    opendata, downloads_folder, layer_id, extension, srid
):
    path = opendata.download(url(layer_id, extension, srid), downloads_folder)
    total = 0
    for source, name in dataset_layers(path):
        info = pyogrio.read_info(source, layer=name, force_feature_count=True)
        total += info["features"]
        if extension == "csv":
            # CSV carries no CRS: its coordinate columns say which one it is in.
            fields = list(info["fields"])
            x, y = ("longitude", "latitude") if srid == 4326 else ("x", "y")
            assert x in fields and y in fields and "WKT" in fields
        else:
            assert info["crs"] == f"EPSG:{srid}"
    assert total == opendata.counts[layer_id]


@pytest.mark.parametrize("extension", OGR_FORMATS)
@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_no_download_holds_an_email_address_or_content_that_is_not_public(
    opendata, downloads_folder, layer_id, extension
):
    for name, content in members(opendata.download(url(layer_id, extension, 4326), downloads_folder)):
        assert SECRET.encode() not in content, name
        assert b"example.org" not in content, name
        if name.endswith(TEXT_SUFFIXES):
            assert not EMAIL.search(content), name


def test_the_annotations_shapefile_zip_holds_one_shapefile_per_geometry_type(opendata, downloads_folder):
    path = opendata.download(url("annotations", "shp.zip", 2154), downloads_folder)
    names = set(zipfile.ZipFile(path).namelist())
    for part in ("annotations_points", "annotations_lines", "annotations_polygons"):
        assert {f"{part}.{suffix}" for suffix in ("shp", "shx", "dbf", "prj", "cpg")} <= names
        info = pyogrio.read_info(f"/vsizip/{path}/{part}.shp", force_feature_count=True)
        assert info["features"] == opendata.counts[part] == 1
        assert info["crs"] == "EPSG:2154"
        assert {"insee", "commune", "published"} <= set(info["fields"])
    assert zipfile.ZipFile(path).read("annotations_points.cpg").strip() == b"UTF-8"


def test_every_column_has_a_distinct_shapefile_name_of_at_most_10_characters():
    for layer in registry.all_layers():
        names = [layer.shapefile_name(column) for column in layer.columns]
        assert len(set(names)) == len(names), layer.id
        assert all(len(name) <= 10 for name in names), layer.id


def test_the_csv_gives_longitude_latitude_wkt_and_the_insee_code_of_each_proposal(opendata, downloads_folder):
    path = opendata.download(url("proposals", "csv", 4326), downloads_folder)
    columns = read_columns(path, "title", "longitude", "latitude", "commune_insee", "WKT")
    names = ("title", "longitude", "latitude", "commune_insee", "WKT")
    rows = {title: rest for title, *rest in zip(*(columns[name] for name in names), strict=True)}
    lon, lat, insee, wkt = rows["Proposition 0"]
    assert (float(lon), float(lat)) == pytest.approx(GRAND_PLACE_LILLE, abs=1e-6)
    assert insee == "59350"
    assert wkt.startswith("POINT (3.063")


def test_csv_dates_are_iso_8601_in_utc(opendata, downloads_folder):
    dated = {"proposals": "published_at", "meetings": "start_time", "annotations": "published_at"}
    for layer_id, column in dated.items():
        path = opendata.download(url(layer_id, "csv", 4326), downloads_folder)
        values = [row[column] for row in csv.DictReader(path.read_text().splitlines())]
        assert values and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value) for value in values), values


@pytest.mark.parametrize("srid", [4326, 2154])
@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_the_csvt_gives_one_type_per_column_of_the_csv_and_is_named_like_it(opendata, downloads_folder, layer_id, srid):
    csv_path = opendata.download(url(layer_id, "csv", srid), downloads_folder)
    response = opendata.get(url(layer_id, "csvt", srid))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    csv_name = csv_path.name.split("-", 1)[1]
    assert response["Content-Disposition"] == f'attachment; filename="{csv_name.removesuffix(".csv")}.csvt"'
    [header] = csv.reader(csv_path.read_text().splitlines()[:1])
    [types] = csv.reader(response.body.decode().splitlines())
    assert len(types) == len(header)


def test_ogr_reads_insee_codes_as_text_counts_as_integers_and_dates_as_dates_with_the_csvt(
    opendata, downloads_folder, tmp_path
):
    shutil.copy(opendata.download(url("proposals", "csv", 2154), downloads_folder), tmp_path / "proposals.csv")
    (tmp_path / "proposals.csvt").write_bytes(opendata.get(url("proposals", "csvt", 2154)).body)
    summary = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(tmp_path / "proposals.csv")], capture_output=True, text=True, timeout=60
    ).stdout
    assert "commune_insee: String" in summary
    assert "supports_count: Integer (0.0)" in summary
    assert "published_at: DateTime" in summary
    assert "x: Real" in summary
    dates = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-q", "-where", "title = 'Proposition 0'", str(tmp_path / "proposals.csv")],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert re.search(r"published_at \(DateTime\) = \d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\+00", dates), dates
    assert "commune_insee (String) = 59350" in dates


def test_the_catalogue_links_each_csv_to_its_csvt(opendata):
    page = opendata.get("/opendata/").body.decode()
    assert 'href="/opendata/proposals.csvt"' in page and 'href="/opendata/proposals.csvt?crs=2154"' in page


def test_the_column_dictionary_gives_the_names_ogr_wrote_in_the_shapefile(opendata, downloads_folder):
    page = opendata.get("/opendata/").body.decode()
    for layer in registry.all_layers():
        path = opendata.download(url(layer.id, "shp.zip", 4326), downloads_folder)
        written = set()
        for source, name in dataset_layers(path):
            written |= set(pyogrio.read_info(source, layer=name)["fields"])
        listed = {short for _, short, _ in catalog.column_set(layer).columns}
        assert written == listed, layer.id
        assert all(f"<td><code>{short}</code></td>" in page for short in listed), layer.id


@pytest.mark.parametrize("srid", [4326, 2154])
@pytest.mark.parametrize("layer_id", ["communes", "survey_answers"])
def test_communes_geojson_are_multipolygons_in_both_crs(opendata, downloads_folder, layer_id, srid):
    features = json.loads(opendata.download(url(layer_id, "geojson", srid), downloads_folder).read_bytes())["features"]
    assert features and {feature["geometry"]["type"] for feature in features} == {"MultiPolygon"}


def test_the_csv_places_lines_and_polygons_at_a_point_on_their_surface(opendata, downloads_folder):
    path = opendata.download(url("annotations_polygons", "csv", 2154), downloads_folder)
    columns = read_columns(path, "x", "y", "WKT")
    x, y, wkt = columns["x"], columns["y"], columns["WKT"]
    xs_ys = [tuple(map(float, pair.split())) for pair in wkt[0].removeprefix("POLYGON ((").rstrip(")").split(",")]
    assert min(p[0] for p in xs_ys) < float(x[0]) < max(p[0] for p in xs_ys)
    assert min(p[1] for p in xs_ys) < float(y[0]) < max(p[1] for p in xs_ys)


def test_a_concertation_extract_holds_the_contributions_of_that_concertation_only(opendata, downloads_folder):
    path = opendata.download(url("proposals", "gpkg", 4326, process="plan-climat"), downloads_folder)
    assert pyogrio.read_info(path, force_feature_count=True)["features"] == opendata.counts["proposals"]
    assert opendata.get("/opendata/proposals.gpkg?process=prive").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["crs=3857", "crs=EPSG:2154", "crs=", "format=csv", "process=inconnue", "process=prive", "process=plan-climat&x=1"],
)
@pytest.mark.parametrize("extension", ["geojson", "parquet", "csvt"])
def test_a_download_with_a_bad_parameter_is_refused_with_a_message(opendata, query, extension):
    response = opendata.get(f"/opendata/proposals.{extension}?{query}")
    assert response.status_code == 400
    assert response.body.decode().strip()


def test_the_communes_have_no_extract_per_concertation(opendata):
    for extension in ("csv", "csvt", "parquet"):
        assert opendata.get(f"/opendata/communes.{extension}?process=plan-climat").status_code == 400


def test_an_unknown_layer_or_format_is_not_found(opendata):
    assert opendata.get("/opendata/users.csv").status_code == 404
    assert opendata.get("/opendata/proposals.kml").status_code == 404


def test_a_download_is_streamed_from_a_file_with_a_filename_and_its_media_type(opendata):
    with opendata.blocker.unblock():
        response = opendata.client.get("/opendata/proposals.gpkg?crs=2154")
        assert isinstance(response, FileResponse) and response.streaming
        assert response["Content-Type"] == "application/geopackage+sqlite3"
        assert response["Content-Disposition"] == 'attachment; filename="proposals-lambert93.gpkg"'
        assert response["ETag"] and response["Last-Modified"]
        again = opendata.client.get("/opendata/proposals.gpkg?crs=2154", headers={"If-None-Match": response["ETag"]})
        response.close()
    assert again.status_code == 304


def test_the_cached_file_is_reused_until_the_data_version_changes(opendata):
    cache = opendata.root / "cache"
    opendata.get("/opendata/meetings.fgb")
    before = sorted(p.name for p in cache.glob("meetings-4326~v*.fgb"))
    opendata.get("/opendata/meetings.fgb")
    assert sorted(p.name for p in cache.glob("meetings-4326~v*.fgb")) == before and len(before) == 1
    with opendata.blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("UPDATE layers_data_version SET version = version + 1, modified = now()")
    opendata.get("/opendata/meetings.fgb")
    after = sorted(p.name for p in cache.glob("meetings-4326~v*.fgb"))
    assert len(after) == 1 and after != before


def test_simultaneous_downloads_of_a_file_not_yet_written_run_ogr2ogr_once(opendata, monkeypatch, tmp_path):
    runs = []
    ogr2ogr = exports._ogr2ogr

    def slow_ogr2ogr(*args, **kwargs):
        runs.append(args[:3])
        time.sleep(0.5)  # long enough for every request to arrive while the first writes
        return ogr2ogr(*args, **kwargs)

    monkeypatch.setattr(exports, "_ogr2ogr", slow_ogr2ogr)
    layer = registry.get("meetings")

    def download(_):
        try:
            return exports.export(layer, "gpkg", 4326)
        finally:
            connections.close_all()

    with override_settings(OPENDATA_ROOT=tmp_path), concurrent.futures.ThreadPoolExecutor(6) as pool:
        paths = set(pool.map(download, range(6)))
    assert len(runs) == 1
    assert len(paths) == 1 and pyogrio.read_info(paths.pop(), force_feature_count=True)["features"] == 1
