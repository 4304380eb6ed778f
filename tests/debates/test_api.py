"""Debates in the REST API (/api/v1/debates/, /api/v1/arguments/): the site's rules on another path."""

import pytest
from django.utils import timezone

from geoparticipation.debates import services
from geoparticipation.debates.models import Argument, ArgumentSupport, Debate
from geoparticipation.participation import services as participation
from geoparticipation.participation.models import Report

from ..factories import ACTIONS, GRAND_PLACE_LILLE, OUTSIDE_TERRITORY, make_process, set_phases

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_debates_of_a_concertation_are_listed_with_their_counts_and_place(client, debate, citizen):
    services.argument_create(author=citizen, debate=debate, stance="for", body="Moins de bruit.")

    listed = client.get("/api/v1/debates/", {"process": "plan-climat"}).json()

    assert listed["count"] == 1
    (shown,) = listed["results"]
    assert (shown["title"], shown["arguments_for"], shown["commune"]) == (
        "Faut-il piétonniser la Grand-Place ?",
        1,
        "59350",
    )
    assert shown["geometry"]["type"] == "Point"
    assert shown["url"].endswith(f"/concertations/plan-climat/debats/{debate.pk}/")
    assert client.get("/api/v1/debates/", {"processus": "x"}).status_code == 400


def test_a_citizen_posts_an_argument_and_a_reply_and_reads_the_column(client, debate, citizen, dominique):
    client.force_login(citizen)
    lon, lat = GRAND_PLACE_LILLE
    created = post(
        client,
        f"/api/v1/debates/{debate.pk}/arguments/",
        {"stance": "against", "body": "Les livraisons.", "geometry": {"type": "Point", "coordinates": [lon, lat]}},
    )
    assert created.status_code == 201, created.content
    argument = Argument.objects.get(pk=created.json()["id"])
    assert (argument.stance, argument.commune.nom, created.json()["author"]) == ("against", "Lille", "Camille59")

    client.force_login(dominique)
    reply = post(client, f"/api/v1/debates/{debate.pk}/arguments/", {"parent": argument.pk, "body": "Le matin ?"})
    assert reply.status_code == 201 and reply.json()["parent"] == argument.pk

    column = client.get(f"/api/v1/debates/{debate.pk}/arguments/", {"stance": "against", "sort": "date"}).json()
    assert column["count"] == 1 and [a["body"] for a in column["results"]] == ["Les livraisons."]
    assert client.get(f"/api/v1/debates/{debate.pk}/arguments/", {"stance": "peut-etre"}).status_code == 400


def test_bad_arguments_are_a_400_that_stores_nothing(client, debate, citizen):
    client.force_login(citizen)
    url = f"/api/v1/debates/{debate.pk}/arguments/"
    lon, lat = OUTSIDE_TERRITORY
    outside = post(
        client, url, {"stance": "for", "body": "Ici.", "geometry": {"type": "Point", "coordinates": [lon, lat]}}
    )
    no_stance = post(client, url, {"body": "Sans position."})
    unknown_parent = post(client, url, {"parent": 999999, "body": "À qui ?"})

    assert [r.status_code for r in (outside, no_stance, unknown_parent)] == [400, 400, 400]
    assert "territoire" in outside.content.decode()
    assert not Argument.objects.exists()


def test_a_closed_debate_and_a_phase_without_arguments_refuse_with_a_403(client, debate, citizen):
    client.force_login(citizen)
    debate.state, debate.conclusion = Debate.State.CLOSED, "La Métropole piétonnise le dimanche."
    services.debate_save(debate=debate)
    closed = post(client, f"/api/v1/debates/{debate.pk}/arguments/", {"stance": "for", "body": "Trop tard ?"})

    other = make_process("sans-arguments")
    set_phases(other, ("Sans débat", -1, 10, [action for action in ACTIONS if action != "arguments"]))
    quiet = Debate.objects.create(process=other, title="Une question", published_at=timezone.now())
    refused = post(client, f"/api/v1/debates/{quiet.pk}/arguments/", {"stance": "for", "body": "Non."})

    assert (closed.status_code, refused.status_code) == (403, 403)
    assert not Argument.objects.exists()


def test_a_support_counts_once_and_is_withdrawn_and_a_report_reaches_moderation(client, debate, citizen, dominique):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Moins de bruit.")
    assert client.post(f"/api/v1/arguments/{argument.pk}/support/").status_code in (401, 403)
    client.force_login(dominique)

    first = client.post(f"/api/v1/arguments/{argument.pk}/support/").json()
    again = client.post(f"/api/v1/arguments/{argument.pk}/support/").json()
    assert first == again == {"supported": True, "supports_count": 1}
    assert client.delete(f"/api/v1/arguments/{argument.pk}/support/").json() == {
        "supported": False,
        "supports_count": 0,
    }
    assert not ArgumentSupport.objects.exists()

    reported = post(client, f"/api/v1/arguments/{argument.pk}/report/", {"reason": "off_topic"})
    assert reported.status_code == 201
    assert Report.objects.get().target == argument


def test_a_hidden_argument_is_a_notice_and_a_hidden_debate_is_not_found(client, debate, citizen, officer):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Texte masqué.")
    participation.content_hide(target=argument, officer=officer, category="offensive", reason="Insulte.")

    (shown,) = client.get(f"/api/v1/debates/{debate.pk}/arguments/").json()["results"]
    assert (shown["body"], shown["author"], shown["moderation"]) == (None, None, {"category": "offensive"})
    assert "Texte masqué." not in client.get(f"/api/v1/debates/{debate.pk}/arguments/").content.decode()
    assert client.post(f"/api/v1/arguments/{argument.pk}/support/").status_code in (401, 403, 404)

    participation.content_hide(target=debate, officer=officer, category="spam", reason="Publicité.")
    assert client.get(f"/api/v1/debates/{debate.pk}/").status_code == 404
    assert client.get("/api/v1/debates/").json()["count"] == 0


def test_the_column_pages_by_its_cursor_and_refuses_a_bad_one(client, debate, citizen, monkeypatch):
    from geoparticipation.debates import selectors

    monkeypatch.setattr(selectors, "COLUMN_PAGE", 2)
    now = timezone.now()
    Argument.objects.bulk_create(
        Argument(debate=debate, author=citizen, stance="for", body=f"Pour {n}", published_at=now) for n in range(5)
    )
    url = f"/api/v1/debates/{debate.pk}/arguments/"
    bodies, params = [], {"stance": "for"}
    while True:
        page = client.get(url, params).json()
        bodies += [a["body"] for a in page["results"]]
        if page["next_after"] is None:
            break
        params = {"stance": "for", "after": page["next_after"]}
    assert bodies == [f"Pour {n}" for n in (4, 3, 2, 1, 0)]
    back = client.get(url, {"stance": "for", "before": page["previous_before"]}).json()
    assert [a["body"] for a in back["results"]] == ["Pour 2", "Pour 1"] and back["page"] is None
    for bad in ({"after": "x"}, {"before": "999999999"}):
        answer = client.get(url, {"stance": "for", **bad})
        assert answer.status_code == 400 and list(answer.json()) == list(bad)
