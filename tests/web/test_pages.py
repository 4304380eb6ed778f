"""The citizen pages through Django's test client: what is shown, and that no input gives a 500."""

import json

import pytest
from django.utils import timezone

from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Proposal

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process, make_proposal, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(citizen, process):
    return make_proposal(process, citizen, title="Des arceaux vélo", theme=process.themes.get(slug="mobilite"))


def test_every_page_of_a_concertation_opens(client, proposal):
    slug = proposal.process.slug
    for path in [
        "/",
        f"/concertations/{slug}/",
        f"/concertations/{slug}/propositions/{proposal.pk}/",
        f"/concertations/{slug}/reunions/",
        f"/concertations/{slug}/carte/",
        "/communes/",
        "/communes/59350/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "unpkg" not in response.text and "cdn" not in response.text


def test_a_private_concertation_is_not_found_by_outsiders(client, citizen):
    make_process("atelier-prive", is_private=True)
    assert client.get("/concertations/atelier-prive/").status_code == 404
    client.force_login(citizen)
    assert client.get("/concertations/atelier-prive/").status_code == 404


def test_the_list_is_filtered_by_theme_commune_state_and_text(client, proposal):
    slug = proposal.process.slug
    assert "Des arceaux vélo" in client.get(f"/concertations/{slug}/?theme=mobilite&commune=59350&q=gare").text
    assert "Des arceaux vélo" not in client.get(f"/concertations/{slug}/?theme=climat").text
    assert "Des arceaux vélo" not in client.get(f"/concertations/{slug}/?commune=59512").text
    assert "Des arceaux vélo" not in client.get(f"/concertations/{slug}/?state=accepted").text


@pytest.mark.parametrize("query", ["theme=inconnu", "page=abc", "page=99999", "q=" + "x" * 5000])
def test_tampered_filters_never_give_an_error_page(client, proposal, query):
    assert client.get(f"/concertations/{proposal.process.slug}/?{query}").status_code == 200


def test_a_nul_in_a_filter_is_a_page_saying_so(client, proposal):
    response = client.get(f"/concertations/{proposal.process.slug}/?commune=%00")
    assert response.status_code == 400
    assert "caractère nul" in response.text


def test_a_visitor_is_sent_to_log_in_before_proposing(client, process):
    response = client.get(f"/concertations/{process.slug}/propositions/nouvelle/")
    assert response.status_code == 302
    assert response.url.startswith("/comptes/connexion/?next=")


def test_a_pin_outside_the_territory_is_explained_and_the_text_is_kept(client, citizen, process):
    client.force_login(citizen)
    response = client.post(
        f"/concertations/{process.slug}/propositions/nouvelle/",
        {"title": "Un tramway", "body": "Jusqu'à Paris", "lon": OUTSIDE_TERRITORY[0], "lat": OUTSIDE_TERRITORY[1]},
    )
    assert response.status_code == 400
    assert "Ce lieu est en dehors du territoire de la métropole" in response.text
    assert 'value="Un tramway"' in response.text
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "", "body": "", "lon": "", "lat": ""},
        {"title": "x" * 151, "body": "y", "lon": "3.06", "lat": "50.63"},
        {"title": "t", "body": "b", "lon": "abc", "lat": "50.63"},
        {"title": "t", "body": "b", "lon": "1e400", "lat": "nan"},
        {"title": "t", "body": "b", "lon": "50.637", "lat": "3.063"},
        {"title": "t", "body": "b", "lon": "3.06", "lat": "50.63", "theme": "inconnu"},
        {"title": "t\x00", "body": "b", "lon": "3.06", "lat": "50.63"},
    ],
)
def test_no_proposal_input_gives_an_error_page(client, citizen, process, data):
    client.force_login(citizen)
    response = client.post(f"/concertations/{process.slug}/propositions/nouvelle/", data)
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_supporting_twice_counts_once(client, citizen, proposal):
    client.force_login(citizen)
    url = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"
    client.post(url, {"action": "support"})
    client.post(url, {"action": "support"})
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1
    assert "Retirer mon soutien" in client.get(url).text


