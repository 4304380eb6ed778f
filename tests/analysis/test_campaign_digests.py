"""The digest of each text is kept on every path that writes the text, so that a detection right after an edit sees
the edited text."""

from rest_framework.test import APIClient

from geoparticipation.analysis.campaigns import detect_campaigns
from geoparticipation.participation import services

from .helpers import annotate, person, propose

PETITION = "Gardons la piscine municipale de Fives ouverte tout l'été, avec des horaires du soir."
OTHER = "Une autre idée entièrement : un jardin partagé derrière l'école Jules Ferry."


def plant(process, count=5, *, annotations=0):
    """`count` contributions with the same text, the last `annotations` of them annotations; returns them."""
    authors = [person(f"Nageur{i}") for i in range(count)]
    proposals = [propose(process, a, "Piscine", body=PETITION) for a in authors[: count - annotations]]
    return proposals + [annotate(process, a, f"Piscine {PETITION}") for a in authors[count - annotations :]]


def duplicate_sizes(process):
    return [flag.numbers["contributions"] for flag in detect_campaigns(process) if flag.rule == "duplicates"]


def test_an_edit_on_the_site_takes_the_text_out_of_its_group(client, process):
    proposal = plant(process)[0]
    assert duplicate_sizes(process) == [5]

    client.force_login(proposal.author)
    response = client.post(
        f"/concertations/{process.slug}/propositions/{proposal.pk}/modifier/",
        {"title": "Piscine", "body": OTHER, "lon": "3.063", "lat": "50.637"},
    )

    assert response.status_code == 302
    assert duplicate_sizes(process) == []


def test_an_edit_through_the_api_brings_a_text_into_a_group(process):
    plant(process)
    late = propose(process, person("Retardataire"), "Piscine", body=OTHER)
    api = APIClient()
    api.force_authenticate(late.author)

    response = api.patch(f"/api/v1/proposals/{late.pk}/", {"body": PETITION.upper()}, format="json")

    assert response.status_code == 200, response.content
    assert duplicate_sizes(process) == [6]


def test_a_correction_by_an_officer_is_seen_for_proposals_and_annotations(process, officer):
    contributions = plant(process, 7, annotations=2)
    assert duplicate_sizes(process) == [7]

    for target, field in ((contributions[0], "body"), (contributions[-1], "comment")):
        services.content_correct(
            target=target,
            officer=officer,
            texts={field: f"Piscine {PETITION} Appelez le [numéro retiré par la modération]."},
            category="personal_data",
            reason="Numéro retiré",
        )

    assert duplicate_sizes(process) == [5]


def test_a_new_annotation_counts_at_once(process):
    plant(process, annotations=1)
    annotate(process, person("Sixieme"), f"PISCINE : {PETITION.lower()}")

    assert duplicate_sizes(process) == [6]
