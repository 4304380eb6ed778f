"""The rules of debates, whatever the path: the phase's, the debate's closing, once per person, one level of replies."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from geoparticipation.accounts import services as accounts
from geoparticipation.accounts.personal_data import personal_data_json
from geoparticipation.debates import services
from geoparticipation.debates.models import Argument, ArgumentSupport, Debate
from geoparticipation.moderation.models import ModerationAction
from geoparticipation.participation import rules
from geoparticipation.participation import services as participation

from ..factories import ACTIONS, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process, point, set_phases

pytestmark = pytest.mark.django_db


def counts(debate):
    debate.refresh_from_db()
    return debate.arguments_for, debate.arguments_against, debate.arguments_nuance


def test_arguments_are_counted_per_stance_and_replies_are_not(debate, citizen, dominique):
    first = services.argument_create(author=citizen, debate=debate, stance="for", body="Moins de bruit.")
    services.argument_create(author=dominique, debate=debate, stance="against", body="Les livraisons ?")
    services.argument_create(author=dominique, debate=debate, stance="nuance", body="Le dimanche seulement.")
    reply = services.argument_create(
        author=dominique, debate=debate, parent=first, stance="against", body="Et l'accès ?"
    )

    assert counts(debate) == (1, 1, 1)
    assert reply.stance == "" and reply.parent == first


def test_a_reply_to_a_reply_is_refused(debate, citizen, dominique):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Moins de bruit.")
    reply = services.argument_create(author=dominique, debate=debate, parent=argument, body="D'accord.")

    with pytest.raises(ValidationError) as error:
        services.argument_create(author=citizen, debate=debate, parent=reply, body="Merci.")
    assert "pas à une réponse" in str(error.value)
    assert Argument.objects.count() == 2


def test_a_reply_to_another_debate_s_argument_is_refused(debate, process, citizen):
    other = Debate.objects.create(process=process, title="Autre débat", published_at=debate.published_at)
    argument = services.argument_create(author=citizen, debate=other, stance="for", body="Oui.")

    with pytest.raises(ValidationError) as error:
        services.argument_create(author=citizen, debate=debate, parent=argument, body="Non.")
    assert "parent" in error.value.message_dict


def test_bad_input_gets_a_message_per_field_and_stores_nothing(debate, citizen):
    with pytest.raises(ValidationError) as error:
        services.argument_create(
            author=citizen, debate=debate, stance="peut-être", body="  ", geometry=point(*OUTSIDE_TERRITORY)
        )
    messages = error.value.message_dict
    assert messages["body"] == ["Le texte de l'argument est obligatoire."]
    assert "« Pour », « Contre » ou « Nuance »" in messages["stance"][0]
    assert "territoire" in messages["geometry"][0]
    assert not Argument.objects.exists()


def test_a_placed_argument_gets_its_commune_from_the_database(debate, citizen):
    argument = services.argument_create(
        author=citizen, debate=debate, stance="for", body="À Roubaix aussi.", geometry=point(*MAIRIE_ROUBAIX)
    )
    argument.refresh_from_db()
    assert argument.commune.nom == "Roubaix"
    debate.refresh_from_db()
    assert debate.commune.nom == "Lille"


def test_a_phase_without_debates_refuses_arguments_and_supports_with_its_reason(debate, process, citizen):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")
    others = [a for a in ACTIONS if a not in ("arguments", "argument_supports")]
    set_phases(process, ("Propositions", -5, 5, others))
    process = type(process).objects.get(pk=process.pk)
    debate = Debate.objects.select_related("process").get(pk=debate.pk)

    with pytest.raises(rules.NotAllowedNow) as refused:
        services.argument_create(author=citizen, debate=debate, stance="against", body="Non.")
    assert str(refused.value) == "La phase « Propositions » n'accepte pas d'arguments dans ses débats."
    with pytest.raises(rules.NotAllowedNow):
        services.argument_support_create(user=citizen, argument=argument)
    assert Argument.objects.count() == 1 and not ArgumentSupport.objects.exists()


def test_a_closed_debate_takes_no_more_arguments_nor_supports(debate, citizen):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")
    debate.state, debate.conclusion = Debate.State.CLOSED, "La Métropole piétonnise le dimanche."
    services.debate_save(debate=debate)

    assert debate.concluded_at is not None
    assert counts(debate) == (1, 0, 0)
    with pytest.raises(rules.NotAllowedNow, match="Ce débat est clos"):
        services.argument_create(author=citizen, debate=debate, stance="against", body="Non.")
    with pytest.raises(rules.NotAllowedNow, match="Ce débat est clos"):
        services.argument_support_create(user=citizen, argument=argument)


def test_a_debate_is_closed_only_with_a_conclusion(debate):
    debate.state = Debate.State.CLOSED
    with pytest.raises(ValidationError) as error:
        services.debate_save(debate=debate)
    assert "conclusion" in error.value.message_dict
    assert Debate.objects.get(pk=debate.pk).state == Debate.State.OPEN


def test_a_private_concertation_s_debate_is_refused_to_a_non_member(citizen):
    private = make_process("prive", is_private=True)
    debate = Debate.objects.create(process=private, title="Entre membres", published_at="2026-01-01T00:00Z")
    with pytest.raises(PermissionDenied):
        services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")


def test_a_person_supports_an_argument_once_and_may_take_it_back(debate, citizen, dominique):
    argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")

    _, created = services.argument_support_create(user=dominique, argument=argument)
    _, again = services.argument_support_create(user=dominique, argument=argument)
    argument.refresh_from_db()
    assert (created, again, argument.supports_count) == (True, False, 1)

    assert services.argument_support_delete(user=dominique, argument=argument)
    argument.refresh_from_db()
    assert argument.supports_count == 0


def test_hiding_an_argument_takes_it_out_of_the_count_and_writes_the_journal(
    debate, citizen, officer, mailoutbox, django_capture_on_commit_callbacks
):
    argument = services.argument_create(author=citizen, debate=debate, stance="against", body="Un numéro 06…")
    with django_capture_on_commit_callbacks(execute=True):
        participation.content_hide(target=argument, officer=officer, category="personal_data", reason="Un numéro.")

    assert counts(debate) == (0, 0, 0)
    action = ModerationAction.objects.get()
    assert (action.action, action.process_id, action.category) == ("hide", debate.process_id, "personal_data")
    [mail] = mailoutbox
    assert "Votre argument a été masqué" in mail.subject
    assert f"/concertations/plan-climat/debats/{debate.pk}/arguments/{argument.pk}/" in mail.body


def test_followers_are_mailed_a_link_to_a_new_argument_never_its_text(
    debate, citizen, dominique, mailoutbox, django_capture_on_commit_callbacks
):
    participation.follow_create(user=dominique, target=debate)
    participation.follow_create(user=citizen, target=debate)
    with django_capture_on_commit_callbacks(execute=True):
        argument = services.argument_create(author=citizen, debate=debate, stance="for", body="Texte de l'argument")

    [mail] = mailoutbox
    assert mail.to == ["dominique@example.org"]
    assert "Faut-il piétonniser la Grand-Place ?" in mail.subject
    assert f"/debats/{debate.pk}/arguments/{argument.pk}/" in mail.body
    assert "Texte de l'argument" not in mail.body


def test_arguments_and_supports_are_in_the_participant_s_data_and_stay_after_account_deletion(
    debate, citizen, dominique
):
    argument = services.argument_create(author=citizen, debate=debate, stance="nuance", body="Le dimanche.")
    services.argument_support_create(user=citizen, argument=argument)
    participation.follow_create(user=citizen, target=debate)

    document = "".join(personal_data_json(citizen))
    assert '"arguments"' in document and "Le dimanche." in document and '"Nuance"' in document
    assert f'"argument": {argument.pk}' in document
    assert f"debate:{debate.pk}" in document

    accounts.account_delete(user=citizen)
    argument.refresh_from_db()
    assert argument.author is None and argument.body == "Le dimanche."
    assert argument.supports_count == 1
    assert not ContentType.objects.get_for_model(Debate).follow_set.exists()
