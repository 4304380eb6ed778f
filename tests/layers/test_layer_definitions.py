from collections import Counter

import pytest

from geoparticipation.participation.models import Annotation, Meeting, Proposal
from layers import definitions
from layers.registry import all_layers


@pytest.mark.parametrize(
    ("layer", "model"),
    [(definitions.proposals, Proposal), (definitions.annotations, Annotation), (definitions.meetings, Meeting)],
)
def test_a_layer_publishes_exactly_the_rows_the_site_shows(published, layer, model):
    assert set(layer.queryset().values_list("pk", flat=True)) == set(
        model.objects.public().values_list("pk", flat=True)
    )


def test_the_per_type_annotation_layers_partition_the_annotations(published):
    everything = set(definitions.annotations.queryset().values_list("pk", flat=True))
    parts = [set(layer.queryset().values_list("pk", flat=True)) for layer in all_layers() if layer.split_of]
    assert len(parts) == 3
    assert set().union(*parts) == everything
    assert sum(len(part) for part in parts) == len(everything)


def test_the_kept_commune_counts_equal_a_recount(published):
    expected = Counter(Proposal.objects.public().values_list("commune__insee", flat=True))
    counts = dict(definitions.communes.queryset().filter(proposals_count__gt=0).values_list("insee", "proposals_count"))
    assert counts == dict(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("layer", all_layers(), ids=lambda layer: layer.id)
def test_the_declared_columns_are_the_columns_of_the_view_in_order(layer):
    view_columns = [f.column for f in layer.model._meta.concrete_fields if f.column != "geom"]
    assert list(layer.columns) == view_columns
    layer.queryset().first()
