"""Last-Modified on the DCAT-AP catalogue: the later of the data's last change and the snapshots'."""

import os

import pytest
from django.utils.http import http_date, parse_http_date

from opendata import snapshots

pytestmark = pytest.mark.django_db
CATALOG = "/opendata/catalog.jsonld"


def conditional_get(opendata, **headers):
    with opendata.blocker.unblock():
        return opendata.client.get(CATALOG, **headers)


def test_the_catalogue_answers_304_to_if_modified_since_its_last_modified(opendata):
    first = opendata.get(CATALOG)
    assert first.status_code == 200
    assert conditional_get(opendata, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 60)
    assert conditional_get(opendata, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_snapshot_written_or_removed_moves_the_catalogue_s_last_modified(opendata):
    first = opendata.get(CATALOG)
    folder = snapshots.folder()
    was = folder.stat()
    later = parse_http_date(first["Last-Modified"]) + 3600
    os.utime(folder, (later, later))
    try:
        moved = conditional_get(opendata, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    finally:
        os.utime(folder, ns=(was.st_atime_ns, was.st_mtime_ns))
    assert moved.status_code == 200
    assert moved["Last-Modified"] == http_date(later)
