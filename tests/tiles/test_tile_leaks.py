import mapbox_vector_tile
import pytest

from geoparticipation.debates.models import Argument, Debate
from geoparticipation.participation.models import Annotation, Meeting, Proposal
from layers.registry import all_layers

from .conftest import SECRET_MARK, features, tile_of

pytestmark = pytest.mark.django_db

MODELS = {"proposals": Proposal, "meetings": Meeting, "debates": Debate, "debate_arguments": Argument}


def private_places(layer_id, ids):
    model = MODELS.get(layer_id, Annotation)
    places = []
    for row in model.objects.filter(pk__in=ids):
        centre = row.geom.point_on_surface.transform(4326, clone=True)
        places.append((centre.x, centre.y))
    return places


def published_places(published):
    return [proposal.geom.transform(4326, clone=True).coords for proposal in published.public_proposals]


def test_hidden_unpublished_and_private_content_appears_in_no_tile_at_any_zoom(client, published):
    for layer in all_layers():
        private_ids = published.private_ids.get(layer.id, set())
        tiles = {
            (z, *tile_of(lon, lat, z))
            for lon, lat in private_places(layer.id, private_ids)
            for z in range(layer.tiles.minzoom, layer.tiles.maxzoom + 1)
        }
        for z, x, y in tiles:
            response = client.get(f"/tiles/{layer.id}/{z}/{x}/{y}.pbf")
            assert SECRET_MARK not in response.content
            if response.status_code == 200:
                decoded = mapbox_vector_tile.decode(response.content)
                assert not {f.get("id") for f in decoded[layer.id]["features"]} & private_ids, (layer.id, z)


def test_low_zoom_counts_include_only_public_proposals(client, published):
    for z in range(0, 15):
        counted = sum(
            f["properties"]["count"]
            for x, y in {tile_of(lon, lat, z) for lon, lat in published_places(published)}
            for f in features(client, "proposals", z, x, y)
        )
        assert counted == len(published.public_proposals), z
