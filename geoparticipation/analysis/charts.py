"""Server-rendered charts: the numbers and sizes an inline SVG template needs, no JavaScript library."""

LABEL_LENGTH = 34


def bars(items):
    """Horizontal bars for (label, value) pairs, widths in percent of the largest value."""
    items = list(items)
    largest = max((value for _, value in items), default=0)
    return [
        {
            "label": label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…",
            "full_label": label,
            "value": value,
            "display": f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value),
            "width": round(100 * value / largest, 1) if largest else 0,
            "y": index * 26,
        }
        for index, (label, value) in enumerate(items)
    ]


def columns(items):
    """Vertical bars for a time series of (label, value) pairs, in a 600 × 160 box."""
    items = list(items)
    largest = max((value for _, value in items), default=0)
    step = 600 / max(len(items), 1)
    result = []
    for index, (label, value) in enumerate(items):
        height = round(140 * value / largest, 1) if largest else 0
        result.append(
            {
                "label": label,
                "value": value,
                "x": round(index * step + step * 0.1, 1),
                "width": round(step * 0.8, 1),
                "height": height,
                "y": round(150 - height, 1),
            }
        )
    return result
