import json
import subprocess

import pytest
from django.test import Client
from django.utils import timezone

from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal
from layers.registry import all_layers

from ..factories import GRAND_PLACE_LILLE, point
from .conftest import SECRET

ITEMS = "/ogc/collections/{}/items"
LAYERS = [layer.id for layer in all_layers()]


def get(url, **params):
    response = Client().get(url, params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def get_json(url, **params):
    response, body = get(url, **params)
    return response, json.loads(body)


def all_items(layer_id, **params):
    """Follows the next links, as a client would."""
    features, url, params = [], ITEMS.format(layer_id), {"limit": 7, **params}
    while url:
        response, page = get_json(url, **params)
        assert response.status_code == 200, page
        features += page["features"]
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
        params = {}
    return features


@pytest.mark.django_db
def test_the_landing_page_links_to_the_api_definition_the_conformance_and_the_collections():
    _, landing = get_json("/ogc/")
    rels = {link["rel"] for link in landing["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= rels
    _, conformance = get_json("/ogc/conformance")
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conformance["conformsTo"]
    _, api = get_json("/ogc/api")
    assert api["openapi"].startswith("3.0")
    assert "/collections/proposals/items" in api["paths"]


@pytest.mark.django_db
def test_every_layer_is_a_collection_with_a_title_and_the_territory_extent():
    _, body = get_json("/ogc/collections")
    collections = {c["id"]: c for c in body["collections"]}
    assert set(collections) == set(LAYERS)
    xmin, ymin, xmax, ymax = collections["proposals"]["extent"]["spatial"]["bbox"][0]
    assert (2.78 < xmin < 2.80) and (50.79 < ymax < 50.80)
    assert collections["communes"]["title"] == "Participation par commune"


def test_paging_through_next_links_returns_every_public_proposal_once(published):
    features = all_items("proposals")
    ids = [f["id"] for f in features]
    assert sorted(ids) == sorted(p.pk for p in published.public_proposals)
    assert len(set(ids)) == len(ids)


def test_a_proposal_is_served_at_its_place_in_crs84_by_default(published):
    first = published.public_proposals[0]
    response, feature = get_json(f"{ITEMS.format('proposals')}/{first.pk}")
    assert response["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    assert feature["geometry"]["coordinates"] == pytest.approx(list(GRAND_PLACE_LILLE), abs=1e-6)
    assert feature["properties"]["commune_insee"] == "59350"
    assert feature["properties"]["author"] == "Camille59"


def test_lambert_93_and_latitude_first_wgs84_are_available(published):
    first = published.public_proposals[0]
    _, l93 = get_json(f"{ITEMS.format('proposals')}/{first.pk}", crs="http://www.opengis.net/def/crs/EPSG/0/2154")
    x, y = l93["geometry"]["coordinates"]
    assert 703_000 < x < 705_000 and 7_059_000 < y < 7_061_000
    _, latlon = get_json(f"{ITEMS.format('proposals')}/{first.pk}", crs="http://www.opengis.net/def/crs/EPSG/0/4326")
    assert latlon["geometry"]["coordinates"] == pytest.approx([GRAND_PLACE_LILLE[1], GRAND_PLACE_LILLE[0]], abs=1e-6)


def test_bbox_keeps_exactly_the_features_inside(published):
    features = all_items("proposals", bbox="3.05,50.62,3.07,50.65")
    assert {f["properties"]["title"] for f in features} == {"Proposition 0"}


def test_bbox_in_lambert_93(published):
    x, y = 704_464, 7_060_006
    features = all_items(
        "proposals",
        bbox=f"{x - 2000},{y - 2000},{x + 2000},{y + 2000}",
        **{"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/2154"},
    )
    assert "Proposition 0" in {f["properties"]["title"] for f in features}
    assert len(features) < len(published.public_proposals)


def test_property_filters_and_datetime(published):
    in_lille = all_items("proposals", commune_insee="59350")
    assert in_lille and all(f["properties"]["commune_insee"] == "59350" for f in in_lille)
    assert len(all_items("proposals", datetime="2000-01-01T00:00:00Z/..")) == len(published.public_proposals)
    assert all_items("proposals", datetime="../2000-01-01") == []


def test_a_date_alone_means_its_whole_day_and_ends_an_interval_with_its_day(published):
    proposal = published.public_proposals[0]
    Proposal.objects.filter(pk=proposal.pk).update(published_at="2001-11-07T15:00:00Z")

    def ids(moment):
        return {f["id"] for f in all_items("proposals", datetime=moment)}

    assert ids("2001-11-07") == {proposal.pk}
    assert ids("2001-11-01/2001-11-07") == {proposal.pk}
    assert ids("../2001-11-07") == {proposal.pk}
    assert ids("2001-11-08") == set()
    assert ids("2001-11-07T15:00:00Z") == {proposal.pk}
    assert ids("2001-11-07T00:00:00Z/2001-11-07T14:59:59Z") == set()


def test_a_limit_beyond_the_maximum_is_the_maximum_not_an_error(published):
    response, body = get_json(ITEMS.format("proposals"), limit=1_000_000)

    assert response.status_code == 200
    assert body["numberReturned"] == len(published.public_proposals)


def test_the_communes_collection_counts_public_contributions_only(published):
    _, lille = get_json(f"{ITEMS.format('communes')}/59350")
    public_in_lille = sum(1 for p in published.public_proposals if p.commune.insee == "59350")
    assert lille["properties"]["proposals_count"] == public_in_lille
    assert lille["properties"]["annotations_count"] == 3
    assert lille["properties"]["meetings_count"] == 1


def test_the_commune_counts_follow_new_contributions_and_moderation(published):
    proposal = services.proposal_create(
        author=published.public_proposals[0].author,
        process=published.public_proposals[0].process,
        title="Nouvelle",
        body="x",
        geometry=point(*GRAND_PLACE_LILLE),
    )
    _, before = get_json(f"{ITEMS.format('communes')}/59350")
    services.content_hide(
        target=proposal, officer=published.hidden_proposal.hidden_by, category="other", reason="Doublon"
    )
    _, after = get_json(f"{ITEMS.format('communes')}/59350")
    assert after["properties"]["proposals_count"] == before["properties"]["proposals_count"] - 1


@pytest.mark.parametrize("layer_id", LAYERS)
def test_no_hidden_unpublished_or_private_content_in_any_collection(published, layer_id):
    _, body = get(ITEMS.format(layer_id), limit=10_000)
    text = body.decode()
    assert SECRET not in text
    assert "@" not in text
    ids = {f["id"] for f in json.loads(text)["features"]}
    assert not ids & published.private_ids.get(layer_id, set())


@pytest.mark.parametrize("which", ["hidden_proposal", "unpublished_proposal", "private_proposal"])
def test_a_non_public_proposal_is_not_found_by_id(published, which):
    response, body = get_json(f"{ITEMS.format('proposals')}/{getattr(published, which).pk}")
    assert response.status_code == 404
    assert body["code"] == "NotFound"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"foo": "1"},
        {"limit": "0"},
        {"limit": "-5"},
        {"bbox": "3.07,50.65,3.05,50.62"},
        {"bbox": "3.05,50.62"},
        {"crs": "http://www.opengis.net/def/crs/EPSG/0/9999"},
        {"bbox-crs": "EPSG:2154"},
        {"datetime": "hier"},
        {"supports_count": "beaucoup"},
        {"f": "xml"},
    ],
)
def test_bad_parameters_are_a_400_with_an_ogc_exception(params):
    response, body = get_json(ITEMS.format("proposals"), **params)
    assert response.status_code == 400
    assert body["code"] == "InvalidParameterValue"
    assert body["description"]


@pytest.mark.django_db
def test_an_unknown_collection_is_a_404():
    response, body = get_json(ITEMS.format("nope"))
    assert response.status_code == 404


def test_a_feed_answers_304_while_nothing_changed(published):
    client = Client()
    first = client.get(ITEMS.format("proposals"))
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(ITEMS.format("proposals"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    services.proposal_create(
        author=published.public_proposals[0].author,
        process=published.public_proposals[0].process,
        title="Nouvelle",
        body="x",
        geometry=point(*GRAND_PLACE_LILLE),
    )
    changed = client.get(ITEMS.format("proposals"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_a_login_keeps_the_etag_and_a_new_pseudonym_changes_it(published):
    client = Client()
    first = client.get(ITEMS.format("proposals"))
    author = published.public_proposals[0].author
    author.last_login = timezone.now()
    author.save(update_fields=["last_login"])
    assert client.get(ITEMS.format("proposals"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    author.pseudonym = "Camille-de-Lille"
    author.save(update_fields=["pseudonym"])
    changed = client.get(ITEMS.format("proposals"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Camille-de-Lille" in b"".join(changed.streaming_content).decode()


def test_gdal_lists_the_collections_and_counts_the_features(live_server, live_published):
    url = f"OAPIF:{live_server.url}/ogc/"
    listing = subprocess.run(["ogrinfo", "-ro", "-q", url], capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0, listing.stderr
    for layer_id in LAYERS:
        assert layer_id in listing.stdout
    summary = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", url, "proposals"], capture_output=True, text=True, timeout=60
    )
    assert f"Feature Count: {len(live_published.public_proposals)}" in summary.stdout, summary.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("layer_id", LAYERS)
def test_each_layer_has_a_qgis_style_next_to_it(layer_id):
    from xml.etree import ElementTree

    _, collection = get_json(f"/ogc/collections/{layer_id}")
    [style_link] = [link for link in collection["links"] if link["type"] == "application/vnd.qgis.qml"]
    response = Client().get(style_link["href"].replace("http://testserver", ""))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content.split(b"\n", 1)[1])
    assert root.tag == "qgis"
    assert root.find("renderer-v2") is not None
