import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from geoparticipation.participation import services
from geoparticipation.participation.models import Process, Proposal

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process, point

pytestmark = pytest.mark.django_db
URL = "/api/v1/proposals/"


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


def feature(lon, lat, **properties):
    defaults = {"process": "plan-climat", "title": "Une piste cyclable", "body": "Entre la gare et le centre."}
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": defaults | properties,
    }


def test_a_citizen_posts_a_geojson_feature_and_finds_it_at_the_clicked_place(api, process):
    response = api.post(URL, feature(*GRAND_PLACE_LILLE, theme="mobilite"), format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["properties"]["commune_insee"] == "59350"
    assert created["properties"]["commune_nom"] == "Lille"
    assert created["properties"]["author"] == "Camille59"
    assert created["properties"]["theme"] == "mobilite"

    listed = APIClient().get(URL).json()
    assert listed["type"] == "FeatureCollection"
    [listed_feature] = listed["features"]
    assert listed_feature["id"] == created["id"]
    assert listed_feature["geometry"]["coordinates"] == pytest.approx(list(GRAND_PLACE_LILLE), abs=1e-6)


def test_plain_json_with_a_geometry_member_is_accepted_too(api, process):
    body = {
        "process": "plan-climat",
        "title": "Un banc",
        "body": "Place de la Liberté.",
        "geometry": {"type": "Point", "coordinates": list(MAIRIE_ROUBAIX)},
    }
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["properties"]["commune_insee"] == "59512"


def test_an_anonymous_visitor_cannot_post(process):
    response = APIClient().post(URL, feature(*GRAND_PLACE_LILLE), format="json")
    assert response.status_code in (401, 403)
    assert not Proposal.objects.exists()


def test_a_point_outside_the_territory_is_refused_with_a_message(api, process):
    response = api.post(URL, feature(*OUTSIDE_TERRITORY), format="json")
    assert response.status_code == 400
    assert "en dehors du territoire" in response.json()["geometry"][0]
    assert not Proposal.objects.exists()


def test_swapped_coordinates_are_named_as_such(api, process):
    lon, lat = GRAND_PLACE_LILLE
    response = api.post(URL, feature(lat, lon), format="json")
    assert response.status_code == 400
    assert "inversées" in response.json()["geometry"][0]


def test_a_geometry_in_another_crs_is_refused(api, process):
    body = feature(*GRAND_PLACE_LILLE)
    body["geometry"]["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "EPSG:3857" in response.json()["geometry"][0]


def test_a_line_is_not_a_proposal_location(api, process):
    body = feature(*GRAND_PLACE_LILLE)
    body["geometry"] = {"type": "LineString", "coordinates": [[3.06, 50.63], [3.07, 50.64]]}
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "attendu un point" in response.json()["geometry"][0]


def test_empty_required_fields_each_get_a_message(api, process):
    response = api.post(URL, feature(*GRAND_PLACE_LILLE, title="", body=""), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"title", "body"}
    assert not Proposal.objects.exists()


def test_blank_text_and_a_bad_place_are_reported_together(api, process):
    response = api.post(URL, feature(*OUTSIDE_TERRITORY, title="   "), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"title", "geometry"}


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [3.06]},
        {"type": "Pointy", "coordinates": [3.06, 50.63]},
        "POINT(3.06 50.63)",
        None,
    ],
)
def test_unreadable_geometries_are_refused(api, process, geometry):
    body = feature(*GRAND_PLACE_LILLE)
    body["geometry"] = geometry
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "geometry" in response.json()


def test_malformed_json_is_a_400(api, process):
    response = api.post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_an_unknown_theme_is_refused_with_a_message(api, process):
    response = api.post(URL, feature(*GRAND_PLACE_LILLE, theme="nope"), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"theme"}


