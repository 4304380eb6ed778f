"""How each published layer is cut into tiles: zoom range, low-zoom aggregation and the columns a tile carries."""

from dataclasses import dataclass

from django.db import models

from layers.registry import Layer
from layers.registry import get as get_layer

# Contributions are dense: at 1,000,000 a z12 tile over Lille holds 130,000 proposals (30 MB with every column).
# Up to z14 they are counted on a grid. From z15 a tile over the centre of Lille holds about 3,000 of them
# (260 kB with the columns below, 670 kB with every short column), and a few hundred at z17.
CONTRIBUTIONS = {"minzoom": 0, "maxzoom": 18, "aggregate_below": 15}
SETTINGS = {
    # What a map needs to style, label and filter a point; the rest of a proposal is one request away, at
    # /ogc/collections/proposals/items/{id}.
    "proposals": {
        **CONTRIBUTIONS,
        "fields": ("id", "process", "title", "theme", "state", "supports_count", "comments_count", "commune_insee"),
    },
    "annotations": {**CONTRIBUTIONS, "fields": ("id", "process", "kind", "commune_insee")},
    "communes": {"minzoom": 0, "maxzoom": 14},
}
# Layers whose cached tiles go stale only where their contributions changed (layers/sql/30_tiles.sql); the
# others (aggregates per commune) with any change.
DIRTY_KINDS = {"proposals": "proposals", "annotations": "annotations", "meetings": "meetings"}


@dataclass(frozen=True)
class Tileset:
    layer: Layer
    minzoom: int = 0
    maxzoom: int = 18
    # Zooms below this one are aggregated on a grid; None: never.
    aggregate_below: int | None = None
    # None: every published column but long text (TextField), which would weigh more than the geometry.
    fields: tuple[str, ...] | None = None

    @property
    def id(self) -> str:
        return self.layer.id

    @property
    def properties(self) -> list[str]:
        """The published columns that full-detail tiles carry, in the layer's order."""
        if self.fields is not None:
            return [name for name in self.layer.columns if name in self.fields]
        return [
            name
            for name in self.layer.columns
            if not isinstance(self.layer.model._meta.get_field(name), models.TextField)
        ]

    @property
    def dirty_kind(self) -> str | None:
        return DIRTY_KINDS.get(self.layer.split_of or self.layer.id)

    def aggregates(self, z: int) -> bool:
        return self.aggregate_below is not None and z < self.aggregate_below


def get(layer_id: str) -> Tileset | None:
    """The tileset of a published layer; the parts of a split layer are cut like the whole."""
    layer = get_layer(layer_id)
    if layer is None:
        return None
    return Tileset(layer, **SETTINGS.get(layer.split_of or layer.id, {}))
