"""What a published layer is: rows and columns (a view and its model), plus the words that describe them."""

from dataclasses import dataclass, field

LICENCE = "Licence Ouverte / Etalab 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


@dataclass(frozen=True, eq=False)
class Layer:
    id: str
    title: str
    abstract: str
    model: type
    geometry_type: str
    columns: dict[str, str]
    keywords: tuple[str, ...] = ()
    attribution: str = "© Métropole Européenne de Lille, contributions des participants"
    datetime_column: str | None = None
    split_of: str | None = None
    parts: tuple[str, ...] = field(default=())

    @property
    def table(self):
        return self.model._meta.db_table

    @property
    def id_column(self):
        return self.model._meta.pk.column

    def queryset(self):
        return self.model.objects.all()


_LAYERS: dict[str, Layer] = {}


def register(layer: Layer) -> Layer:
    _LAYERS[layer.id] = layer
    return layer


def get(layer_id: str) -> Layer | None:
    return _LAYERS.get(layer_id)


def all_layers() -> list[Layer]:
    return list(_LAYERS.values())
