import datetime
import json

import pyogrio
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from opendata import snapshots

# Database access for the package's committed data; each test also runs in a transaction rolled back after it.
pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(opendata):
    def run(*args):
        with opendata.blocker.unblock():
            call_command("publish_opendata", *args, "--base-url", "https://participation.example.fr")
        return opendata.root / "snapshots" / timezone.localdate().isoformat()

    return run


def test_publish_opendata_writes_a_dated_snapshot_of_every_layer_the_rasters_and_the_catalogue(opendata, publish):
    folder = publish()
    names = {path.name for path in folder.iterdir()}
    assert {"proposals.gpkg", "proposals.csv", "annotations.gpkg", "communes.csv", "meetings.gpkg"} <= names
    assert {"density.tif", "density.png", "density.json", "density-plan-climat.tif"} <= names
    assert {"catalog.jsonld", "manifest.json"} <= names
    info = pyogrio.read_info(folder / "proposals.gpkg", force_feature_count=True)
    assert info["features"] == opendata.counts["proposals"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["files"]) == names - {"manifest.json"}
    catalog = json.loads((folder / "catalog.jsonld").read_text())
    assert catalog["@id"] == "https://participation.example.fr/opendata/"


def test_a_second_publication_the_same_day_keeps_the_snapshot(publish):
    manifest = publish() / "manifest.json"
    written = manifest.read_text()
    assert publish() / "manifest.json" == manifest
    assert manifest.read_text() == written


def test_the_snapshots_are_listed_on_the_catalogue_and_served_by_date(opendata, publish):
    day = publish().name
    page = opendata.get("/opendata/").body.decode()
    assert f"/opendata/snapshots/{day}/proposals.gpkg" in page
    response = opendata.get(f"/opendata/snapshots/{day}/proposals.gpkg")
    assert response.status_code == 200 and response.body.startswith(b"SQLite format 3")
    assert opendata.get(f"/opendata/snapshots/{day}/absent.gpkg").status_code == 404
    assert opendata.get("/opendata/snapshots/1999-01-01/proposals.gpkg").status_code == 404


def test_snapshots_older_than_the_retention_period_are_deleted(opendata, publish):
    old = opendata.root / "snapshots" / (timezone.localdate() - datetime.timedelta(days=40)).isoformat()
    old.mkdir(parents=True)
    (old / snapshots.MANIFEST).write_text("{}")
    with override_settings(OPENDATA_SNAPSHOT_DAYS=30):
        publish()
    assert not old.exists()
    assert (opendata.root / "snapshots" / timezone.localdate().isoformat()).exists()


def test_every_snapshot_csv_has_its_csvt_beside_it(opendata, publish):
    folder = publish()
    csvs = sorted(path.stem for path in folder.glob("*.csv"))
    assert csvs and sorted(path.stem for path in folder.glob("*.csvt")) == csvs
    response = opendata.get(f"/opendata/snapshots/{folder.name}/proposals.csvt")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert b'"String"' in response.body
