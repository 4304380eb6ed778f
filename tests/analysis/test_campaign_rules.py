"""Each rule on a crafted dataset: the groups found (rule, key, numbers, members), and the near-misses left alone."""

import datetime
import hashlib

from django.utils import timezone

from geoparticipation.analysis.campaigns import detect_campaigns
from geoparticipation.participation.models import Proposal

from ..factories import make_process
from .helpers import annotate, person, propose

BASE = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
WORDS = ["arbres", "bancs", "fontaines", "composteurs", "jardins", "toilettes", "ruches", "nichoirs", "haies"]
WORDS += ["lampadaires", "kiosques", "abris", "mares", "bornes", "murets", "pergolas", "vergers", "fresques"]


def digest_key(letters):
    return f"duplicates:{hashlib.md5(letters.encode()).hexdigest()}"


def old_timer(name, **profile):
    return person(name, joined=BASE - datetime.timedelta(days=300), **profile)


def flags_found():
    return {
        (flag.process.slug, flag.rule, flag.key): (
            flag.numbers,
            {p.pk for p in flag.proposals.all()},
            {a.pk for a in flag.annotations.all()},
        )
        for flag in detect_campaigns()
    }


def test_each_rule_finds_its_groups_and_leaves_the_near_misses(process):
    # BURST: 12 accounts created 5 minutes apart, each contributing 2 h later; 9 such accounts three days on are not.
    burst, burst_annotations = [], []
    for i in range(12):
        joined = BASE + datetime.timedelta(minutes=5 * i)
        author = person(f"Rapide{i}", joined=joined)
        burst.append(propose(process, author, f"Des {WORDS[i]}", published=joined + datetime.timedelta(hours=2)))
        if i == 0:
            burst_annotations.append(
                annotate(process, author, "Une remarque sur la place", published=joined + datetime.timedelta(hours=3))
            )
    for i in range(9):
        joined = BASE + datetime.timedelta(days=3, minutes=6 * i)
        propose(process, person(f"Presque{i}", joined=joined), f"Encore des {WORDS[i]}", published=joined)

    # DUPLICATES: five texts by four authors, alike but for case, accents, punctuation and digits; four alike only,
    # a fifth copy being hidden; five of exactly 30 letters; five of 29.
    parc = [old_timer(f"Parc{i}", outside=i < 2) for i in range(4)]
    same = [
        propose(process, parc[0], "Sauvons le parc", body="Le parc de la Citadelle doit rester ouvert à tous !"),
        propose(process, parc[1], "SAUVONS LE PARC", body="le parc de la citadelle doit rester ouvert a tous (2)"),
        propose(process, parc[2], "Sauvons le parc :", body="Le parc de la Citadelle doit rester ouvert, à tous."),
    ]
    same_annotations = [
        annotate(process, parc[3], "Sauvons le parc — le parc de la Citadelle doit rester ouvert à tous"),
        annotate(process, parc[0], "sauvons le parc le parc de la citadelle doit rester ouvert a tous 3"),
    ]
    for i in range(4):
        propose(process, old_timer(f"Quatre{i}"), "Un marché", body="Un marché couvert place du Concert, le dimanche.")
    hidden = propose(process, old_timer("Cache"), "Un marché", body="Un marché couvert place du Concert, le dimanche.")
    Proposal.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    thirty = [
        propose(process, old_timer(f"Trente{i}", outside=True), "abcdefghij", body=f"klmnopqrst {i} uvwxyzabcd")
        for i in range(5)
    ]
    twenty_nine = [
        propose(process, old_timer(f"Vingt{i}", outside=True), "abcdefghij", body=f"klmnopqrst {i} uvwxyzabc")
        for i in range(5)
    ]

    # OUTSIDE: 12 of the 39 authors here (31 %) live outside; 10 of 34 elsewhere (29 %), 9 of 9 in a third.
    almost = make_process("presque")
    for i in range(34):
        propose(almost, old_timer(f"Loin{i}", outside=i < 10), f"Des {WORDS[i % 18]}", body=f"À {WORDS[17 - i % 18]}.")
    few = make_process("peu")
    for i in range(9):
        propose(few, old_timer(f"Rare{i}", outside=True), f"Des {WORDS[i]}", body=f"Vers les {WORDS[17 - i]}.")

    assert flags_found() == {
        ("plan-climat", "burst", "burst:2026-03-02T09:00:00+00:00"): (
            {
                "accounts": 12,
                "contributions": 13,
                "first_created": "2026-03-02T09:00:00+00:00",
                "last_created": "2026-03-02T09:55:00+00:00",
                "span_minutes": 55,
            },
            {p.pk for p in burst},
            {a.pk for a in burst_annotations},
        ),
        ("plan-climat", "duplicates", digest_key("sauvonsleparcleparcdelacitadelledoitresterouvertatous")): (
            {"contributions": 5, "authors": 4},
            {p.pk for p in same},
            {a.pk for a in same_annotations},
        ),
        ("plan-climat", "duplicates", digest_key("abcdefghijklmnopqrstuvwxyzabcd")): (
            {"contributions": 5, "authors": 5},
            {p.pk for p in thirty},
            set(),
        ),
        ("plan-climat", "outside", "outside"): (
            {"authors": 39, "outside_authors": 12, "share": 0.308, "contributions": 13},
            {p.pk for p in [*same[:2], *thirty, *twenty_nine]},
            {same_annotations[1].pk},
        ),
    }
