"""The place check the maps ask at the click (/concertations/<slug>/lieu/): the same answer as the submit."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from geoparticipation.participation import services
from geoparticipation.participation.geometry import geometry_from_geojson
from geoparticipation.territory.models import Commune

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process

KORTRIJK = (3.2650, 50.8280)  # Belgium, just past the border
NORTH_SEA = (2.30, 51.10)

pytestmark = pytest.mark.django_db


def check(client, slug, **params):
    return client.get(f"/concertations/{slug}/lieu/", params)


def test_a_place_in_roubaix_is_in_roubaix_in_one_statement(client, process, django_assert_num_queries):
    # The check is one prepared statement (participation/places.py), which Django's query log does not see: nothing
    # else is asked of the database.
    with django_assert_num_queries(0):
        response = check(client, process.slug, lon=MAIRIE_ROUBAIX[0], lat=MAIRIE_ROUBAIX[1])

    assert response.status_code == 200
    assert response.json() == {"inside": True, "commune": {"insee": "59512", "nom": "Roubaix"}, "reason": None}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("place", [OUTSIDE_TERRITORY, KORTRIJK, NORTH_SEA])
def test_a_place_outside_the_metropolis_is_refused_as_at_submit(client, process, citizen, place):
    response = check(client, process.slug, lon=place[0], lat=place[1])

    assert response.json() == {"inside": False, "commune": None, "reason": "outside_metropolis"}
    with pytest.raises(ValidationError, match="en dehors du territoire de la métropole"):
        services.proposal_create(
            author=citizen, process=process, title="Ailleurs", body="…", geometry=Point(*place, srid=4326)
        )


def test_a_concertation_restricted_to_lille_refuses_roubaix_and_takes_lille(client, citizen):
    process = make_process("centre-lille")
    process.communes.set([Commune.objects.get(insee="59350")])

    roubaix = check(client, process.slug, lon=MAIRIE_ROUBAIX[0], lat=MAIRIE_ROUBAIX[1]).json()
    lille = check(client, process.slug, lon=GRAND_PLACE_LILLE[0], lat=GRAND_PLACE_LILLE[1]).json()

    assert roubaix == {"inside": False, "commune": {"insee": "59512", "nom": "Roubaix"}, "reason": "outside_process"}
    assert lille == {"inside": True, "commune": {"insee": "59350", "nom": "Lille"}, "reason": None}
    with pytest.raises(ValidationError, match="Roubaix.*en dehors du territoire de la concertation"):
        services.proposal_create(
            author=citizen, process=process, title="À Roubaix", body="…", geometry=Point(*MAIRIE_ROUBAIX, srid=4326)
        )


def test_a_private_concertation_is_checked_for_its_members_only(client, citizen):
    process = make_process("atelier-prive", is_private=True)
    params = {"lon": GRAND_PLACE_LILLE[0], "lat": GRAND_PLACE_LILLE[1]}

    assert check(client, process.slug, **params).status_code == 404
    process.members.add(citizen)
    client.force_login(citizen)
    assert check(client, process.slug, **params).json()["inside"] is True


def test_an_unknown_concertation_is_a_404(client, db):
    assert check(client, "inconnue", lon=3.06, lat=50.63).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lon": "3.06"},
        {"lon": "abc", "lat": "50.6"},
        {"lon": "nan", "lat": "50.6"},
        {"lon": "200", "lat": "50"},
        {"lon": "3.06", "lat": "-91"},
        {"lon": "inf", "lat": "50"},
        {"lon": "3.06", "lat": "1e400"},
    ],
)
def test_unreadable_coordinates_are_a_400_that_says_what_is_expected(client, process, params):
    response = check(client, process.slug, **params)

    assert response.status_code == 400
    assert response.json() == {"detail": "Paramètres attendus : lon (longitude) et lat (latitude), en degrés WGS84."}


def test_the_comma_of_a_french_decimal_is_read(client, process):
    assert check(client, process.slug, lon="3,0630", lat="50,6370").json()["commune"]["nom"] == "Lille"


def post_drawing(client, slug, body):
    return client.post(f"/concertations/{slug}/lieu/", body, content_type="application/json")


def test_a_drawing_is_checked_where_the_submit_places_it_not_at_its_first_point(client, process, citizen):
    # A line from Roubaix to Lille: its first point is in Roubaix; the submit gives it the commune of its point on
    # surface, and so does the check.
    line = {"type": "LineString", "coordinates": [list(MAIRIE_ROUBAIX), [3.10, 50.66], list(GRAND_PLACE_LILLE)]}

    response = post_drawing(client, process.slug, {"geometry": line})

    annotation = services.annotation_create(
        author=citizen, process=process, kind="idee", comment="Une voie verte.", geometry=geometry_from_geojson(line)
    )
    assert response.status_code == 200
    assert response.json()["inside"] is True
    assert response.json()["commune"]["nom"] == annotation.commune.nom != "Roubaix"


def test_a_drawing_outside_the_concertations_territory_is_refused_as_at_submit(client, citizen):
    make_process("lille-seulement")
    restricted = make_process("roubaix-seulement")
    restricted.communes.set([Commune.objects.get(insee="59512")])
    area = {"type": "Polygon", "coordinates": [[[3.05, 50.63], [3.07, 50.63], [3.07, 50.64], [3.05, 50.63]]]}

    answer = post_drawing(client, "roubaix-seulement", {"geometry": area}).json()

    assert answer == {"inside": False, "commune": {"insee": "59350", "nom": "Lille"}, "reason": "outside_process"}
    with pytest.raises(ValidationError, match="en dehors du territoire de la concertation"):
        services.annotation_create(
            author=citizen, process=restricted, kind="idee", comment="Ici.", geometry=geometry_from_geojson(area)
        )


@pytest.mark.parametrize(
    "body, message",
    [
        (
            {
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[3.05, 50.63], [3.07, 50.64], [3.07, 50.63], [3.05, 50.64], [3.05, 50.63]]],
                }
            },
            "invalide",
        ),
        ({"geometry": {"type": "Point", "coordinates": "a"}}, "GeoJSON"),
        ({"geom": {}}, "GeoJSON"),
        ("pas du JSON", "GeoJSON"),
    ],
)
def test_an_unreadable_or_invalid_drawing_is_a_400_that_says_why(client, process, body, message):
    response = post_drawing(client, process.slug, body)
    assert response.status_code == 400
    assert message in response.json()["detail"]
