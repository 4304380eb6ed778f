"""What a published layer is: rows and columns (a view and its model), the words that describe them, and how the
feeds cut, name and style them. A declaration that contradicts itself fails when it is built, at import."""

from dataclasses import dataclass, field

from django.db import models

LICENCE = "Licence Ouverte / Etalab 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# dBase field names hold 10 characters; GDAL would cut longer ones, and two columns could then collide.
SHAPEFILE_NAME_LENGTH = 10


@dataclass(frozen=True)
class Tiles:
    """How the layer is cut into vector tiles (tiles/)."""

    minzoom: int = 0
    maxzoom: int = 18
    # Zooms below this one are aggregated on a grid; None: never.
    aggregate_below: int | None = None
    # None: every published column but long text (TextField), which would weigh more than the geometry.
    fields: tuple[str, ...] | None = None
    # The contributions whose changes make stale only the tiles around them (tiles_dirty, tiles/sql/post_tiles.sql);
    # None: any change makes every tile of the layer stale.
    dirty_kind: str | None = None

    def aggregates(self, z: int) -> bool:
        return self.aggregate_below is not None and z < self.aggregate_below


@dataclass(frozen=True)
class SingleSymbol:
    """Every feature drawn alike (colours are "r,g,b")."""

    colour: str = "106,61,154"


@dataclass(frozen=True, eq=False)
class Categorized:
    """One colour per value of a column. The values and their labels are the choices of the domain model, so that a
    new choice cannot be left without a colour: only the colours are declared."""

    column: str
    choices: type[models.Choices]
    colours: dict[str, str]

    def __post_init__(self):
        values = set(self.choices.values)
        if missing := [value for value in self.choices.values if value not in self.colours]:
            raise ValueError(f"{self.choices.__qualname__}: no colour for {', '.join(missing)}.")
        if unknown := sorted(set(self.colours) - values):
            raise ValueError(f"{self.choices.__qualname__}: colours for unknown values {', '.join(unknown)}.")

    @property
    def categories(self) -> list[tuple[str, str, str]]:
        """(value, label, colour) in the order of the choices."""
        return [(value, str(label), self.colours[value]) for value, label in self.choices.choices]


@dataclass(frozen=True)
class Graduated:
    """Classes of a numeric column: (lower, upper, colour), the last one's upper None for "and more"."""

    column: str
    classes: tuple[tuple[float, float | None, str], ...]


@dataclass(frozen=True, eq=False)
class Layer:
    id: str
    title: str
    abstract: str
    model: type
    geometry_type: str
    # Published column -> its description: the one source of the descriptions every feed states.
    columns: dict[str, str]
    keywords: tuple[str, ...] = ()
    attribution: str = "© Métropole Européenne de Lille, contributions des participants"
    datetime_column: str | None = None
    split_of: str | None = None
    parts: tuple[str, ...] = field(default=())
    tiles: Tiles = Tiles()
    # Column -> its name in a Shapefile, for the columns whose name is too long for dBase.
    shapefile_names: dict[str, str] = field(default_factory=dict)
    style: SingleSymbol | Categorized | Graduated = SingleSymbol()
    # The layer's published rows in every concertation, private ones included, in its columns (sql/post_30_views.sql):
    # never a feed, only the answer to a contribution, which its author sees wherever they may write.
    rows_view: str | None = None

    def __post_init__(self):
        view_columns = [f.column for f in self.model._meta.concrete_fields if f.column != "geom"]
        if list(self.columns) != view_columns:
            raise ValueError(f"Layer {self.id}: the columns are not those of its model, {view_columns}.")
        named = {
            "datetime_column": [self.datetime_column] if self.datetime_column else [],
            "tiles.fields": list(self.tiles.fields or ()),
            "shapefile_names": list(self.shapefile_names),
            "style": [self.style.column] if isinstance(self.style, Categorized | Graduated) else [],
        }
        for where, names in named.items():
            if unknown := [name for name in names if name not in self.columns]:
                raise ValueError(f"Layer {self.id}: {where} names unknown columns {', '.join(unknown)}.")
        shapefile = [self.shapefile_name(column) for column in self.columns]
        if too_long := [name for name in shapefile if len(name) > SHAPEFILE_NAME_LENGTH]:
            raise ValueError(
                f"Layer {self.id}: {', '.join(too_long)} need a Shapefile name of at most {SHAPEFILE_NAME_LENGTH} "
                "characters in shapefile_names."
            )
        # dBase field names are not case-sensitive.
        if len({name.lower() for name in shapefile}) != len(shapefile):
            raise ValueError(f"Layer {self.id}: two columns share a Shapefile name: {shapefile}.")

    @property
    def table(self):
        return self.model._meta.db_table

    @property
    def id_column(self):
        return self.model._meta.pk.column

    def queryset(self):
        return self.model.objects.all()

    def shapefile_name(self, column: str) -> str:
        return self.shapefile_names.get(column, column)


_LAYERS: dict[str, Layer] = {}


def register(layer: Layer) -> Layer:
    _LAYERS[layer.id] = layer
    return layer


def get(layer_id: str) -> Layer | None:
    return _LAYERS.get(layer_id)


def all_layers() -> list[Layer]:
    return list(_LAYERS.values())