def test_an_unknown_concertation_is_a_404_that_names_the_slug(api, process):
    response = api.post(URL, feature(*GRAND_PLACE_LILLE, process="nope", theme="nope"), format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Aucune concertation n'a pour identifiant « nope »."}


def test_a_closed_concertation_takes_no_more_proposals_and_says_why(api, db):
    make_process("ancienne", open_=False)
    response = api.post(URL, feature(*GRAND_PLACE_LILLE, process="ancienne"), format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Cette concertation est terminée : elle n'accepte plus de propositions."}
    assert not Proposal.objects.exists()


def test_the_bbox_filter_keeps_only_what_is_inside(api, process, citizen):
    services.proposal_create(
        author=citizen, process=process, title="A Lille", body="x", geometry=point(*GRAND_PLACE_LILLE)
    )
    services.proposal_create(
        author=citizen, process=process, title="A Roubaix", body="x", geometry=point(*MAIRIE_ROUBAIX)
    )
    response = APIClient().get(URL, {"bbox": "3.05,50.63,3.07,50.645"})
    assert [f["properties"]["title"] for f in response.json()["features"]] == ["A Lille"]


@pytest.mark.parametrize("bbox", ["3.07,50.645,3.05,50.63", "3.05,50.63", "a,b,c,d", "3.05,50.63,3.07,95"])
def test_a_bad_bbox_is_a_400_with_a_message(db, bbox):
    response = APIClient().get(URL, {"bbox": bbox})
    assert response.status_code == 400
    assert response.json()["bbox"]


def test_an_unknown_parameter_is_a_400_naming_it(db):
    response = APIClient().get(URL, {"bboxx": "1,2,3,4"})
    assert response.status_code == 400
    assert "bboxx" in response.json()["detail"]


def test_filters_by_commune_theme_and_text(process, citizen):
    theme = process.themes.get(slug="climat")
    services.proposal_create(
        author=citizen, process=process, title="Arbres", body="ombre", theme=theme, geometry=point(*GRAND_PLACE_LILLE)
    )
    services.proposal_create(
        author=citizen, process=process, title="Vélos", body="pistes", geometry=point(*MAIRIE_ROUBAIX)
    )
    client = APIClient()
    assert client.get(URL, {"commune": "59512"}).json()["count"] == 1
    assert client.get(URL, {"theme": "climat"}).json()["features"][0]["properties"]["title"] == "Arbres"
    assert client.get(URL, {"q": "pistes"}).json()["features"][0]["properties"]["title"] == "Vélos"


def test_no_email_address_appears_in_the_output(api, process, citizen):
    api.post(URL, feature(*GRAND_PLACE_LILLE), format="json")
    text = APIClient().get(URL).content.decode()
    assert citizen.email not in text
    assert "@" not in json.dumps(APIClient().get(URL).json()["features"])


def test_a_token_in_the_authorization_header_authenticates_its_participant(citizen, process):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    response = client.post(URL, feature(*GRAND_PLACE_LILLE), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["properties"]["author"] == "Camille59"
    assert Proposal.objects.get().author == citizen


def test_an_unknown_token_or_the_token_of_a_deactivated_account_is_a_401(citizen, process):
    token = Token.objects.create(user=citizen).key
    unknown = APIClient(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert unknown.post(URL, feature(*GRAND_PLACE_LILLE), format="json").status_code == 401
    citizen.is_active = False
    citizen.save()
    deactivated = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert deactivated.post(URL, feature(*GRAND_PLACE_LILLE), format="json").status_code == 401
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("process_value", [None, 12, ["plan-climat"], {"slug": "plan-climat"}])
def test_a_concertation_that_is_not_a_slug_is_a_400_with_a_message(api, process, process_value):
    response = api.post(URL, feature(*GRAND_PLACE_LILLE, process=process_value), format="json")
    assert response.status_code == 400
    assert "process" in response.json()
    assert not Proposal.objects.exists()


def test_an_unpublished_concertation_is_named_in_the_refusal_as_an_unknown_one(api, process):
    Process.objects.filter(slug="plan-climat").update(published=False)
    response = api.post(URL, feature(*GRAND_PLACE_LILLE), format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Aucune concertation n'a pour identifiant « plan-climat »."}
