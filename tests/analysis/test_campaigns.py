import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from geoparticipation.analysis.campaigns import detect_campaigns
from geoparticipation.analysis.models import CampaignFlag
from geoparticipation.analysis.services import flag_review
from geoparticipation.participation.models import Proposal

from .helpers import ROUBAIX, person, propose

CAMPAIGN_TEXT = (
    "Non à l'interdiction des deux-roues motorisés sur les voies rapides : les motards ont le droit de circuler "
    "dans la métropole comme tout le monde."
)


def plant_campaign(process, size=40):
    """`size` accounts created within the hour, declaring a home outside, each posting the same text at once."""
    start = timezone.now() - datetime.timedelta(days=2)
    proposals = []
    for i in range(size):
        joined = start + datetime.timedelta(seconds=85 * i)
        motard = person(f"Motard{i:02d}", outside=True, joined=joined)
        # The same message retyped: case, punctuation and a number change, the words do not.
        text = CAMPAIGN_TEXT.upper() if i % 3 == 0 else CAMPAIGN_TEXT.replace(" :", ",") + f" ({i})"
        proposals.append(
            propose(
                process, motard, "Laissez rouler les motos", body=text, published=joined + datetime.timedelta(minutes=4)
            )
        )
    return proposals


IDEAS = [
    "arbres",
    "bancs",
    "pistes cyclables",
    "fontaines",
    "composteurs",
    "abris de bus",
    "jardins",
    "toilettes",
    "parkings vélo",
    "lampadaires",
    "poubelles de tri",
    "aires de jeux",
]


def ordinary_participants(process):
    for i, idea in enumerate(IDEAS):
        resident = person(
            f"Habitant{i:02d}", home="59512", joined=timezone.now() - datetime.timedelta(days=300 - 7 * i)
        )
        propose(
            process, resident, f"Des {idea} à Roubaix", body=f"Il manque des {idea} dans notre quartier.", where=ROUBAIX
        )


def test_a_planted_campaign_raises_all_three_flags_and_keeps_every_contribution(process):
    campaign = plant_campaign(process)
    ordinary_participants(process)

    flags = {flag.rule: flag for flag in detect_campaigns(process)}

    assert set(flags) == {CampaignFlag.Rule.BURST, CampaignFlag.Rule.DUPLICATES, CampaignFlag.Rule.OUTSIDE}
    burst = flags[CampaignFlag.Rule.BURST]
    assert burst.numbers["accounts"] == 40
    assert set(burst.proposals.all()) == set(campaign)
    assert "40 comptes ont été créés en 55 minutes" in burst.explanation
    duplicates = flags[CampaignFlag.Rule.DUPLICATES]
    assert duplicates.numbers == {"contributions": 40, "authors": 40}
    assert set(duplicates.proposals.all()) == set(campaign)
    outside = flags[CampaignFlag.Rule.OUTSIDE]
    assert outside.numbers["outside_authors"] == 40 and outside.numbers["authors"] == 52
    assert "40 des 52 auteurs" in outside.explanation
    assert Proposal.objects.public().filter(process=process).count() == 52


def test_a_review_survives_a_new_computation(process, officer):
    plant_campaign(process)
    flag = next(f for f in detect_campaigns(process) if f.rule == CampaignFlag.Rule.DUPLICATES)
    flag_review(flag=flag, officer=officer, note="Collectif de motards parisiens : à lire en contexte.")

    detect_campaigns(process)

    flag.refresh_from_db()
    assert flag.reviewed_by == officer and flag.review_note.startswith("Collectif")
    assert CampaignFlag.objects.filter(process=process).count() == 3


def test_accounts_created_together_but_contributing_months_later_are_not_a_burst(process):
    start = timezone.now() - datetime.timedelta(days=200)
    for i, idea in enumerate([*IDEAS, "ruches", "nichoirs", "haies"]):
        author = person(f"Ancien{i:02d}", joined=start + datetime.timedelta(minutes=i))
        propose(process, author, f"Des {idea}", body=f"Il faudrait des {idea} partout.")

    assert detect_campaigns(process) == []


def test_nine_identical_texts_are_flagged_but_four_are_not(process):
    for i in range(4):
        propose(
            process, person(f"Quatre{i}"), "Même titre", body="Quatre fois le même texte, ce n'est pas une campagne."
        )
    assert detect_campaigns(process) == []

    for i in range(9):
        propose(
            process, person(f"Neuf{i}"), "Autre titre", body="Neuf fois ce même texte : voilà un groupe à regarder."
        )
    (flag,) = detect_campaigns(process)
    assert flag.rule == CampaignFlag.Rule.DUPLICATES and flag.numbers["contributions"] == 9


@pytest.mark.django_db
def test_the_demo_data_raises_no_flag():
    call_command("load_demo", verbosity=0)
    assert Proposal.objects.count() > 150

    assert detect_campaigns() == []
