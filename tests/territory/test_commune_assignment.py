import json
import random

import pytest
from django.conf import settings
from django.contrib.gis.geos import LineString, Point, Polygon
from django.db import connection
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import shape
from shapely.strtree import STRtree

from geoparticipation.participation import services
from geoparticipation.territory.models import Commune
from geoparticipation.territory.services import commune_for

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, point

pytestmark = pytest.mark.django_db


def test_the_95_communes_are_loaded_with_their_population():
    assert Commune.objects.count() == 95
    assert Commune.objects.get(insee="59350").nom == "Lille"
    assert sum(Commune.objects.values_list("population", flat=True)) == 1_195_234


def test_lilles_grand_place_is_in_lille():
    assert commune_for(point(*GRAND_PLACE_LILLE)).insee == "59350"


def test_roubaix_town_hall_is_in_roubaix():
    assert commune_for(point(*MAIRIE_ROUBAIX)).insee == "59512"


def test_a_proposal_stores_the_commune_its_pin_lands_in(process, citizen):
    proposal = services.proposal_create(
        author=citizen,
        process=process,
        title="Plus d'arbres",
        body="Sur la Grand-Place.",
        geometry=point(*GRAND_PLACE_LILLE),
    )
    proposal.refresh_from_db()
    assert proposal.commune.insee == "59350"


def test_a_point_on_a_shared_border_gets_the_lowest_insee_code():
    lille = Commune.objects.get(insee="59350")
    neighbour = Commune.objects.filter(geom__touches=lille.geom).exclude(pk=lille.pk).order_by("insee").first()
    shared = lille.geom.intersection(neighbour.geom)
    vertex = shared.coords[0] if shared.geom_type in ("Point", "LineString") else shared[0].coords[0]
    on_border = Point(vertex, srid=settings.STORAGE_SRID)
    touching = sorted(Commune.objects.filter(geom__intersects=on_border).values_list("insee", flat=True))
    assert len(touching) >= 2
    assert commune_for(on_border).insee == touching[0]


def test_a_line_gets_the_commune_of_its_representative_point():
    line = LineString((3.150, 50.690), (3.175, 50.691), (3.190, 50.692), srid=4326)
    assert commune_for(line).insee == "59512"


def test_an_area_gets_the_commune_of_its_representative_point():
    x, y = GRAND_PLACE_LILLE
    area = Polygon(
        (
            (x - 0.002, y - 0.002),
            (x + 0.002, y - 0.002),
            (x + 0.002, y + 0.002),
            (x - 0.002, y + 0.002),
            (x - 0.002, y - 0.002),
        ),
        srid=4326,
    )
    assert commune_for(area).insee == "59350"


def test_10000_random_points_agree_with_shapely_on_the_fixture():
    with open(settings.BASE_DIR / "fixtures" / "communes.geojson") as f:
        features = json.load(f)["features"]
    shapes = [shape(f["geometry"]) for f in features]
    codes = [f["properties"]["insee"] for f in features]
    tree = STRtree(shapes)
    rng = random.Random(2154)
    xmin, ymin, xmax, ymax = 2.789133, 50.49973, 3.272498, 50.794577
    points = [(rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)) for _ in range(10_000)]

    expected = {}
    for i, (x, y) in enumerate(points):
        hits = sorted(codes[j] for j in tree.query(ShapelyPoint(x, y), predicate="intersects"))
        expected[i] = hits[0] if hits else None

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.i, c.insee
            FROM unnest(%s::int[], %s::float8[], %s::float8[]) AS p(i, x, y)
            LEFT JOIN territory_commune c
              ON c.id = territory_commune_for(ST_Transform(ST_SetSRID(ST_MakePoint(p.x, p.y), 4326), %s))
            """,
            [list(range(len(points))), [p[0] for p in points], [p[1] for p in points], settings.STORAGE_SRID],
        )
        actual = dict(cursor.fetchall())

    inside = sum(1 for v in expected.values() if v)
    assert inside > 5_000
    disagreements = [i for i in expected if expected[i] != actual[i]]
    # Reprojecting to Lambert-93 moves a point by micrometres: only points within that of a border may differ.
    for i in disagreements:
        x, y = points[i]
        assert min(s.exterior.distance(ShapelyPoint(x, y)) for s in (g.geoms[0] for g in shapes)) < 1e-6
    assert len(disagreements) <= 2
