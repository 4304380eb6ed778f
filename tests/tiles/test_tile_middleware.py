"""A tile skips the site's middleware (tiles/middleware.py): what a map and a cache in front of it notice."""

import pytest

from ..factories import GRAND_PLACE_LILLE
from .conftest import tile_of

pytestmark = pytest.mark.django_db


def test_a_tile_keeps_its_length_cors_and_security_headers(client, published):
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)

    response = client.get(f"/tiles/proposals/15/{x}/{y}.pbf", HTTP_ORIGIN="https://carte.example.org")

    assert response.status_code == 200
    assert response["Content-Length"] == str(len(response.content))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_tile_is_the_same_in_every_language_so_caches_keep_one_copy(client, published):
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)
    path = f"/tiles/proposals/15/{x}/{y}.pbf"

    french = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert french.content == english.content
    assert french["ETag"] == english["ETag"]
    assert "Accept-Language" not in french.get("Vary", "")


def test_the_tilejson_still_says_its_language(client, published):
    response = client.get("/tiles/proposals.json")

    assert response["Content-Language"] == "fr"
