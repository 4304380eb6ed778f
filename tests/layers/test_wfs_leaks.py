"""The leak matrix for WFS: hidden, unpublished and private content, and e-mail addresses, appear nowhere."""

import json

import pytest

from geoparticipation.participation.models import Proposal

from .conftest import SECRET
from .test_wfs import FORMATS, GET_FEATURE_BY_ID, feature_ids, get_feature, wfs

CONTRIBUTION_LAYERS = (
    "proposals",
    "meetings",
    "annotations",
    "annotations_points",
    "annotations_lines",
    "annotations_polygons",
    "debates",
    "debate_arguments",
)


@pytest.mark.parametrize("layer", CONTRIBUTION_LAYERS)
def test_no_output_of_a_layer_shows_hidden_unpublished_or_private_content(published, client, layer):
    for output_format in FORMATS:
        response, text = get_feature(client, layer, OUTPUTFORMAT=output_format)

        assert response.status_code == 200
        ids = feature_ids(text, output_format)
        assert ids, f"{layer} as {output_format} should publish something"
        assert not set(ids) & published.private_ids[layer]
        assert SECRET not in text
        assert "@" not in text

        for pk in published.private_ids[layer]:
            response, text = wfs(
                client,
                REQUEST="GetFeature",
                STOREDQUERY_ID=GET_FEATURE_BY_ID,
                ID=f"{layer}.{pk}",
                OUTPUTFORMAT=output_format,
            )
            # GML answers a missing feature with a 404; GeoJSON and CSV with an empty collection.
            assert response.status_code == 404 or not feature_ids(text, output_format)
            assert SECRET not in text


def test_the_communes_layer_counts_only_public_contributions(published, client):
    for output_format in FORMATS:
        response, text = get_feature(client, "communes", OUTPUTFORMAT=output_format)

        assert response.status_code == 200
        assert SECRET not in text
        assert "@" not in text

    _, text = get_feature(client, "communes", OUTPUTFORMAT="geojson")
    counts = [feature["properties"]["proposals_count"] for feature in json.loads(text)["features"]]
    assert len(counts) == 95
    assert sum(counts) == Proposal.objects.public().count() == 30
