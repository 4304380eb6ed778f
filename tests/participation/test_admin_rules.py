"""Officers see in the back-office what each phase takes and what the calendar takes today; a proposal or an
annotation they add follows the same rule as a citizen's, meetings stay theirs to enter at any time."""

import html
import json

import pytest

from geoparticipation.participation.models import Annotation, Meeting, Process, Proposal

from ..factories import ACTIONS, GRAND_PLACE_LILLE, make_process, set_phases
from .test_admin import admin_url, geojson, make_proposal, meeting_form, proposal_form

pytestmark = pytest.mark.django_db

RESTITUTION = (("Propositions", -30, -1, ACTIONS), ("Restitution", 0, 30, ("comments",)))


@pytest.fixture
def officer(officer):
    officer.is_superuser = True
    officer.save()
    return officer


def text(response):
    return html.unescape(response.content.decode())


def test_the_phase_table_has_a_box_for_each_of_the_five_things_a_phase_may_take(client, officer, process):
    client.force_login(officer)
    page = text(client.get(admin_url(Process, "change", process.pk)))
    for name in ("allows_proposals", "allows_supports", "allows_comments", "allows_annotations"):
        assert f'name="phases-0-{name}"' in page
    assert "réponses aux questionnaires" in page


def test_the_concertation_page_says_what_the_current_phase_takes_and_why_the_rest_is_refused(client, officer, process):
    set_phases(process, ("Restitution", -1, 1, ("comments",)))
    client.force_login(officer)
    page = text(client.get(admin_url(Process, "change", process.pk)))
    assert "« Restitution » : commentaires" in page
    assert "La phase « Restitution » n'accepte pas de soutiens." in page


def test_the_concertation_list_says_the_current_phase_and_what_it_takes(client, officer, process):
    set_phases(process, *RESTITUTION)
    make_process("terminee", open_=False)
    client.force_login(officer)
    page = text(client.get(admin_url(Process, "changelist")))
    assert "« Restitution » : commentaires" in page
    assert "Aucune phase en cours (terminée) : aucune contribution acceptée" in page


def test_a_proposal_added_by_an_officer_outside_a_phase_of_proposals_is_refused_with_the_reason(
    client, officer, process
):
    set_phases(process, *RESTITUTION)
    client.force_login(officer)
    response = client.post(
        admin_url(Proposal, "add"),
        {
            "process": process.pk,
            "title": "Saisie d'un courrier",
            "body": "Reçu par la poste.",
            "theme": "",
            "geom": geojson(*GRAND_PLACE_LILLE),
            "published_at_0": "2025-03-01",
            "published_at_1": "09:00:00",
            "_save": "Enregistrer",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["process"] == [
        "La phase « Restitution » n'accepte plus de propositions."
    ]
    assert not Proposal.objects.exists()


def test_an_annotation_added_by_an_officer_after_the_end_is_refused(client, officer, process):
    set_phases(process, ("Propositions", -30, -1, ACTIONS))
    client.force_login(officer)
    line = json.dumps({"type": "LineString", "coordinates": [[3.150, 50.690], [3.175, 50.691]]})
    response = client.post(
        admin_url(Annotation, "add"),
        {"process": process.pk, "kind": "probleme", "comment": "Trottoir", "geom": line, "_save": "1"},
    )
    assert "Cette concertation est terminée : elle n&#x27;accepte plus d&#x27;annotations." in response.content.decode()
    assert not Annotation.objects.exists()


def test_meetings_and_answers_stay_free_after_the_end(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    set_phases(process, ("Propositions", -30, -1, ACTIONS))
    client.force_login(officer)
    assert client.post(admin_url(Meeting, "add"), meeting_form(process, GRAND_PLACE_LILLE)).status_code == 302
    answered = client.post(
        admin_url(Proposal, "change", proposal.pk), proposal_form(proposal, state="accepted", answer="Retenue.")
    )
    assert answered.status_code == 302
    assert Proposal.objects.get().state == Proposal.State.ACCEPTED
