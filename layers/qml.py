"""QGIS styles (.qml) for each layer, rendered from its geometry type and the style rule of its declaration."""

from xml.sax.saxutils import quoteattr

from .registry import Categorized, Graduated, Layer, SingleSymbol

# QGIS wants a finite upper bound for the last class, the one "and more".
OPEN_UPPER = 1e9
SYMBOL_TYPES = {"Point": "marker", "LineString": "line", "Polygon": "fill", "MultiPolygon": "fill"}
GEOMETRY_LABELS = {"Point": "Points", "LineString": "Lignes", "Polygon": "Zones"}


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


def _graduated(attribute, classes, symbol_type):
    ranges = "".join(
        f'<range symbol="{i}" lower="{lower}" upper="{OPEN_UPPER if upper is None else upper}" '
        f'label={quoteattr(f"{lower:g} et plus" if upper is None else f"{lower:g} – {upper:g}")} render="true"/>'
        for i, (lower, upper, _) in enumerate(classes)
    )
    symbols = "".join(_symbol(str(i), symbol_type, color) for i, (_, _, color) in enumerate(classes))
    return (
        f'<renderer-v2 type="graduatedSymbol" attr="{attribute}" graduatedMethod="GraduatedColor" '
        f'symbollevels="0" enableorderby="0" forceraster="0"><ranges>{ranges}</ranges>'
        f"<symbols>{symbols}</symbols></renderer-v2>"
    )


def _classes(style):
    """(QGIS filter expression, label, colour) of each class of a style rule."""
    match style:
        case Categorized(column=column):
            return [(f"{_field(column)} = {_literal(v)}", label, colour) for v, label, colour in style.categories]
        case Graduated(column=column, classes=classes):
            return [
                (
                    f"{_field(column)} >= {lower}" + ("" if upper is None else f" AND {_field(column)} < {upper}"),
                    f"{lower:g} et plus" if upper is None else f"{lower:g} – {upper:g}",
                    colour,
                )
                for lower, upper, colour in classes
            ]
        case SingleSymbol(colour=colour):
            return [("", "", colour)]


def _field(name):
    return '"' + name.replace('"', '""') + '"'


def _literal(value):
    return "'" + str(value).replace("'", "''") + "'"


def _rule_based(style):
    """The mixed layer: QGIS types it by its first feature, so each geometry type has its rule and its symbols (a
    marker, a line, a fill) and every feature is drawn, whatever type QGIS gave the layer."""
    rules, symbols = [], []
    for geometry_type, expression_type in (("Point", "Point"), ("LineString", "Line"), ("Polygon", "Polygon")):
        children = []
        for expression, label, colour in _classes(style):
            key = str(len(symbols))
            symbols.append(_symbol(key, SYMBOL_TYPES[geometry_type], colour))
            filter_attribute = f" filter={quoteattr(expression)}" if expression else ""
            children.append(f'<rule key="{key}" symbol="{key}"{filter_attribute} label={quoteattr(label)}/>')
        rules.append(
            f'<rule key="{geometry_type}" filter={quoteattr(f"geometry_type(@geometry) = {_literal(expression_type)}")}'
            f' label="{GEOMETRY_LABELS[geometry_type]}">{"".join(children)}</rule>'
        )
    return (
        '<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">'
        f'<rules key="root">{"".join(rules)}</rules><symbols>{"".join(symbols)}</symbols></renderer-v2>'
    )


def style(layer: Layer, geometry_type: str | None = None) -> str:
    """The QML document; for the mixed annotations layer, rules per geometry type, or one type (geometry_type)."""
    geometry_type = geometry_type or layer.geometry_type
    if geometry_type == "Geometry":
        return _document(_rule_based(layer.style))
    symbol_type = SYMBOL_TYPES[geometry_type]
    match layer.style:
        case Categorized(column=column):
            renderer = _categorized(column, layer.style.categories, symbol_type)
        case Graduated(column=column, classes=classes):
            renderer = _graduated(column, classes, symbol_type)
        case SingleSymbol(colour=colour):
            renderer = (
                '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
                f"<symbols>{_symbol('0', symbol_type, colour)}</symbols></renderer-v2>"
            )
    return _document(renderer)


def _document(renderer):
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        f'<qgis version="3.28.0" styleCategories="Symbology">{renderer}</qgis>\n'
    )