def test_comment_follow_and_report_from_the_proposal_page(client, citizen, proposal):
    client.force_login(citizen)
    url = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"
    assert "Le commentaire est obligatoire" in client.post(url, {"action": "comment", "body": " "}).text
    client.post(url, {"action": "comment", "body": "Bonne idée"})
    client.post(url, {"action": "follow"})
    client.post(url, {"action": "report", "reason": "spam"})
    page = client.get(url).text
    assert "Bonne idée" in page and "Ne plus suivre" in page
    assert proposal.comments.count() == 1
    assert client.post(url, {"action": "report", "reason": "inconnu"}).status_code == 400


def test_a_visitor_cannot_support_without_logging_in(client, proposal):
    url = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"
    assert client.post(url, {"action": "support"}).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 0


def test_an_annotation_is_drawn_as_geojson_and_bad_drawings_are_explained(client, citizen, process):
    client.force_login(citizen)
    url = f"/concertations/{process.slug}/carte/"
    line = {"type": "LineString", "coordinates": [[3.06, 50.63], [3.07, 50.64]]}
    for bad in ["pas du json", "[1, 2]", '{"type": "Point", "coordinates": "x"}', ""]:
        response = client.post(url, {"kind": "idee", "comment": "Ici", "geometry": bad})
        assert response.status_code == 400, bad
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[3.06, 50.63], [3.07, 50.64], [3.07, 50.63], [3.06, 50.64], [3.06, 50.63]]],
    }
    assert "invalide" in client.post(url, {"kind": "idee", "comment": "x", "geometry": json.dumps(bowtie)}).text

    client.post(url, {"kind": "idee", "comment": "Une piste ici", "geometry": json.dumps(line)})
    assert Annotation.objects.get().geom.geom_type == "LineString"


def test_the_commune_page_shows_what_was_contributed_there(client, proposal):
    assert "Des arceaux vélo" in client.get("/communes/59350/").text
    assert "Des arceaux vélo" not in client.get("/communes/59512/").text
    assert client.get("/communes/99999/").status_code == 404


def _count_cell(html, commune):
    """The « Propositions » cell of the commune's row (after the population)."""
    row = html.split(f">{commune}</a></th>", 1)[1].split("</tr>", 1)[0]
    return int(row.split("<td>")[2].split("</td>", 1)[0])


def test_the_communes_page_counts_the_public_proposals_only(client, citizen, process):
    make_proposal(process, citizen, title="Une fontaine")
    make_proposal(process, citizen, title="Un banc")
    make_proposal(process, citizen, title="Un abri", where=MAIRIE_ROUBAIX)
    Proposal.objects.filter(title="Un banc").update(hidden_at=timezone.now())
    private = make_process("atelier-prive", is_private=True)
    private.members.add(citizen)
    make_proposal(private, citizen, title="Un atelier")
    html = client.get("/communes/").text
    assert _count_cell(html, "Lille") == 1
    assert _count_cell(html, "Roubaix") == 1
    assert _count_cell(html, "Tourcoing") == 0
    client.force_login(citizen)
    assert '<p class="count">1 proposition</p>' in client.get("/concertations/atelier-prive/").text


