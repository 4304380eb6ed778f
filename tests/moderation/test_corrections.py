"""A correction by moderation: the author's words kept as version 1, the corrected text published with a note."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from geoparticipation.accounts.models import User
from geoparticipation.moderation.models import TextVersion
from geoparticipation.moderation.selectors import text_version_export, text_versions_of, versions_of
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, Proposal

from ..factories import GRAND_PLACE_LILLE, make_proposal, point

pytestmark = pytest.mark.django_db

PHONE = "06 12 34 56 78"
ORIGINAL_BODY = f"Un abri vélo devant la gare. Appelez-moi au {PHONE} pour en parler."
WFS = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature"}
CORRECTED_BODY = "Un abri vélo devant la gare. Appelez-moi [numéro retiré par la modération] pour en parler."


@pytest.fixture
def phone_proposal(process, citizen):
    return make_proposal(process, citizen, title=f"Abri vélo, {PHONE}", body=ORIGINAL_BODY)


def correct(target, officer, **texts):
    return services.content_correct(
        target=target, officer=officer, texts=texts, category="personal_data", reason="Numéro de téléphone retiré"
    )


def page(client, proposal):
    return client.get(reverse("web:proposal", args=[proposal.process.slug, proposal.pk])).content.decode()


def read(response):
    assert response.status_code == 200, response
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def test_a_correction_keeps_the_authors_text_as_version_one_and_publishes_the_corrected_one(
    phone_proposal, officer, citizen
):
    correct(phone_proposal, officer, title="Abri vélo", body=CORRECTED_BODY)

    phone_proposal.refresh_from_db()
    assert (phone_proposal.title, phone_proposal.body) == ("Abri vélo", CORRECTED_BODY)
    original, corrected = versions_of(phone_proposal)
    assert (original.number, original.title, original.text, original.author) == (
        1,
        f"Abri vélo, {PHONE}",
        ORIGINAL_BODY,
        citizen,
    )
    assert original.corrected_by is None
    assert (corrected.number, corrected.text, corrected.corrected_by, corrected.category) == (
        2,
        CORRECTED_BODY,
        officer,
        "personal_data",
    )


def test_a_second_correction_adds_a_third_version_and_keeps_the_first(phone_proposal, officer):
    correct(phone_proposal, officer, body=CORRECTED_BODY)
    correct(phone_proposal, officer, body=CORRECTED_BODY + " Merci.")

    assert [v.text for v in versions_of(phone_proposal)] == [ORIGINAL_BODY, CORRECTED_BODY, CORRECTED_BODY + " Merci."]
    assert [v.title for v in versions_of(phone_proposal)] == [f"Abri vélo, {PHONE}"] * 3


@pytest.mark.parametrize(
    ("texts", "field", "message"),
    [
        ({"body": "   "}, "body", "Le texte est obligatoire."),
        ({"title": "x" * 151}, "title", "Le titre ne doit pas dépasser 150 caractères (151 saisis)."),
        ({"body": ORIGINAL_BODY}, "__all__", "Le texte corrigé est identique au texte publié : rien n'a été modifié."),
        ({"comment": "Autre"}, "__all__", "Champ inconnu : comment ; on corrige title, body."),
    ],
)
def test_a_correction_that_is_empty_too_long_unchanged_or_of_an_unknown_field_is_refused(
    phone_proposal, officer, texts, field, message
):
    with pytest.raises(ValidationError) as refused:
        correct(phone_proposal, officer, **texts)

    assert refused.value.message_dict[field] == [message]
    phone_proposal.refresh_from_db()
    assert phone_proposal.body == ORIGINAL_BODY
    assert not TextVersion.objects.exists()


def test_a_correction_needs_a_known_category_and_a_reason(phone_proposal, officer):
    with pytest.raises(ValidationError) as refused:
        services.content_correct(
            target=phone_proposal, officer=officer, texts={"body": CORRECTED_BODY}, category="rgpd", reason=" "
        )

    assert set(refused.value.message_dict) == {"category", "reason"}
    assert not TextVersion.objects.exists()


def test_the_proposal_page_shows_the_corrected_text_with_the_public_note_and_never_the_original(
    phone_proposal, officer
):
    correct(phone_proposal, officer, title="Abri vélo", body=CORRECTED_BODY)

    html = page(Client(), phone_proposal)

    assert CORRECTED_BODY in html
    assert "Modifié par la modération : données personnelles, le " in html
    assert PHONE not in html


def test_the_author_sees_their_original_text_on_the_proposal_page_and_others_do_not(
    client, phone_proposal, officer, citizen
):
    correct(phone_proposal, officer, title="Abri vélo", body=CORRECTED_BODY)
    client.force_login(citizen)
    assert "Votre texte d'origine" in page(client, phone_proposal)
    assert PHONE in page(client, phone_proposal)

    other = User.objects.create_user("dominique@example.org", "Dominique", "un-mot-de-passe-solide")
    client.force_login(other)
    assert PHONE not in page(client, phone_proposal)
    assert "Votre texte d'origine" not in page(client, phone_proposal)


def test_a_corrected_comment_shows_the_note_in_the_thread(client, proposal, officer, citizen):
    comment = services.comment_create(author=citizen, target=proposal, body=f"Mon numéro : {PHONE}")
    correct(comment, officer, body="Mon numéro : [retiré]")

    html = page(Client(), proposal)
    assert "Mon numéro : [retiré]" in html
    assert "Modifié par la modération : données personnelles" in html
    assert PHONE not in html
    client.force_login(citizen)
    assert PHONE in page(client, proposal)
    assert Comment.objects.get(pk=comment.pk).body == "Mon numéro : [retiré]"


def test_a_corrected_annotation_shows_the_note_on_the_map_page(process, officer, citizen):
    annotation = services.annotation_create(
        author=citizen, process=process, kind="idee", comment=f"Appelez le {PHONE}", geometry=point(*GRAND_PLACE_LILLE)
    )
    correct(annotation, officer, comment="Appelez [numéro retiré]")

    html = Client().get(reverse("web:annotations", args=[process.slug])).content.decode()
    assert "Appelez [numéro retiré]" in html
    assert "Modifié par la modération : données personnelles" in html
    assert PHONE not in html


def test_the_corrected_text_is_in_every_published_layer_and_the_original_in_none(phone_proposal, officer, citizen):
    annotation = services.annotation_create(
        author=citizen,
        process=phone_proposal.process,
        kind="idee",
        comment=f"Appelez le {PHONE}",
        geometry=point(*GRAND_PLACE_LILLE),
    )
    services.comment_create(author=citizen, target=phone_proposal, body=f"Ou le {PHONE}")
    correct(phone_proposal, officer, title="Abri vélo", body=CORRECTED_BODY)
    correct(annotation, officer, comment="Appelez [numéro retiré]")
    for comment in Comment.objects.all():
        correct(comment, officer, body="Ou [numéro retiré]")
    client = Client()

    item = json.loads(read(client.get(f"/ogc/collections/proposals/items/{phone_proposal.pk}")))
    assert (item["properties"]["title"], item["properties"]["body"]) == ("Abri vélo", CORRECTED_BODY)
    outputs = [
        read(client.get("/ogc/collections/proposals/items", {"limit": 100})),
        read(client.get(f"/ogc/collections/annotations/items/{annotation.pk}")),
        read(client.get("/ogc/collections/annotations/items", {"limit": 100})),
        read(client.get("/api/v1/proposals/")),
        read(client.get(f"/api/v1/proposals/{phone_proposal.pk}/")),
        read(client.get(f"/api/v1/proposals/{phone_proposal.pk}/comments/")),
        read(client.get("/api/v1/annotations/")),
        *(
            read(client.get("/wfs", {**WFS, "TYPENAMES": layer, "OUTPUTFORMAT": output_format}))
            for layer in ("proposals", "annotations")
            for output_format in ("geojson", "application/gml+xml; version=3.2")
        ),
        page(client, phone_proposal),
        read(client.get(reverse("web:annotations", args=[phone_proposal.process.slug]))),
    ]
    assert CORRECTED_BODY in [f["properties"]["body"] for f in json.loads(outputs[0])["features"]]
    assert json.loads(outputs[1])["properties"]["comment"] == "Appelez [numéro retiré]"
    for output in outputs:
        assert PHONE not in output


def test_the_authors_versions_are_in_their_data_and_go_with_their_account(phone_proposal, officer, citizen):
    correct(phone_proposal, officer, body=CORRECTED_BODY)

    assert [v.number for v in text_versions_of(citizen)] == [1, 2]
    exported = [text_version_export(v) for v in text_versions_of(citizen)]
    assert [(v["on"], v["version"], v["by"], v["text"]) for v in exported] == [
        (f"proposal:{phone_proposal.pk}", 1, "author", ORIGINAL_BODY),
        (f"proposal:{phone_proposal.pk}", 2, "moderation", CORRECTED_BODY),
    ]
    assert exported[1]["category"] == "personal_data"
    assert text_versions_of(officer).count() == 0

    citizen.delete()
    assert not TextVersion.objects.exists()
    assert Proposal.objects.get(pk=phone_proposal.pk).body == CORRECTED_BODY
