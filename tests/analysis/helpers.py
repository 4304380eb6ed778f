"""Builders for the analysis tests: contributions placed at known spots, authors with or without a profile."""

import datetime

from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.participation.models import Annotation, Proposal
from geoparticipation.surveys.models import ParticipantProfile
from geoparticipation.territory.models import Commune

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, point

LILLE, ROUBAIX = GRAND_PLACE_LILLE, MAIRIE_ROUBAIX


def person(pseudonym, *, home=None, outside=False, age="", gender="", joined=None):
    """A participant; `home` is an INSEE code; no profile at all when nothing is declared."""
    # No password: hashing one costs a tenth of a second, and these tests create hundreds of people.
    user = User.objects.create_user(
        f"{pseudonym.lower()}@exemple.fr", pseudonym, None, date_joined=joined or timezone.now()
    )
    if home or outside or age or gender:
        ParticipantProfile.objects.create(
            user=user,
            home_commune=Commune.objects.get(insee=home) if home else None,
            lives_outside=outside,
            age_bracket=age,
            gender=gender,
        )
    return user


def propose(
    process,
    author,
    title,
    *,
    body="Un texte de proposition assez long pour être lu.",
    where=LILLE,
    theme=None,
    published=None,
):
    return Proposal.objects.create(
        process=process,
        author=author,
        title=title,
        body=body,
        theme=theme,
        geom=point(*where),
        published_at=published or timezone.now() - datetime.timedelta(days=1),
    )


def annotate(process, author, comment, *, where=LILLE, published=None):
    return Annotation.objects.create(
        process=process,
        author=author,
        comment=comment,
        geom=point(*where),
        published_at=published or timezone.now() - datetime.timedelta(days=1),
    )