def test_the_proposal_list_pages_through_every_published_proposal_and_its_filters(client, citizen, process):
    for n in range(23):
        make_proposal(
            process, citizen, title=f"Idée {n:02d}", theme=process.themes.get(slug="climat" if n % 2 else "mobilite")
        )
    Proposal.objects.filter(title="Idée 00").update(hidden_at=timezone.now())
    slug = process.slug
    first, second = client.get(f"/concertations/{slug}/").text, client.get(f"/concertations/{slug}/?page=2").text
    assert "22 propositions" in first and "Page 1 sur 2" in first
    assert "22 propositions" in second and "Page 2 sur 2" in second
    shown = {title for n in range(23) if (title := f"Idée {n:02d}") in first + second}
    assert shown == {f"Idée {n:02d}" for n in range(1, 23)}
    climate = client.get(f"/concertations/{slug}/?theme=climat").text
    assert "11 propositions" in climate and "Page 1 sur" not in climate
    assert '<p class="count">1 proposition</p>' in client.get(f"/concertations/{slug}/?q=Idée 05").text


def test_the_proposal_list_of_one_commune_counts_its_published_proposals_only(client, citizen, process):
    for n in range(23):
        make_proposal(process, citizen, title=f"Idée {n:02d}", where=MAIRIE_ROUBAIX if n % 3 else GRAND_PLACE_LILLE)
    make_proposal(make_process("autre-concertation"), citizen, title="Ailleurs", where=MAIRIE_ROUBAIX)
    Proposal.objects.filter(title="Idée 01").update(hidden_at=timezone.now())
    Proposal.objects.filter(title="Idée 02").update(published_at=None)
    slug = process.slug

    roubaix = client.get(f"/concertations/{slug}/?commune=59512").text
    lille = client.get(f"/concertations/{slug}/?commune=59350").text
    assert '<p class="count">13 propositions</p>' in roubaix and "Page 1 sur 1" not in roubaix
    assert '<p class="count">8 propositions</p>' in lille
    assert '<p class="count">0 propositions</p>' in client.get(f"/concertations/{slug}/?commune=59599").text
    # The text filter looks for words (search/text.py), not a substring: « Idée 1 » is not in « Idée 10 ».
    assert '<p class="count">1 proposition</p>' in client.get(f"/concertations/{slug}/?commune=59512&q=Idée 10").text
    assert '<p class="count">0 propositions</p>' in client.get(f"/concertations/{slug}/?commune=59350&q=Idée 10").text


def test_the_map_page_counts_the_published_annotations_of_its_concertation(client, citizen, process):
    for n in range(23):
        services.annotation_create(
            author=citizen, process=process, kind="idee", comment=f"Idée {n:02d}", geometry=point(*GRAND_PLACE_LILLE)
        )
    services.annotation_create(
        author=citizen,
        process=make_process("autre-concertation"),
        kind="idee",
        comment="Ailleurs",
        geometry=point(*GRAND_PLACE_LILLE),
    )
    Annotation.objects.filter(comment="Idée 01").update(hidden_at=timezone.now())
    Annotation.objects.filter(comment="Idée 02").update(published_at=None)

    first = client.get(f"/concertations/{process.slug}/carte/").text
    second = client.get(f"/concertations/{process.slug}/carte/?page=2").text
    assert "21 annotations</h2>" in first and "21 annotations</h2>" in second
    assert "Idée 01" not in first + second and "Idée 02" not in first + second and "Idée 22" in first + second


def test_the_commune_page_counts_its_public_proposals_and_annotations(client, citizen, process):
    for title in ("Une fontaine", "Un banc", "Un arbre"):
        make_proposal(process, citizen, title=title)
    make_proposal(process, citizen, title="Un abri", where=MAIRIE_ROUBAIX)
    Proposal.objects.filter(title="Un banc").update(hidden_at=timezone.now())
    services.annotation_create(
        author=citizen, process=process, kind="probleme", comment="Trottoir étroit", geometry=point(*GRAND_PLACE_LILLE)
    )
    private = make_process("atelier-prive", is_private=True)
    private.members.add(citizen)
    make_proposal(private, citizen, title="Un atelier")
    page = client.get("/communes/59350/").text
    assert '<p class="count">2 propositions</p>' in page and "1 annotation sur la carte" in page
    assert "Un arbre" in page and "Un banc" not in page and "Un atelier" not in page
