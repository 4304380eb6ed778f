"""Published data for the WFS tests: public contributions at known places, and content that must never leak."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.gis.geos import LineString, Polygon
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.debates.models import Argument, Debate, Stance
from geoparticipation.participation import services
from geoparticipation.participation.models import Meeting, Proposal

from ..factories import GRAND_PLACE_LILLE, make_process, point
from ..surveys.factories import make_survey, respondents

SECRET = "SECRET-NE-PAS-PUBLIER"


@dataclass
class PublishedData:
    public_proposals: list
    hidden_proposal: Proposal
    unpublished_proposal: Proposal
    private_proposal: Proposal
    private_ids: dict  # layer id -> ids that no output may contain


def grid_points():
    """29 points 0.04° by 0.03° apart over Lille and its neighbours (the 30th grid cell is outside the MEL)."""
    return [
        (round(3.00 + 0.04 * i, 2), round(50.58 + 0.03 * j, 2)) for j in range(5) for i in range(6) if (i, j) != (5, 0)
    ]


def lonlat_square(lon, lat, half=0.002):
    square = Polygon.from_bbox((lon - half, lat - half, lon + half, lat + half))
    square.srid = 4326
    return square


def build_debates(officer, author, process, private):
    """A public debate placed on the map and one without a place (not in the layer), and placed ones that must never
    leak: hidden, unpublished, in a private concertation. In them, placed arguments: in the layer, the published ones
    of the public debates (placed or not); never, those hidden or unpublished, a reply (not in the layer), and every
    argument of the debates that must not leak. Returns the ids of the debates and of the arguments that must not."""
    now = timezone.now()
    public = Debate.objects.create(process=process, title="Débat public", geom=point(3.0600, 50.6360), published_at=now)
    unplaced = Debate.objects.create(process=process, title="Débat sans lieu", published_at=now)
    hidden = Debate.objects.create(
        process=process, title=SECRET, description=SECRET, geom=point(3.08, 50.64), published_at=now
    )
    services.content_hide(target=hidden, officer=officer, category="off_topic", reason="Hors sujet")
    unpublished = Debate.objects.create(process=process, title=SECRET, geom=point(3.08, 50.65))
    private_debate = Debate.objects.create(process=private, title=SECRET, geom=point(3.09, 50.65), published_at=now)

    def argument(debate, lon, lat, body=SECRET, **fields):
        fields = {"stance": Stance.FOR, "published_at": now, **fields}
        return Argument.objects.create(debate=debate, author=author, body=body, geom=point(lon, lat), **fields)

    shown = argument(public, 3.0610, 50.6370, body="Argument public")
    argument(unplaced, 3.0620, 50.6380, body="Argument public", stance=Stance.AGAINST)
    hidden_argument = argument(public, 3.0630, 50.6390)
    services.content_hide(target=hidden_argument, officer=officer, category="offensive", reason="Propos injurieux")
    secret = [
        hidden_argument,
        argument(public, 3.0640, 50.6400, published_at=None),
        argument(public, 3.0650, 50.6410, stance="", parent=shown),
        argument(hidden, 3.081, 50.641),
        argument(unpublished, 3.082, 50.651),
        argument(private_debate, 3.091, 50.651),
    ]
    return {hidden.pk, unpublished.pk, private_debate.pk}, {a.pk for a in secret}


def build_published_data():
    # No password: hashing one costs a third of a second, on every test.
    author = User.objects.create_user("camille@example.org", "Camille59")
    officer = User.objects.create_user("agent@example.org", "Agent MEL", is_staff=True)
    process = make_process("plan-climat")
    private = make_process("prive", is_private=True)
    private.members.add(author)
    respondents(make_survey(process), 5, GRAND_PLACE_LILLE)
    respondents(make_survey(private, slug="secret"), 5, GRAND_PLACE_LILLE, prefix="membre")

    public_proposals = [
        services.proposal_create(
            author=author, process=process, title=f"Proposition {n}", body="Texte public", geometry=point(*where)
        )
        for n, where in enumerate([GRAND_PLACE_LILLE, *grid_points()])
    ]
    hidden = services.proposal_create(
        author=author, process=process, title=SECRET, body=SECRET, geometry=point(3.05, 50.63)
    )
    services.content_hide(target=hidden, officer=officer, category="offensive", reason="Propos injurieux")
    unpublished = services.proposal_create(
        author=author, process=process, title=SECRET, body=SECRET, geometry=point(3.07, 50.64)
    )
    Proposal.objects.filter(pk=unpublished.pk).update(published_at=None)
    private_proposal = services.proposal_create(
        author=author, process=private, title=SECRET, body=SECRET, geometry=point(3.09, 50.65)
    )

    lon, lat = GRAND_PLACE_LILLE
    shapes = [
        point(lon, lat),
        LineString((lon, lat), (lon + 0.01, lat + 0.005), srid=4326),
        lonlat_square(lon + 0.02, lat),
    ]
    for shape in shapes:
        services.annotation_create(
            author=author, process=process, kind="idee", comment="Annotation publique", geometry=shape
        )
    private_annotations = [
        services.annotation_create(author=author, process=private, kind="idee", comment=SECRET, geometry=shape)
        for shape in shapes
    ]
    hidden_annotation = services.annotation_create(
        author=author, process=process, kind="probleme", comment=SECRET, geometry=shapes[2]
    )
    services.content_hide(target=hidden_annotation, officer=officer, category="off_topic", reason="Hors sujet")

    start = timezone.now() + datetime.timedelta(days=7)
    meeting_fields = {"start_time": start, "end_time": start + datetime.timedelta(hours=2), "published_at": start}
    Meeting.objects.create(
        process=process,
        title="Réunion publique",
        address="Hôtel de ville de Lille",
        geom=point(3.0703, 50.6310),
        **meeting_fields,
    )
    private_meeting = Meeting.objects.create(
        process=private,
        title=SECRET,
        description=SECRET,
        address=SECRET,
        geom=point(3.0703, 50.6310),
        **meeting_fields,
    )

    private_debate_ids, private_argument_ids = build_debates(officer, author, process, private)

    private_annotation_ids = {a.pk for a in private_annotations} | {hidden_annotation.pk}
    return PublishedData(
        public_proposals=public_proposals,
        hidden_proposal=hidden,
        unpublished_proposal=unpublished,
        private_proposal=private_proposal,
        private_ids={
            "proposals": {hidden.pk, unpublished.pk, private_proposal.pk},
            "meetings": {private_meeting.pk},
            "annotations": private_annotation_ids,
            "annotations_points": private_annotation_ids,
            "annotations_lines": private_annotation_ids,
            "annotations_polygons": private_annotation_ids,
            "debates": private_debate_ids,
            "debate_arguments": private_argument_ids,
        },
    )


@pytest.fixture
def published(db):
    """The data inside the test's transaction, for tests that go through Django's test client."""
    return build_published_data()


@pytest.fixture
def live_published(committed_territory, live_server):
    """The same data committed, for real clients (GDAL, OWSLib) talking to the live server."""
    return build_published_data()


@pytest.fixture
def live_wfs_url(live_server, live_published):
    return f"{live_server.url}/wfs"
