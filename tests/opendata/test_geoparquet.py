import json

import geopandas
import geoparquet_validator
import pyarrow.parquet as pq
import pytest
from django.test import override_settings
from shapely.geometry import Point

from layers import registry
from opendata import exports, geoparquet

from ..factories import GRAND_PLACE_LILLE
from ..layers.conftest import SECRET
from .test_downloads import LAYER_IDS, url

pytestmark = pytest.mark.django_db


def download(opendata, downloads_folder, layer_id, srid, **query):
    return opendata.download(url(layer_id, "parquet", srid, **query), downloads_folder)


@pytest.mark.parametrize("srid", [4326, 2154])
@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_every_layer_is_a_valid_geoparquet_1_1_file_with_its_bbox_covering(opendata, downloads_folder, layer_id, srid):
    report = geoparquet_validator.check(str(download(opendata, downloads_folder, layer_id, srid)))
    assert report["version"] == "1.1.0"
    assert geoparquet_validator.failed(report) == []
    passed = {outcome["id"] for outcome in report["outcomes"] if outcome["status"] == "pass"}
    assert {"/conf/core/crs-projjson", "/conf/core/wkb", "/conf/covering/bbox-column-structure"} <= passed


@pytest.mark.parametrize("srid", [4326, 2154])
@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_geopandas_reads_as_many_features_as_the_geojson_in_the_crs_asked(opendata, downloads_folder, layer_id, srid):
    frame = geopandas.read_parquet(download(opendata, downloads_folder, layer_id, srid))
    geojson = json.loads(opendata.download(url(layer_id, "geojson", srid), downloads_folder).read_bytes())
    assert len(frame) == len(geojson["features"]) == opendata.counts[layer_id]
    if srid == 4326:
        # GeoParquet's coordinates are always longitude first: WGS 84 is stated as OGC:CRS84.
        assert frame.crs.equals("OGC:CRS84")
    else:
        assert frame.crs.to_epsg() == 2154
    # geopandas leaves out the bbox covering column, which only serves to filter.
    assert list(frame.columns) == [*registry.get(layer_id).columns, "geometry"]


def test_a_proposal_keeps_its_place_commune_and_types(opendata, downloads_folder):
    path = download(opendata, downloads_folder, "proposals", 4326)
    frame = geopandas.read_parquet(path)
    assert set(frame.geom_type) == {"Point"}
    proposal = frame.set_index("title").loc["Proposition 0"]
    assert proposal.geometry.distance(Point(GRAND_PLACE_LILLE)) < 1e-6
    assert proposal.commune_insee == "59350"
    boxes = dict(zip(frame["id"], pq.read_table(path, columns=["bbox"])["bbox"].to_pylist(), strict=True))
    lon, lat = GRAND_PLACE_LILLE
    assert boxes[proposal.id] == pytest.approx({"xmin": lon, "ymin": lat, "xmax": lon, "ymax": lat})
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert frame["supports_count"].dtype.kind == "i"


def test_the_mixed_annotations_file_declares_and_holds_points_lines_and_polygons(opendata, downloads_folder):
    path = download(opendata, downloads_folder, "annotations", 2154)
    frame = geopandas.read_parquet(path)
    assert sorted(frame.geom_type) == ["LineString", "Point", "Polygon"]
    geo = json.loads(pq.read_schema(path).metadata[b"geo"])
    assert geo["columns"]["geometry"]["geometry_types"] == ["LineString", "Point", "Polygon"]


def test_the_communes_are_multipolygons(opendata, downloads_folder):
    frame = geopandas.read_parquet(download(opendata, downloads_folder, "communes", 4326))
    assert set(frame.geom_type) == {"MultiPolygon"} and len(frame) == 95


def test_a_concertation_extract_holds_its_contributions_only(opendata, downloads_folder):
    frame = geopandas.read_parquet(download(opendata, downloads_folder, "proposals", 4326, process="plan-climat"))
    assert set(frame["process"]) == {"plan-climat"} and len(frame) == opendata.counts["proposals"]
    assert opendata.get("/opendata/proposals.parquet?process=prive").status_code == 400


def test_no_geoparquet_file_holds_content_that_is_not_public(opendata, downloads_folder):
    for layer_id in LAYER_IDS:
        frame = geopandas.read_parquet(download(opendata, downloads_folder, layer_id, 4326))
        text = frame.drop(columns="geometry").astype(str).to_string()
        assert SECRET not in text and "@example.org" not in text, layer_id


def test_the_file_is_served_as_parquet_with_its_filename(opendata):
    response = opendata.get("/opendata/proposals.parquet?crs=2154")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.apache.parquet"
    assert response["Content-Disposition"] == 'attachment; filename="proposals-lambert93.parquet"'
    assert response.body.startswith(b"PAR1")
    assert opendata.get("/opendata/proposals.parquet?crs=3857").status_code == 400


def test_a_large_layer_is_written_in_row_groups_of_bounded_size_each_over_a_small_area(opendata, monkeypatch, tmp_path):
    monkeypatch.setattr(geoparquet, "FETCH_ROWS", 2)
    monkeypatch.setattr(geoparquet, "ROW_GROUP_ROWS", 4)
    with opendata.blocker.unblock(), override_settings(OPENDATA_ROOT=tmp_path):
        path = exports.export(registry.get("proposals"), "parquet", 4326)
    metadata = pq.ParquetFile(path).metadata
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sum(sizes) == opendata.counts["proposals"]
    assert len(sizes) > 1 and max(sizes) == 4
    assert len(set(geopandas.read_parquet(path)["id"])) == opendata.counts["proposals"]
    report = geoparquet_validator.check(str(path))
    [spatial_order] = [outcome for outcome in report["outcomes"] if outcome["id"] == "/conf/distribution/spatial-order"]
    assert spatial_order["status"] == "pass", spatial_order


def test_the_catalogue_offers_geoparquet_in_both_crs(opendata):
    page = opendata.get("/opendata/").body.decode()
    assert 'href="/opendata/proposals.parquet" type="application/vnd.apache.parquet"' in page
    assert 'href="/opendata/proposals.parquet?crs=2154"' in page
