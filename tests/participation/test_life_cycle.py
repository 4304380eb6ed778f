"""The proposal's life cycle on every path: its author edits it (on the rules of rules.edit_refusal) and withdraws
it; the site, the REST API and the back-office all obey the same rules."""

import datetime

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from geoparticipation.accounts.models import User
from geoparticipation.participation import rules, services
from geoparticipation.participation.models import Proposal, Support

from ..factories import ACTIONS, GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_proposal, set_phases

pytestmark = pytest.mark.django_db

SUPPORTS_ONLY = (("Propositions", -30, -1, ACTIONS), ("Soutiens", 0, 30, ("supports", "comments")))


@pytest.fixture
def other(db):
    return User.objects.create_user("dominique@example.org", "Dominique", "un-mot-de-passe-solide")


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def edit(proposal, user, **changes):
    values = {"title": proposal.title, "body": proposal.body, "geometry": Point(*GRAND_PLACE_LILLE, srid=4326)}
    return services.proposal_edit(proposal=proposal, user=user, **{**values, **changes})


def commune_counts(process):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.insee, k.proposals FROM layers_commune_count k JOIN territory_commune c ON c.id = k.commune_id"
            " WHERE k.process_id = %s AND k.proposals <> 0 ORDER BY 1",
            [process.pk],
        )
        return dict(cursor.fetchall())


def test_the_author_moves_the_pin_and_the_commune_and_its_counts_follow(proposal, citizen, process):
    assert proposal.commune.nom == "Lille" and commune_counts(process) == {"59350": 1}
    edit(proposal, citizen, title="Un abri vélo à Roubaix", geometry=Point(*MAIRIE_ROUBAIX, srid=4326))
    proposal = Proposal.objects.select_related("commune").get(pk=proposal.pk)
    assert (proposal.title, proposal.commune.nom) == ("Un abri vélo à Roubaix", "Roubaix")
    assert commune_counts(process) == {"59512": 1}


def test_a_pin_outside_is_refused_as_at_creation_and_nothing_changes(proposal, citizen):
    with pytest.raises(services.ValidationError) as refused:
        edit(proposal, citizen, title="", geometry=Point(*OUTSIDE_TERRITORY, srid=4326))
    assert refused.value.message_dict == {
        "title": ["Le titre est obligatoire."],
        "geometry": ["Ce lieu est en dehors du territoire de la métropole (95 communes)."],
    }
    assert Proposal.objects.get(pk=proposal.pk).title == "Un abri vélo"


def test_only_the_author_edits_and_withdraws(proposal, other):
    with pytest.raises(rules.NotAllowedNow, match="Seul l'auteur d'une proposition peut la modifier."):
        edit(proposal, other, title="Volé")
    with pytest.raises(rules.NotAllowedNow, match="Seul l'auteur d'une proposition peut la retirer."):
        services.proposal_withdraw(proposal=proposal, user=other)


def test_once_supported_the_author_edits_only_within_the_delay(process, citizen, other, settings):
    settings.PROPOSAL_EDIT_MINUTES = 5
    published = timezone.now()
    with time_machine.travel(published, tick=False):
        proposal = make_proposal(process, citizen)
        services.support_create(user=other, proposal=proposal)
    with time_machine.travel(published + datetime.timedelta(minutes=4, seconds=59), tick=False):
        edit(proposal, citizen, title="Corrigé à temps")
    with time_machine.travel(published + datetime.timedelta(minutes=5, seconds=1), tick=False):
        with pytest.raises(rules.NotAllowedNow, match="plus de 5 minutes"):
            edit(proposal, citizen, title="Trop tard")
    assert Proposal.objects.get(pk=proposal.pk).title == "Corrigé à temps"


def test_without_support_or_comment_the_author_edits_after_the_delay(process, citizen):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3), tick=False):
        proposal = make_proposal(process, citizen)
    edit(proposal, citizen, body="Trois jours plus tard, personne ne l'a soutenue.")


def test_a_commented_proposal_is_not_edited_after_the_delay(process, citizen, other):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1), tick=False):
        proposal = make_proposal(process, citizen)
    services.comment_create(author=other, target=proposal, body="Bonne idée")
    with pytest.raises(rules.NotAllowedNow, match="soutiens ou des commentaires"):
        edit(proposal, citizen, title="Trop tard")


def test_no_edit_once_the_phase_has_moved_on(proposal, citizen, process):
    set_phases(process, *SUPPORTS_ONLY)
    with pytest.raises(rules.NotAllowedNow, match="La phase « Soutiens » n'accepte plus de propositions."):
        edit(proposal, citizen, title="Après la phase")


