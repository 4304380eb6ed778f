"""QGIS styles (.qml) for each layer, built from the layer's geometry type and a few colours."""

from xml.sax.saxutils import quoteattr

from .registry import Layer

PROPOSAL_STATES = [
    ("published", "Publiée", "31,120,180"),
    ("evaluating", "En cours d'évaluation", "255,127,0"),
    ("accepted", "Acceptée", "51,160,44"),
    ("rejected", "Rejetée", "227,26,28"),
    ("withdrawn", "Retirée", "150,150,150"),
]
ANNOTATION_KINDS = [
    ("remarque", "Remarque", "31,120,180"),
    ("probleme", "Problème", "227,26,28"),
    ("idee", "Idée", "51,160,44"),
    ("question", "Question", "106,61,154"),
]
CHOROPLETH = [
    (0, 1, "255,255,204"),
    (1, 5, "161,218,180"),
    (5, 10, "65,182,196"),
    (10, 20, "44,127,184"),
    (20, 1e9, "37,52,148"),
]
SYMBOL_TYPES = {"Point": "marker", "LineString": "line", "Polygon": "fill", "MultiPolygon": "fill"}


def _options(**values):
    return "".join(f'<Option type="QString" name="{k}" value={quoteattr(str(v))}/>' for k, v in values.items())


def _symbol(name, symbol_type, color):
    if symbol_type == "marker":
        layer = (
            "SimpleMarker",
            _options(
                color=f"{color},255",
                name="circle",
                outline_color="255,255,255,255",
                outline_width="0.4",
                size="3.2",
                size_unit="MM",
            ),
        )
    elif symbol_type == "line":
        layer = ("SimpleLine", _options(line_color=f"{color},255", line_width="0.8", line_width_unit="MM"))
    else:
        layer = (
            "SimpleFill",
            _options(color=f"{color},110", outline_color=f"{color},255", outline_width="0.4", style="solid"),
        )
    return (
        f'<symbol type="{symbol_type}" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">'
        f'<layer class="{layer[0]}" enabled="1" locked="0" pass="0"><Option type="Map">{layer[1]}</Option></layer>'
        "</symbol>"
    )


def _categorized(attribute, categories, symbol_type):
    cats = "".join(
        f'<category symbol="{i}" value={quoteattr(value)} label={quoteattr(label)} render="true"/>'
        for i, (value, label, _) in enumerate(categories)
    )
    symbols = "".join(_symbol(str(i), symbol_type, color) for i, (_, _, color) in enumerate(categories))
    return (
        f'<renderer-v2 type="categorizedSymbol" attr="{attribute}" symbollevels="0" enableorderby="0" '
        f'forceraster="0"><categories>{cats}</categories><symbols>{symbols}</symbols></renderer-v2>'
    )


def _graduated(attribute, classes):
    ranges = "".join(
        f'<range symbol="{i}" lower="{lower}" upper="{upper}" '
        f'label={quoteattr(f"{lower:g} – {upper:g}" if upper < 1e9 else f"{lower:g} et plus")} render="true"/>'
        for i, (lower, upper, _) in enumerate(classes)
    )
    symbols = "".join(_symbol(str(i), "fill", color) for i, (_, _, color) in enumerate(classes))
    return (
        f'<renderer-v2 type="graduatedSymbol" attr="{attribute}" graduatedMethod="GraduatedColor" '
        f'symbollevels="0" enableorderby="0" forceraster="0"><ranges>{ranges}</ranges>'
        f"<symbols>{symbols}</symbols></renderer-v2>"
    )


def style(layer: Layer, geometry_type: str | None = None) -> str:
    """The QML document; for the mixed annotations layer, one per geometry type (geometry_type)."""
    geometry_type = geometry_type or ("Point" if layer.geometry_type == "Geometry" else layer.geometry_type)
    symbol_type = SYMBOL_TYPES[geometry_type]
    if layer.id == "proposals":
        renderer = _categorized("state", PROPOSAL_STATES, symbol_type)
    elif layer.id == "communes":
        renderer = _graduated("contributions_per_1000", CHOROPLETH)
    elif layer.id.startswith("annotations"):
        renderer = _categorized("kind", ANNOTATION_KINDS, symbol_type)
    else:
        renderer = (
            '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
            f"<symbols>{_symbol('0', symbol_type, '106,61,154')}</symbols></renderer-v2>"
        )
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        f'<qgis version="3.28.0" styleCategories="Symbology">{renderer}</qgis>\n'
    )
