"""Public ETags, counts and tiles move with public content only: someone polling a feed learns nothing of what
happens in a private or unpublished concertation, or to unpublished and hidden content."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal

from ..factories import make_process, make_proposal
from ..surveys.factories import make_survey, respondents
from ..tiles.conftest import features, tile_of

pytestmark = pytest.mark.django_db

# A few metres from the Grand-Place: the same z16 tile as the public proposal there.
SPOT = (3.0633, 50.6371)
TILE = (16, *tile_of(*SPOT, 16))
FEEDS = {
    "OGC API items": "/ogc/collections/proposals/items",
    "WFS GetFeature": "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals&OUTPUTFORMAT=geojson",
    "open-data GeoJSON": "/opendata/proposals.geojson",
    "communes layer": "/ogc/collections/communes/items?nom=Lille",
    "z16 tile": "/tiles/proposals/{}/{}/{}.pbf".format(*TILE),
}


@pytest.fixture(autouse=True)
def opendata_root(tmp_path):
    with override_settings(OPENDATA_ROOT=tmp_path):
        yield


@pytest.fixture
def world(db):
    author = User.objects.create_user("camille@example.org", "Camille59")
    officer = User.objects.create_user("agent@example.org", "Agent MEL", is_staff=True)
    public = make_process("plan-climat")
    private = make_process("prive", is_private=True)
    private.members.add(author)
    draft = make_process("brouillon")
    draft_proposal = make_proposal(draft, author, title="En préparation", where=SPOT)
    draft.published = False
    draft.save()
    make_proposal(public, author, title="Déjà là")
    return {
        "author": author,
        "officer": officer,
        "public": public,
        "private": private,
        "draft": draft,
        "private_proposal": make_proposal(private, author, title="Entre membres", where=SPOT),
        "draft_proposal": draft_proposal,
    }


def etag(client, path):
    """The ETag of an output, without building it: any ETag matches `*`, so the answer is a 304 that carries it."""
    response = client.get(path, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 304, path
    return response["ETag"]


def etags(client):
    return {name: etag(client, path) for name, path in FEEDS.items()}


def tile_ids(client):
    return {feature["id"] for feature in features(client, "proposals", *TILE)}


def matched(client):
    response = client.get("/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature",
                                   "TYPENAMES": "proposals", "RESULTTYPE": "hits"})  # fmt: skip
    return int(ET.fromstring(body(response)).get("numberMatched"))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def communes_count(client):
    response = client.get("/ogc/collections/communes/items", {"nom": "Lille"})
    return json.loads(body(response))["features"][0]["properties"]["proposals_count"]


def write_in_private_space(w):
    make_proposal(w["private"], w["author"], title="Une autre idée entre membres", where=SPOT)


def write_in_unpublished_concertation(w):
    Proposal.objects.create(
        process=w["draft"], author=w["author"], title="Brouillon", body="Texte", geom=w["draft_proposal"].geom
    )


def edit_private_proposal(w):
    Proposal.objects.filter(pk=w["private_proposal"].pk).update(body="Texte revu")


def support_private_proposal(w):
    services.support_create(user=w["officer"], proposal=w["private_proposal"])


def hide_private_proposal(w):
    services.content_hide(target=w["private_proposal"], officer=w["officer"], category="spam", reason="Publicité")


def delete_private_proposal(w):
    w["private_proposal"].delete()


def write_unpublished_proposal(w):
    proposal = Proposal.objects.create(
        process=w["public"], author=w["author"], title="Pas encore publiée", body="Texte", published_at=None,
        geom=w["private_proposal"].geom,
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(body="Revue avant publication")


def edit_hidden_proposal(w):
    proposal = Proposal.objects.create(
        process=w["public"], author=w["author"], title="Masquée", body="Texte", geom=w["private_proposal"].geom,
        hidden_at=w["private_proposal"].published_at,
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(body="Toujours masquée")
    proposal.delete()


def edit_private_concertation(w):
    w["private"].title = "Réseau des acteurs, nouveau titre"
    w["private"].save()


def edit_unpublished_concertation(w):
    w["draft"].slug = "brouillon-2"
    w["draft"].save()
    w["draft"].communes.set([])


OUT_OF_VIEW = [
    write_in_private_space,
    write_in_unpublished_concertation,
    edit_private_proposal,
    support_private_proposal,
    hide_private_proposal,
    delete_private_proposal,
    write_unpublished_proposal,
    edit_hidden_proposal,
    edit_private_concertation,
    edit_unpublished_concertation,
]


@pytest.mark.parametrize("write", OUT_OF_VIEW, ids=lambda write: write.__name__)
def test_a_write_out_of_public_view_leaves_every_public_etag_and_count_as_it_was(client, world, write):
    tile_before = client.get(FEEDS["z16 tile"])
    before, hits, count = etags(client), matched(client), communes_count(client)

    write(world)

    assert etags(client) == before
    tile_after = client.get(FEEDS["z16 tile"], HTTP_IF_NONE_MATCH=tile_before["ETag"])
    assert tile_after.status_code == 304
    assert matched(client) == hits and communes_count(client) == count


def publish_proposal_nearby(w):
    make_proposal(w["public"], w["author"], title="Une nouvelle idée", where=SPOT)


def hide_public_proposal(w):
    proposal = Proposal.objects.get(title="Déjà là")
    services.content_hide(target=proposal, officer=w["officer"], category="personal_data", reason="Un nom")


def publish_draft_concertation(w):
    w["draft"].published = True
    w["draft"].save()


def open_private_concertation(w):
    w["private"].is_private = False
    w["private"].save()


@pytest.mark.parametrize(
    "write, tile_change",
    [
        (publish_proposal_nearby, "appears"),
        (hide_public_proposal, "disappears"),
        (publish_draft_concertation, "appears"),
        (open_private_concertation, "appears"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_a_change_of_public_content_changes_every_etag_of_its_layer_and_its_tile(client, world, write, tile_change):
    ids_before = tile_ids(client)
    before = etags(client)

    write(world)

    after = etags(client)
    assert {name for name in FEEDS if after[name] != before[name]} == set(FEEDS)
    ids_after = tile_ids(client)
    assert (ids_after > ids_before) if tile_change == "appears" else (ids_after < ids_before)


def test_a_public_proposal_made_private_by_moving_it_leaves_the_tile_and_the_counts(client, world):
    proposal = make_proposal(world["public"], world["author"], title="À déplacer", where=SPOT)
    before, hits = etags(client), matched(client)
    assert proposal.pk in tile_ids(client)

    Proposal.objects.filter(pk=proposal.pk).update(process=world["private"])

    assert etags(client)["z16 tile"] != before["z16 tile"]
    assert proposal.pk not in tile_ids(client)
    assert matched(client) == hits - 1


SURVEY_FEED = "/ogc/collections/survey_answers/items"


def test_answers_to_a_private_concertations_survey_leave_the_survey_layer_as_it_was(client, world):
    survey = make_survey(world["private"], slug="entre-membres")
    before = etag(client, SURVEY_FEED), etag(client, FEEDS["OGC API items"])

    respondents(survey, 2, SPOT, prefix="membre")
    survey.title = "Nouveau titre"
    survey.save()

    assert (etag(client, SURVEY_FEED), etag(client, FEEDS["OGC API items"])) == before


def test_a_map_answer_to_a_public_survey_changes_the_survey_layers_etag(client, world):
    survey = make_survey(world["public"])
    before = etag(client, SURVEY_FEED)

    respondents(survey, 1, SPOT)

    assert etag(client, SURVEY_FEED) != before


def test_a_new_pseudonym_moves_the_etags_only_for_an_author_of_public_content(client, world):
    member = User.objects.create_user("membre@example.org", "Membre discret")
    world["private"].members.add(member)
    make_proposal(world["private"], member, title="Seulement entre membres", where=SPOT)
    before = etags(client)

    member.pseudonym = "Membre renommé"
    member.save()
    member.delete()

    assert etags(client) == before
    world["author"].pseudonym = "Camille de Lille"
    world["author"].save()
    assert etag(client, FEEDS["OGC API items"]) != before["OGC API items"]
