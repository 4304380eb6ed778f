"""The map thumbnails of the Open Graph cards: a PNG drawn here with Pillow from the commune outlines that PostGIS
simplifies, and the pin of a proposal. No tile server and no network: a shared link shows its place even offline.

A thumbnail depends on its geometry alone (the pin, the communes), so its address carries a version made from them
(`version()`): the file is drawn once per version, kept under settings.THUMBNAIL_ROOT, and served as immutable.
"""

import hashlib
import json
import os
import tempfile
from io import BytesIO

from django.conf import settings
from django.db import connection
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630  # the size Open Graph and Twitter cards show best
MARGIN = 40
BAND = 90  # the band at the bottom with the place's name
BACKGROUND = (244, 246, 248)
AROUND_FILL, AROUND_LINE = (226, 230, 235), (170, 178, 189)
FOCUS_FILL, FOCUS_LINE = (200, 222, 246), (0, 74, 153)
PIN = (200, 30, 45)
TEXT = (20, 30, 45)

# The communes of the focus and every commune whose box meets the focus's box, enlarged, for context; simplified to
# about a pixel of the drawing (10 m: a commune spans a few km), in the storage CRS (Lambert-93, metres: no skew).
OUTLINES = """
    WITH focus AS (SELECT ST_Expand(ST_Extent(geom), 1500) AS box FROM territory_commune WHERE id = ANY(%s))
    SELECT c.id = ANY(%s), ST_AsGeoJSON(ST_SimplifyPreserveTopology(c.geom, 10), 1)
    FROM territory_commune c, focus WHERE c.geom && focus.box
    ORDER BY 1
"""


def version(*parts) -> str:
    """A short digest of what the drawing depends on, for the address and the ETag."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]


def _rings(geojson):
    geometry = json.loads(geojson)
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def _outlines(focus_ids):
    with connection.cursor() as cursor:
        cursor.execute(OUTLINES, [list(focus_ids), list(focus_ids)])
        return [(focused, _rings(geojson)) for focused, geojson in cursor.fetchall()]


def _font(size):
    """DejaVu Sans (Debian's fonts-dejavu-core, installed for the PDFs too), found by Pillow in the system's font
    folders: Pillow's own default font has no accented letters."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def draw(*, focus_ids, pin=None, caption: str) -> bytes:
    """The PNG: the communes of `focus_ids` highlighted among their neighbours, the pin (x, y in Lambert-93) if
    any, and `caption` in the bottom band."""
    outlines = _outlines(focus_ids)
    focused = [ring for is_focus, rings in outlines if is_focus for ring in rings]
    frame = focused or [ring for _, rings in outlines for ring in rings] or [[pin or (0, 0)]]
    xs = [x for ring in frame for x, _ in ring]
    ys = [y for ring in frame for _, y in ring]
    if pin:
        xs.append(pin[0])
        ys.append(pin[1])
    width, height = WIDTH - 2 * MARGIN, HEIGHT - BAND - 2 * MARGIN
    scale = min(width / max(max(xs) - min(xs), 1), height / max(max(ys) - min(ys), 1))
    x0 = (min(xs) + max(xs)) / 2 - WIDTH / 2 / scale
    y0 = (min(ys) + max(ys)) / 2 + (HEIGHT - BAND) / 2 / scale

    def at(x, y):
        return (x - x0) * scale, (y0 - y) * scale

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    for is_focus, rings in outlines:
        for ring in rings:
            points = [at(x, y) for x, y in ring]
            if len(points) > 2:
                fill, line = (FOCUS_FILL, FOCUS_LINE) if is_focus else (AROUND_FILL, AROUND_LINE)
                pen.polygon(points, fill=fill, outline=line, width=3 if is_focus and len(focus_ids) == 1 else 1)
    if pin:
        x, y = at(*pin)
        # A drop-shaped marker: a disc over a point, both outlined in white to stand out on any fill.
        pen.polygon([(x - 18, y - 40), (x + 18, y - 40), (x, y)], fill=PIN, outline=(255, 255, 255))
        pen.ellipse((x - 24, y - 72, x + 24, y - 24), fill=PIN, outline=(255, 255, 255), width=4)
        pen.ellipse((x - 8, y - 56, x + 8, y - 40), fill=(255, 255, 255))
    pen.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=(255, 255, 255))
    pen.text((MARGIN, HEIGHT - BAND / 2), caption[:70], fill=TEXT, font=_font(40), anchor="lm")
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def cached(name: str, make) -> bytes:
    """The file `name` of the thumbnails' folder, drawn by `make()` the first time; written to a temporary file and
    renamed, so that a reader never gets half a PNG while another process draws it."""
    path = settings.THUMBNAIL_ROOT / name
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)
    return data