def test_no_edit_once_moderation_corrected_the_text(proposal, citizen, officer):
    services.content_correct(
        target=proposal,
        officer=officer,
        texts={"body": "Devant la gare (numéro retiré)."},
        category="personal_data",
        reason="Un numéro de téléphone",
    )
    with pytest.raises(rules.NotAllowedNow, match="La modération a corrigé cette proposition"):
        edit(proposal, citizen, body="Devant la gare, appelez le 06…")
    assert Proposal.objects.get(pk=proposal.pk).body == "Devant la gare (numéro retiré)."


def test_a_withdrawn_proposal_stays_public_takes_no_support_edit_or_answer(proposal, citizen, other, officer):
    services.support_create(user=other, proposal=proposal)
    services.proposal_withdraw(proposal=proposal, user=citizen)
    proposal = Proposal.objects.public().get(pk=proposal.pk)
    assert proposal.state == "withdrawn" and proposal.withdrawn_at is not None and proposal.supports_count == 1
    with pytest.raises(rules.NotAllowedNow, match="retirée par son auteur : elle ne peut plus être soutenue"):
        services.support_create(user=officer, proposal=proposal)
    with pytest.raises(rules.NotAllowedNow, match="retirée par son auteur : elle ne peut plus être soutenue"):
        services.support_delete(user=other, proposal=proposal)
    with pytest.raises(rules.NotAllowedNow, match="ne peut plus être modifiée"):
        edit(proposal, citizen, title="Je reviens")
    with pytest.raises(rules.NotAllowedNow, match="déjà retirée"):
        services.proposal_withdraw(proposal=proposal, user=citizen)
    with pytest.raises(services.ValidationError, match="ne reçoit plus de réponse"):
        services.proposal_answer(proposal=proposal, officer=officer, state="accepted", answer="Oui")
    assert Support.objects.filter(proposal=proposal).count() == 1


# The REST API


def test_api_patch_by_its_author_answers_the_feature_as_the_layer_writes_it(proposal, citizen):
    response = api_as(citizen).patch(
        f"/api/v1/proposals/{proposal.pk}/",
        {"title": "Un abri vélo à Roubaix", "geometry": {"type": "Point", "coordinates": list(MAIRIE_ROUBAIX)}},
        format="json",
    )
    assert response.status_code == 200, response.content
    properties = response.json()["properties"]
    assert (properties["title"], properties["commune_nom"], properties["body"]) == (
        "Un abri vélo à Roubaix",
        "Roubaix",
        "Devant la gare.",
    )
    published = APIClient().get(f"/api/v1/proposals/{proposal.pk}/").json()["properties"]
    assert published["commune_insee"] == "59512"


