"""The debate pages through Django's client: what a citizen reads, posts, and is refused."""

import html

import pytest
from django.utils import timezone

from geoparticipation.debates import services
from geoparticipation.debates.models import Argument, ArgumentSupport, Debate
from geoparticipation.participation import services as participation
from geoparticipation.participation.models import Follow, Report

from ..factories import ACTIONS, GRAND_PLACE_LILLE, make_process, set_phases

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def url(debate):
    return f"/concertations/plan-climat/debats/{debate.pk}/"


def test_the_list_shows_each_debate_with_its_counts(client, debate, citizen):
    services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")
    services.argument_create(author=citizen, debate=debate, stance="for", body="Oui encore.")
    response = client.get("/concertations/plan-climat/debats/")

    assert response.status_code == 200
    content = text(response)
    assert "Faut-il piétonniser la Grand-Place ?" in content
    assert "2 arguments pour" in content and "0 arguments contre" in content
    assert 'aria-current="page">Débats<' in content


def test_the_debate_shows_its_columns_replies_and_conclusion(client, debate, citizen, dominique):
    pour = services.argument_create(author=citizen, debate=debate, stance="for", body="Moins de bruit.")
    services.argument_create(author=dominique, debate=debate, stance="against", body="Les livraisons.")
    services.argument_create(author=dominique, debate=debate, parent=pour, body="Et plus d'air.")
    debate.state, debate.conclusion = Debate.State.CLOSED, "La Métropole piétonnise le dimanche."
    services.debate_save(debate=debate)

    content = text(client.get(url(debate)))
    assert "Pour (1)" in content and "Contre (1)" in content and "Nuance (0)" in content
    assert content.index("Moins de bruit.") < content.index("Et plus d'air.") < content.index("Les livraisons.")
    assert "Conclusion de la métropole" in content and "La Métropole piétonnise le dimanche." in content
    assert 'data-gp-map="debate"' in content


def test_a_citizen_posts_an_argument_with_a_pin(client, debate, citizen):
    client.force_login(citizen)
    lon, lat = GRAND_PLACE_LILLE
    response = client.post(
        url(debate), {"action": "argument", "stance": "against", "body": "Trop de livraisons.", "lon": lon, "lat": lat}
    )

    argument = Argument.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#argument-{argument.pk}")
    assert (argument.stance, argument.author, argument.commune.nom) == ("against", citizen, "Lille")


def test_bad_input_is_a_400_that_keeps_the_text_and_stores_nothing(client, debate, citizen):
    client.force_login(citizen)
    response = client.post(url(debate), {"action": "argument", "stance": "", "body": "Mon texte gardé"})

    assert response.status_code == 400
    content = text(response)
    assert "Choisissez votre position" in content
    assert "Mon texte gardé" in content
    assert not Argument.objects.exists()


def test_a_reply_and_a_support_go_to_the_argument(client, debate, citizen, dominique):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")
    client.force_login(dominique)

    reply = client.post(url(debate), {"action": "reply", "parent": argument.pk, "body": "Bien dit."})
    support = client.post(url(debate), {"action": "support", "argument": argument.pk})
    client.post(url(debate), {"action": "support", "argument": argument.pk})

    assert reply.status_code == support.status_code == 302
    assert Argument.objects.get(parent=argument).body == "Bien dit."
    assert ArgumentSupport.objects.filter(argument=argument).count() == 1
    assert "Retirer mon soutien" in text(client.get(url(debate)))


def test_an_empty_reply_is_a_400_next_to_its_argument(client, debate, citizen):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")
    client.force_login(citizen)
    response = client.post(url(debate), {"action": "reply", "parent": argument.pk, "body": " "})

    assert response.status_code == 400
    assert "La réponse est vide." in text(response)
    assert Argument.objects.count() == 1


def test_follow_and_report(client, debate, citizen):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")
    client.force_login(citizen)
    client.post(url(debate), {"action": "follow"})
    client.post(url(debate), {"action": "report", "reason": "off_topic", "details": ""})
    client.post(url(debate), {"action": "report_argument", "argument": argument.pk, "reason": "spam", "details": ""})

    assert Follow.objects.filter(user=citizen, object_id=debate.pk, content_type__model="debate").exists()
    assert {r.target for r in Report.objects.all()} == {debate, argument}
    assert "Ne plus suivre" in text(client.get(url(debate)))


def test_a_phase_without_debates_offers_no_form_and_refuses_a_post_with_403(client, process, debate, citizen):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")
    set_phases(process, ("Propositions", -5, 5, [a for a in ACTIONS if a not in ("arguments", "argument_supports")]))
    client.force_login(citizen)

    content = text(client.get(url(debate)))
    assert "Publier mon argument" not in content and ">Soutenir" not in content and "Répondre" not in content
    assert "La phase « Propositions » n'accepte pas d'arguments dans ses débats." in content
    response = client.post(url(debate), {"action": "argument", "stance": "for", "body": "Encore."})
    support = client.post(url(debate), {"action": "support", "argument": argument.pk})
    assert response.status_code == support.status_code == 403
    assert Argument.objects.count() == 1 and not ArgumentSupport.objects.exists()


def test_a_column_pages_through_thousands_of_arguments_and_sorts_by_date(client, debate, citizen):
    now = timezone.now()
    Argument.objects.bulk_create(
        Argument(debate=debate, author=citizen, stance="for", body=f"Argument n° {n}", published_at=now)
        for n in range(45)
    )
    first = text(client.get(url(debate) + "?tri=date"))
    third = text(client.get(url(debate) + "?tri=date&pour=3"))

    assert "Pour (45)" in first
    assert "Argument n° 44" in first and "Argument n° 24" not in first and "Arguments suivants" in first
    assert "Argument n° 4\n" in third.replace("</p>", "\n") and "Arguments suivants" not in third
    assert "Arguments précédents" in third


def test_a_hidden_argument_keeps_its_place_as_a_notice(client, debate, citizen, officer):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Texte injurieux")
    participation.content_hide(target=argument, officer=officer, category="offensive", reason="Injures")

    content = text(client.get(url(debate)))
    assert "Texte injurieux" not in content
    assert "Argument masqué par la modération le" in content and "Propos injurieux ou haineux" in content
    assert "Pour (0)" in content


def test_hidden_unpublished_and_private_debates_are_not_shown(client, debate, officer):
    participation.content_hide(target=debate, officer=officer, category="off_topic", reason="Hors sujet")
    unpublished = Debate.objects.create(process=debate.process, title="Brouillon")
    private = Debate.objects.create(
        process=make_process("prive", is_private=True), title="Entre membres", published_at=timezone.now()
    )

    hidden = client.get(url(debate))
    assert hidden.status_code == 410 and "Débat masqué par la modération" in text(hidden)
    assert client.get(url(unpublished)).status_code == 404
    assert client.get(f"/concertations/prive/debats/{private.pk}/").status_code == 404
    listing = text(client.get("/concertations/plan-climat/debats/"))
    assert "Faut-il piétonniser" not in listing and "Brouillon" not in listing


def test_an_unknown_argument_in_a_form_is_a_404(client, debate, citizen):
    client.force_login(citizen)
    assert client.post(url(debate), {"action": "support", "argument": "abc"}).status_code == 404
    assert client.post(url(debate), {"action": "reply", "parent": 999999, "body": "?"}).status_code == 404
