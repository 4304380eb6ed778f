"""The rows of the communes page: counts and rate per commune, the name search, and the map's classes."""

import re
import unicodedata
from dataclasses import dataclass

from layers.definitions import communes as communes_layer

# The communes layer's classes (its QGIS style): the site's map and the GIS department's read the same colours.
COMMUNE_CLASSES = [
    {"lower": lower, "upper": upper, "colour": "#{:02x}{:02x}{:02x}".format(*map(int, rgb.split(",")))}
    for lower, upper, rgb in communes_layer.style.classes
]


@dataclass(frozen=True)
class CommuneRow:
    insee: str
    nom: str
    population: int
    proposals: int
    annotations: int

    @property
    def contributions(self):
        return self.proposals + self.annotations

    @property
    def folded(self):
        return folded(self.nom)

    @property
    def per_1000(self):
        """Contributions per 1,000 inhabitants, rounded as the communes layer rounds them."""
        return round(self.contributions * 1000 / self.population, 2) if self.population else 0.0


def commune_rows(communes, counts) -> list[CommuneRow]:
    """`counts`: commune id -> (public proposals, public annotations)."""
    return [CommuneRow(c.insee, c.nom, c.population, *counts.get(c.pk, (0, 0))) for c in communes]


def folded(text: str) -> str:
    """Lower case, without accents, ligatures, hyphens or apostrophes: « villeneuve d ascq » finds Villeneuve-d'Ascq,
    « baroeul » Barœul. The page's script folds the same way as one types (static/js/maps.js, `fold`)."""
    text = unicodedata.normalize("NFD", text.casefold()).replace("œ", "oe").replace("æ", "ae")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.split(r"[\W_]+", text)).strip()


def name_matches(name: str, query: str) -> bool:
    return folded(query) in folded(name)
