"""The commune outlines every web map downloads: simplified, still a partition of the territory, cached."""

import gzip
import json

import numpy as np
import pyproj
import pytest
import shapely
from django.conf import settings
from django.urls import reverse

from geoparticipation.territory.models import Commune, Outlines

URL = reverse("web:commune_outlines")
_to_storage = pyproj.Transformer.from_crs(settings.API_SRID, settings.STORAGE_SRID, always_xy=True)


def in_metres(geometry):
    return shapely.transform(geometry, lambda xy: np.column_stack(_to_storage.transform(xy[:, 0], xy[:, 1])))


def outlines(client):
    response = client.get(URL)
    assert response.status_code == 200
    return {
        f["id"]: (f["properties"]["nom"], in_metres(shapely.geometry.shape(f["geometry"])))
        for f in json.loads(response.content)["features"]
    }


@pytest.fixture
def boundaries(db):
    return {c.insee: shapely.from_wkb(bytes(c.geom.wkb)) for c in Commune.objects.all()}


def test_the_outlines_are_a_few_tens_of_kilobytes_gzipped_and_cached(client, db):
    response = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 50_000
    assert len(gzip.decompress(response.content)) < 200_000
    assert "max-age" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]

    again = client.get(URL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_client_without_gzip_gets_the_plain_document(client, db):
    response = client.get(URL)

    assert "Content-Encoding" not in response
    assert json.loads(response.content)["type"] == "FeatureCollection"


def test_every_commune_is_there_valid_and_close_to_its_boundary(client, boundaries):
    simplified = outlines(client)

    assert simplified.keys() == boundaries.keys() and len(simplified) == 95
    for insee, (_, outline) in simplified.items():
        boundary = boundaries[insee]
        assert outline.is_valid
        # On average within 10 m of the full boundary, and nowhere farther than a few street widths.
        assert outline.symmetric_difference(boundary).area < 10 * boundary.length
        assert shapely.hausdorff_distance(outline, boundary) < 60


def test_neighbours_still_share_their_border_without_gap_or_overlap(client, boundaries):
    simplified = [outline for _, outline in outlines(client).values()]
    union = shapely.union_all(simplified)

    holes = [shapely.Polygon(ring).area for polygon in getattr(union, "geoms", [union]) for ring in polygon.interiors]
    assert max(holes, default=0) < 5  # m²
    overlaps = sum(outline.area for outline in simplified) - union.area
    assert overlaps < 100  # m², over a territory of 650 km²
    assert abs(union.area - shapely.union_all(list(boundaries.values())).area) < 0.002 * union.area


def test_a_commune_renamed_gets_new_outlines_with_a_new_etag(client, db):
    before = client.get(URL)
    commune = Commune.objects.get(insee="59350")

    commune.population += 1
    commune.save(update_fields=["population"])
    assert client.get(URL, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    Commune.objects.filter(pk=commune.pk).update(nom="Lille-Centre")
    assert not Outlines.objects.exists()
    after = client.get(URL, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert {"nom": "Lille-Centre"} in [f["properties"] for f in json.loads(after.content)["features"]]
