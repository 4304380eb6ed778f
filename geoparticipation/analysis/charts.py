"""Server-rendered charts: the numbers and sizes an inline SVG template needs, no JavaScript library.

Each chart has a title, an axis of values with its unit and a legend (the templates `_bars.svg.html` and
`_columns.svg.html`); its text alternative lists every value, and a time series comes with its table.
"""

import math

LABEL_LENGTH = 34
# The plot areas inside the SVG boxes (user units).
BARS_LEFT, BARS_WIDTH, BAR_STEP = 250, 320, 26
COLUMNS_LEFT, COLUMNS_WIDTH, COLUMNS_TOP, COLUMNS_HEIGHT = 56, 570, 10, 140


def display(value):
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


def ticks(largest, *, whole=True):
    """Round values for an axis from 0 to at least `largest`: a step of 1, 2 or 5 times a power of ten, 3 to 6
    ticks; counts (`whole`) never get a step under 1."""
    if largest <= 0:
        return [0, 1]
    raw = largest / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, round(step))
    return [round(i * step, 10) for i in range(math.ceil(largest / step - 1e-9) + 1)]


def _summary(items):
    return " ; ".join(f"{label} : {display(value)}" for label, value in items)


def bars(items):
    """Horizontal bars for (label, value) pairs, on an axis of round values."""
    items = list(items)
    values = [value for _, value in items]
    axis = ticks(max(values, default=0), whole=all(isinstance(v, int) for v in values))
    top = axis[-1]
    return {
        "bars": [
            {
                "label": label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…",
                "full_label": label,
                "value": value,
                "display": display(value),
                "width": round(BARS_WIDTH * value / top, 1),
                "y": index * BAR_STEP,
            }
            for index, (label, value) in enumerate(items)
        ],
        "ticks": [{"x": round(BARS_LEFT + BARS_WIDTH * t / top, 1), "label": display(t)} for t in axis],
        "axis_y": len(items) * BAR_STEP + 4,
        "height": len(items) * BAR_STEP + 44,
        "summary": _summary(items),
    }


def columns(items):
    """Vertical bars for a time series of (label, value) pairs, one per period, on an axis of round values. The
    caller gives every period, those without activity at 0 (indicators.over_time)."""
    items = list(items)
    values = [value for _, value in items]
    axis = ticks(max(values, default=0))
    top = axis[-1]
    step = COLUMNS_WIDTH / max(len(items), 1)
    bottom = COLUMNS_TOP + COLUMNS_HEIGHT
    result = []
    for index, (label, value) in enumerate(items):
        height = round(COLUMNS_HEIGHT * value / top, 1)
        result.append(
            {
                "label": label,
                "value": value,
                "x": round(COLUMNS_LEFT + index * step + step * 0.1, 1),
                "width": round(step * 0.8, 1),
                "height": height,
                "y": round(bottom - height, 1),
                # At most about twelve labels under the axis, the first and the last always.
                "labelled": index % max(1, math.ceil(len(items) / 12)) == 0 or index == len(items) - 1,
            }
        )
    return {
        "columns": result,
        "ticks": [{"y": round(bottom - COLUMNS_HEIGHT * t / top, 1), "label": display(t)} for t in axis],
        "summary": _summary(items),
    }
