import json
import math

import pytest
from rest_framework.test import APIClient

from geoparticipation.participation.models import Annotation

from ..factories import GRAND_PLACE_LILLE

pytestmark = pytest.mark.django_db
URL = "/api/v1/annotations/"


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


def square(lon, lat, half=0.001):
    return [
        [
            [lon - half, lat - half],
            [lon + half, lat - half],
            [lon + half, lat + half],
            [lon - half, lat + half],
            [lon - half, lat - half],
        ]
    ]


def circle(lon, lat, vertices):
    ring = [
        [lon + 0.01 * math.cos(2 * math.pi * i / vertices), lat + 0.01 * math.sin(2 * math.pi * i / vertices)]
        for i in range(vertices)
    ]
    return [ring + [ring[0]]]


def annotation(geometry, **properties):
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"process": "plan-climat", "kind": "probleme", "comment": "Trottoir trop étroit"} | properties,
    }


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": list(GRAND_PLACE_LILLE)},
        {"type": "LineString", "coordinates": [[3.060, 50.636], [3.066, 50.638]]},
        {"type": "Polygon", "coordinates": square(*GRAND_PLACE_LILLE)},
    ],
)
def test_a_point_a_line_or_an_area_can_be_drawn(api, process, geometry):
    response = api.post(URL, annotation(geometry), format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["geometry"]["type"] == geometry["type"]
    assert created["properties"]["commune_insee"] == "59350"


def test_a_self_intersecting_area_is_refused_with_a_message(api, process):
    x, y = GRAND_PLACE_LILLE
    bowtie = [[[x, y], [x + 0.001, y + 0.001], [x + 0.001, y], [x, y + 0.001], [x, y]]]
    response = api.post(URL, annotation({"type": "Polygon", "coordinates": bowtie}), format="json")
    assert response.status_code == 400
    assert "invalide" in response.json()["geometry"][0]
    assert not Annotation.objects.exists()


def test_an_area_over_10000_vertices_is_refused(api, process):
    response = api.post(
        URL, annotation({"type": "Polygon", "coordinates": circle(*GRAND_PLACE_LILLE, 10_001)}), format="json"
    )
    assert response.status_code == 400
    assert "10000" in response.json()["geometry"][0]


def test_an_area_of_a_million_vertices_is_refused_before_parsing(api, process):
    body = json.dumps(annotation({"type": "Polygon", "coordinates": circle(*GRAND_PLACE_LILLE, 1_000_000)}))
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 413, response.content[:300]
    assert "trop volumineuse" in response.json()["detail"]
    assert not Annotation.objects.exists()


def test_an_unknown_kind_is_refused(api, process):
    response = api.post(
        URL, annotation({"type": "Point", "coordinates": list(GRAND_PLACE_LILLE)}, kind="graffiti"), format="json"
    )
    assert response.status_code == 400
    assert "kind" in response.json()


def test_a_multipolygon_is_not_an_annotation(api, process):
    geometry = {"type": "MultiPolygon", "coordinates": [square(*GRAND_PLACE_LILLE)]}
    response = api.post(URL, annotation(geometry), format="json")
    assert response.status_code == 400
    assert "MultiPolygon" in response.json()["geometry"][0]