def test_api_patch_refused_with_the_reason_and_per_field(proposal, citizen, other, process):
    url = f"/api/v1/proposals/{proposal.pk}/"
    refused = api_as(other).patch(url, {"title": "Volé"}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Seul l'auteur d'une proposition peut la modifier."}
    assert APIClient().patch(url, {"title": "Anonyme"}, format="json").status_code in (401, 403)
    bad = api_as(citizen).patch(
        url, {"title": " ", "geometry": {"type": "Point", "coordinates": list(OUTSIDE_TERRITORY)}}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "title": ["Le titre est obligatoire."],
        "geometry": ["Ce lieu est en dehors du territoire de la métropole (95 communes)."],
    }
    moved = api_as(citizen).patch(url, {"process": "autre", "title": "Ailleurs"}, format="json")
    assert moved.status_code == 400 and "process" in moved.json()
    set_phases(process, *SUPPORTS_ONLY)
    late = api_as(citizen).patch(url, {"title": "Après"}, format="json")
    assert late.status_code == 403 and late.json()["detail"].startswith("La phase « Soutiens »")
    assert Proposal.objects.get(pk=proposal.pk).title == "Un abri vélo"


def test_api_withdraw_then_a_support_is_refused(proposal, citizen, other):
    assert api_as(other).post(f"/api/v1/proposals/{proposal.pk}/withdraw/").status_code == 403
    response = api_as(citizen).post(f"/api/v1/proposals/{proposal.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["properties"]["state"] == "withdrawn"
    assert APIClient().get(f"/api/v1/proposals/{proposal.pk}/").json()["properties"]["state"] == "withdrawn"
    support = api_as(other).post(f"/api/v1/proposals/{proposal.pk}/support/")
    assert support.status_code == 403
    assert support.json() == {
        "detail": "Cette proposition a été retirée par son auteur : elle ne peut plus être soutenue."
    }
    assert not Support.objects.exists()


def test_api_edits_count_against_the_write_limit(proposal, citizen, settings):
    settings.RATE_LIMITS = {"contributions": "1/min"}
    url = f"/api/v1/proposals/{proposal.pk}/"
    client = api_as(citizen)
    assert client.patch(url, {"title": "Une"}, format="json").status_code == 200
    assert client.patch(url, {"title": "Deux"}, format="json").status_code == 429


# The site


def test_site_edit_form_is_filled_in_and_saves(client, proposal, citizen):
    client.force_login(citizen)
    page = client.get(f"/concertations/plan-climat/propositions/{proposal.pk}/")
    edit_url = f"/concertations/plan-climat/propositions/{proposal.pk}/modifier/"
    assert edit_url in page.content.decode()
    form = client.get(edit_url).content.decode()
    assert 'value="Un abri vélo"' in form and 'value="3.063"' in form and 'value="50.637"' in form
    response = client.post(
        edit_url, {"title": "Un abri vélo couvert", "body": "Devant la gare.", "lon": "3.17405", "lat": "50.69106"}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.select_related("commune").get(pk=proposal.pk)
    assert (proposal.title, proposal.commune.nom) == ("Un abri vélo couvert", "Roubaix")


def test_site_edit_bad_input_keeps_the_text_and_refusals_say_why(client, proposal, citizen, other):
    client.force_login(citizen)
    edit_url = f"/concertations/plan-climat/propositions/{proposal.pk}/modifier/"
    bad = client.post(edit_url, {"title": "Texte gardé", "body": "", "lon": "2.3522", "lat": "48.8566"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert 'value="Texte gardé"' in html and "Le texte est obligatoire." in html
    assert "en dehors du territoire de la métropole" in html
    client.force_login(other)
    assert "modifier/" not in client.get(f"/concertations/plan-climat/propositions/{proposal.pk}/").content.decode()
    refused = client.post(edit_url, {"title": "Volé", "body": "x", "lon": "3.063", "lat": "50.637"})
    assert refused.status_code == 403
    assert "Seul l&#x27;auteur d&#x27;une proposition peut la modifier." in refused.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).title == "Un abri vélo"


def test_site_withdraw_asks_first_then_marks_it_and_the_support_button_leaves(client, proposal, citizen, other):
    client.force_login(citizen)
    withdraw_url = f"/concertations/plan-climat/propositions/{proposal.pk}/retirer/"
    confirm = client.get(withdraw_url)
    assert confirm.status_code == 200 and "Oui, retirer ma proposition" in confirm.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).state == "published"
    assert client.post(withdraw_url).status_code == 302
    page = client.get(f"/concertations/plan-climat/propositions/{proposal.pk}/").content.decode()
    assert "Retirée par son auteur le" in page and "modifier/" not in page and "retirer/" not in page
    client.force_login(other)
    page = client.get(f"/concertations/plan-climat/propositions/{proposal.pk}/").content.decode()
    assert 'value="support"' not in page
    assert "elle ne peut plus être soutenue" in page
    sent_anyway = client.post(f"/concertations/plan-climat/propositions/{proposal.pk}/", {"action": "support"})
    assert sent_anyway.status_code == 403 and not Support.objects.exists()


# The back-office: an officer's own proposal is theirs to edit, on the same rules


def test_back_office_edit_of_ones_own_proposal_follows_the_rule(client, process, officer, other):
    officer.is_superuser = True
    officer.save()
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1), tick=False):
        proposal = make_proposal(process, officer)
    services.support_create(user=other, proposal=proposal)
    client.force_login(officer)
    url = f"/admin/participation/proposal/{proposal.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"title": "Changé dans le back-office", "state": "published", "answer": ""})
    data["published_at_0"], data["published_at_1"] = (
        timezone.localtime(proposal.published_at).strftime("%d/%m/%Y"),
        timezone.localtime(proposal.published_at).strftime("%H:%M:%S"),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "elle ne peut plus être modifiée" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).title == "Un abri vélo"


def test_back_office_refuses_to_answer_a_withdrawn_proposal(client, proposal, citizen, officer):
    officer.is_superuser = True
    officer.save()
    services.proposal_withdraw(proposal=proposal, user=citizen)
    client.force_login(officer)
    url = f"/admin/participation/proposal/{proposal.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    published = timezone.localtime(proposal.published_at)
    data.update(
        {
            "state": "accepted",
            "answer": "Oui",
            "published_at_0": published.strftime("%d/%m/%Y"),
            "published_at_1": published.strftime("%H:%M:%S"),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "elle ne reçoit plus de réponse" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).state == "withdrawn"


@pytest.mark.parametrize(
    "body",
    [
        {"theme": "inconnu"},
        {"geometry": None},
        {"geometry": {"type": "LineString", "coordinates": [[3.06, 50.63], [3.07, 50.64]]}},
        {"title": "x" * 151},
        {"title": "avec\x00nul"},
        ["pas", "un", "objet"],
    ],
)
def test_api_patch_bad_input_is_a_400_and_changes_nothing(proposal, citizen, body):
    response = api_as(citizen).patch(f"/api/v1/proposals/{proposal.pk}/", body, format="json")
    assert response.status_code == 400, response.content
    assert Proposal.objects.get(pk=proposal.pk).title == "Un abri vélo"
