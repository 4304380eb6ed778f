"""`manage.py load_demo`: three concertations modelled on the MEL case study (fixtures/demo/), their contributions
spread over the communes by population. Idempotent: a second run adds nothing and changes nothing."""

import datetime
import json
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import GEOSGeometry, LineString, Point, Polygon
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.moderation.models import ModerationAction
from geoparticipation.participation import services
from geoparticipation.participation.models import (
    Annotation,
    Comment,
    CommentVote,
    Meeting,
    Phase,
    Process,
    Proposal,
    Report,
    Support,
    Theme,
)
from geoparticipation.participation.rules import ACTIONS
from geoparticipation.territory.models import Commune

from . import data, debates
from .seeding import apportion

MAIRIES = settings.BASE_DIR / "fixtures" / "mairies.geojson"
# Every draw comes from this seed, in a fixed order: each run computes the same demo, and only adds what is missing.
SEED = 2154
# The concertation whose phase at this position (from 1) must always contain today.
OPEN_CONCERTATION, OPEN_PHASE = "plan-climat", 2


@dataclass
class Summary:
    """What the demo holds after a load, and what this load did."""

    concertations: int
    proposals: int
    annotations: int
    meetings: int
    participants: int
    created: int
    moved_days: int


@dataclass
class ProposalSpec:
    process: str
    commune: Commune
    theme: str
    title: str
    body: str
    geom: Point
    author: str
    published: datetime.timedelta
    state: str = Proposal.State.PUBLISHED
    answer: str = ""
    withdrawn: datetime.timedelta | None = None
    supporters: list = field(default_factory=list)
    comments: list = field(default_factory=list)


@dataclass
class AnnotationSpec:
    process: str
    kind: str
    comment: str
    geom: GEOSGeometry
    author: str
    published: datetime.timedelta


class Sampler:
    """Places inside one commune, drawn from the shared generator: a point, a street segment or a block."""

    def __init__(self, commune, rng):
        self.prepared = commune.geom.prepared
        self.extent = commune.geom.extent
        self.srid = commune.geom.srid
        self.rng = rng

    def point(self):
        xmin, ymin, xmax, ymax = self.extent
        while True:
            point = Point(
                round(self.rng.uniform(xmin, xmax), 2), round(self.rng.uniform(ymin, ymax), 2), srid=self.srid
            )
            if self.prepared.contains(point):
                return point

    def shape(self, geom_type):
        if geom_type == "Point":
            return self.point()
        while True:
            x, y = self.point().coords
            angle = self.rng.uniform(0, math.pi)
            ux, uy, nx, ny = math.cos(angle), math.sin(angle), -math.sin(angle), math.cos(angle)
            if geom_type == "LineString":
                half, bend = self.rng.uniform(40, 150), self.rng.uniform(-20, 20)
                coords = [
                    (x - half * ux, y - half * uy),
                    (x + bend * nx, y + bend * ny),
                    (x + half * ux, y + half * uy),
                ]
                shape = LineString(self._round(coords), srid=self.srid)
            else:
                w, h = self.rng.uniform(20, 70), self.rng.uniform(15, 50)
                corners = [(-w, -h), (w, -h), (w, h), (-w, h), (-w, -h)]
                coords = [(x + a * ux + b * nx, y + a * uy + b * ny) for a, b in corners]
                shape = Polygon(self._round(coords), srid=self.srid)
            if self.prepared.contains(shape):
                return shape

    @staticmethod
    def _round(coords):
        return [(round(x, 2), round(y, 2)) for x, y in coords]


@transaction.atomic
def load() -> Summary:
    """Loads what is missing of the demo, moving its calendar forward when it has grown old."""
    communes = list(Commune.objects.order_by("insee"))
    if not communes:
        raise CommandError("No commune in the database: run `manage.py load_communes` first.")
    return _Loader(communes).load()


def _at(anchor, delta):
    """A moment given as an offset from midnight (local time) of the anchor day."""
    return timezone.make_aware(datetime.datetime.combine(anchor, datetime.time())) + delta


def _published(rng, window):
    first, last = window
    return datetime.timedelta(days=rng.randint(first, last), seconds=rng.randint(7 * 3600, 23 * 3600))


class _Loader:
    def __init__(self, communes):
        self.communes = communes
        self.concertations = data.load("concertations")
        people = data.load("people")
        self.officer, self.citizens = people["officer"], people["citizens"]
        self.comments, self.answers = people["comments"], people["answers"]
        self.moderation = data.load("moderation")
        self.created = 0
        self.rng = random.Random(SEED)
        self.samplers = {c.insee: Sampler(c, self.rng) for c in communes}

    def load(self):
        users = self._users()
        processes = self._processes(users)
        anchor, moved = self._follow_today(processes)
        proposals, annotations = self._specs(self.communes)
        self._create_proposals(proposals, processes, users, anchor)
        self._create_annotations(annotations, processes, users, anchor)
        self._create_meetings(processes, anchor)
        self._write_meeting_reports(processes)
        self._create_moderation(processes, users, anchor)
        self._create_journal(processes, users)
        self.created += debates.load(processes, users)
        slugs = [spec["slug"] for spec in self.concertations]
        return Summary(
            concertations=len(slugs),
            proposals=Proposal.objects.filter(process__slug__in=slugs).count(),
            annotations=Annotation.objects.filter(process__slug__in=slugs).count(),
            meetings=Meeting.objects.filter(process__slug__in=slugs).count(),
            participants=len(users),
            created=self.created,
            moved_days=moved,
        )

    def _users(self):
        """Demo participants by their demo pseudonym, created when missing; nobody can sign in with them."""
        wanted = {data.email(p): p for p in [*self.citizens, self.moderation["advertisement"]["author"]]}
        officer_email = data.email(self.officer["mailbox"])
        wanted[officer_email] = self.officer["pseudonym"]
        existing = {u.email: u for u in User.objects.filter(email__in=wanted)}
        missing = []
        for email, pseudonym in wanted.items():
            if email not in existing:
                user = User(email=email, pseudonym=pseudonym, is_staff=email == officer_email)
                user.set_unusable_password()
                missing.append(user)
        User.objects.bulk_create(missing)
        self.created += len(missing)
        return {wanted[u.email]: u for u in [*existing.values(), *missing]}

    def _processes(self, users):
        themes = {}
        for slug, name in data.load("themes").items():
            themes[slug], created = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
            self.created += created
        today = timezone.localdate()
        processes = {}
        for spec in self.concertations:
            fields = ("title", "subtitle", "presentation", "modalities", "is_private")
            process, created = Process.objects.get_or_create(
                slug=spec["slug"], defaults={name: spec[name] for name in fields}
            )
            self.created += created
            for position, phase in enumerate(spec["phases"], start=1):
                _, created = Phase.objects.get_or_create(
                    process=process,
                    position=position,
                    defaults={
                        "title": phase["title"],
                        "description": phase["description"],
                        "start_date": today + datetime.timedelta(days=phase["start"]),
                        "end_date": today + datetime.timedelta(days=phase["end"]),
                        **{action.field: action.field.removeprefix("allows_") in phase["allows"] for action in ACTIONS},
                    },
                )
                self.created += created
            process.themes.add(*(themes[slug] for slug in spec["themes"]))
            if spec["is_private"]:
                process.members.add(users[self.officer["pseudonym"]], *(users[p] for p in self._authors(spec)))
            processes[spec["slug"]] = process
        return processes

    def _follow_today(self, processes):
        """The anchor day of the calendar; the whole demo moves forward when plan-climat would no longer be open."""
        spec = next(spec for spec in self.concertations if spec["slug"] == OPEN_CONCERTATION)
        phase = Phase.objects.get(process=processes[spec["slug"]], position=OPEN_PHASE)
        anchor = phase.start_date - datetime.timedelta(days=spec["phases"][OPEN_PHASE - 1]["start"])
        today = timezone.localdate()
        if phase.start_date <= today <= phase.end_date:
            return anchor, 0
        delta = today - anchor
        demo_processes = list(processes.values())
        Phase.objects.filter(process__in=demo_processes).update(
            start_date=F("start_date") + delta, end_date=F("end_date") + delta
        )
        Proposal.objects.filter(process__in=demo_processes).update(
            published_at=F("published_at") + delta,
            answered_at=F("answered_at") + delta,
            hidden_at=F("hidden_at") + delta,
            withdrawn_at=F("withdrawn_at") + delta,
        )
        Annotation.objects.filter(process__in=demo_processes).update(published_at=F("published_at") + delta)
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id__in=Proposal.objects.filter(process__in=demo_processes).values("pk"),
        ).update(published_at=F("published_at") + delta, hidden_at=F("hidden_at") + delta)
        ModerationAction.objects.filter(process__in=demo_processes).update(at=F("at") + delta)
        # Meetings keep their local hour across a daylight-saving change, so they move one by one.
        for meeting in Meeting.objects.filter(process__in=demo_processes):
            meeting.start_time, meeting.end_time, meeting.published_at, meeting.report_published_at = (
                moment and timezone.make_aware(timezone.localtime(moment).replace(tzinfo=None) + delta)
                for moment in (meeting.start_time, meeting.end_time, meeting.published_at, meeting.report_published_at)
            )
            meeting.save(update_fields=["start_time", "end_time", "published_at", "report_published_at"])
        return today, delta.days

    def _specs(self, communes):
        """Every demo proposal and annotation, drawn in a fixed order whatever the database holds."""
        populations = [c.population for c in communes]
        proposals, annotations = [], []
        for specs, kind, build in (
            (proposals, "proposals", self._proposal),
            (annotations, "annotations", self._annotation),
        ):
            total = sum(spec[kind]["count"] for spec in self.concertations)
            slots = [c for c, n in zip(communes, apportion(total, populations), strict=True) for _ in range(n)]
            self.rng.shuffle(slots)
            for spec in self.concertations:
                count = spec[kind]["count"]
                mine, slots = slots[:count], slots[count:]
                chosen = self._templates(spec[kind]["templates"], mine)
                specs.extend(build(spec, commune, template) for commune, template in zip(mine, chosen, strict=True))
        for spec in self.concertations:
            self._answer(spec, [p for p in proposals if p.process == spec["slug"]])
            self._withdraw(spec, [p for p in proposals if p.process == spec["slug"]])
        return proposals, annotations

    def _templates(self, templates, communes):
        """A template for each slot, never twice in one commune, so that titles are unique within a concertation."""
        per_commune = Counter(commune.insee for commune in communes)
        if max(per_commune.values(), default=0) > len(templates):
            raise CommandError(
                "Not enough demo templates for the busiest commune: add some to fixtures/demo/concertations.yaml."
            )
        drawn = {insee: self.rng.sample(templates, n) for insee, n in per_commune.items()}
        return [drawn[commune.insee].pop() for commune in communes]

    def _authors(self, spec):
        """Who writes in a concertation: its members when it is private."""
        if spec["is_private"]:
            return self.citizens[: spec["members"]]
        return self.citizens

    def _proposal(self, spec, commune, template):
        authors = self._authors(spec)
        author = self.rng.choice(authors)
        published = _published(self.rng, spec["contributions"])
        others = [a for a in authors if a != author]
        supporters = self.rng.sample(others, min(int(self.rng.expovariate(1 / 3)), len(others) // 3))
        comments = [
            (self.rng.choice(authors), self.rng.choice(self.comments), published + datetime.timedelta(hours=h))
            for h in sorted(self.rng.sample(range(1, 24), self.rng.choice([0, 0, 0, 1, 1, 2, 3])))
        ]
        return ProposalSpec(
            process=spec["slug"],
            commune=commune,
            theme=template["theme"],
            title=data.fill(template["title"], commune.nom),
            body=data.fill(template["body"], commune.nom),
            geom=self.samplers[commune.insee].point(),
            author=author,
            published=published,
            supporters=supporters,
            comments=comments,
        )

    def _annotation(self, spec, commune, template):
        return AnnotationSpec(
            process=spec["slug"],
            kind=template["kind"],
            comment=data.fill(template["comment"], commune.nom),
            geom=self.samplers[commune.insee].shape(template["geometry"]),
            author=self.rng.choice(self._authors(spec)),
            published=_published(self.rng, spec["contributions"]),
        )

    def _answer(self, spec, proposals):
        """The officers' reasoned answers of a closed concertation."""
        states = [state for state, n in spec.get("answered", {}).items() for _ in range(n)]
        for proposal, state in zip(self.rng.sample(proposals, len(states)), states, strict=True):
            proposal.state = state
            proposal.answer = self.rng.choice(self.answers[state])

    @staticmethod
    def _withdraw(spec, proposals):
        """The first unanswered proposals of the concertation, withdrawn by their authors a day after publication.
        Chosen without a draw, so that the other draws of the demo stay the same."""
        unanswered = [p for p in proposals if not p.answer][: spec.get("withdrawn", 0)]
        for proposal in unanswered:
            proposal.state = Proposal.State.WITHDRAWN
            proposal.withdrawn = proposal.published + datetime.timedelta(days=1)

    def _create_proposals(self, specs, processes, users, anchor):
        existing = set(Proposal.objects.filter(process__in=processes.values()).values_list("process__slug", "title"))
        specs = [s for s in specs if (s.process, s.title) not in existing]
        themes = {t.slug: t for t in Theme.objects.all()}
        officer = users[self.officer["pseudonym"]]
        answered_on = {spec["slug"]: spec.get("answered_on") for spec in self.concertations}
        proposals = [
            Proposal(
                process=processes[s.process],
                author=users[s.author],
                title=s.title,
                body=s.body,
                theme=themes[s.theme],
                geom=s.geom,
                state=s.state,
                answer=s.answer,
                answered_at=_at(anchor, datetime.timedelta(days=answered_on[s.process], hours=11))
                if s.answer
                else None,
                answered_by=officer if s.answer else None,
                published_at=_at(anchor, s.published),
                withdrawn_at=_at(anchor, s.withdrawn) if s.withdrawn else None,
            )
            for s in specs
        ]
        Proposal.objects.bulk_create(proposals)
        supports = [
            Support(proposal=p, user=users[u]) for p, s in zip(proposals, specs, strict=True) for u in s.supporters
        ]
        comments = [
            Comment(target=p, author=users[author], body=body, published_at=_at(anchor, moment))
            for p, s in zip(proposals, specs, strict=True)
            for author, body, moment in s.comments
        ]
        Support.objects.bulk_create(supports)
        Comment.objects.bulk_create(comments)
        votes = self._discuss(comments, users)
        self.created += len(proposals) + len(supports) + len(comments) + len(votes)

    def _discuss(self, comments, users):
        """The later comments of a proposal answer its first one, and participants agree or disagree with some
        comments; drawn from their own generator, so that the rest of the demo stays as it was."""
        rng = random.Random("comment votes")
        first_of = {}
        for comment in comments:
            if comment.object_id in first_of:
                comment.parent = first_of[comment.object_id]
            else:
                first_of[comment.object_id] = comment
        Comment.objects.bulk_update([c for c in comments if c.parent is not None], ["parent"])
        voters = [users[pseudonym] for pseudonym in self.citizens]
        votes = [
            CommentVote(comment=comment, user=voter, value=1 if rng.random() < 0.75 else -1)
            # Members alone take part in a private concertation: its comments get no votes here.
            for comment in comments
            if not comment.target.process.is_private
            for voter in rng.sample(voters, rng.choice([0, 0, 1, 2, 3, 5]))
            if voter != comment.author
        ]
        return CommentVote.objects.bulk_create(votes)

    def _create_annotations(self, specs, processes, users, anchor):
        existing = set(
            Annotation.objects.filter(process__in=processes.values()).values_list("process__slug", "comment")
        )
        annotations = Annotation.objects.bulk_create(
            Annotation(
                process=processes[s.process],
                author=users[s.author],
                kind=s.kind,
                comment=s.comment,
                geom=s.geom,
                published_at=_at(anchor, s.published),
            )
            for s in specs
            if (s.process, s.comment) not in existing
        )
        self.created += len(annotations)

    def _create_meetings(self, processes, anchor):
        with open(MAIRIES, encoding="utf-8") as f:
            mairies = {
                feature["properties"]["nom"]: GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
                for feature in json.load(f)["features"]
            }
        calendar = data.load("meetings")
        existing = set(Meeting.objects.filter(process__in=processes.values()).values_list("process__slug", "title"))
        meetings = []
        for number, spec in enumerate(calendar["meetings"], start=1):
            slug, mairie, hour = spec["concertation"], spec["town_hall"], spec["time"]
            if (slug, spec["title"]) in existing:
                continue
            if mairie not in mairies:
                raise CommandError(f"Town hall « {mairie} » is not in {MAIRIES.name}.")
            start = _at(anchor, datetime.timedelta(days=spec["day"], hours=int(hour[:2]), minutes=int(hour[3:])))
            urls = {"slug": slug, "number": number}
            meetings.append(
                Meeting(
                    process=processes[slug],
                    title=spec["title"],
                    description=spec["description"],
                    address=mairie,
                    geom=mairies[mairie].transform(settings.STORAGE_SRID, clone=True),
                    start_time=start,
                    end_time=start + datetime.timedelta(hours=spec["hours"]),
                    registration_url=calendar["url"].format(kind="inscription", **urls) if spec["registration"] else "",
                    online_url=calendar["url"].format(kind="visio", **urls) if spec["online"] else "",
                    published_at=min(start - datetime.timedelta(days=21), _at(anchor, datetime.timedelta(days=-1))),
                )
            )
        Meeting.objects.bulk_create(meetings)
        self.created += len(meetings)

    def _write_meeting_reports(self, processes):
        """The reports of the past meetings that have one in meetings.yaml, written as officers do (the service)."""
        for spec in data.load("meetings")["meetings"]:
            report = spec.get("report")
            if report is None:
                continue
            meeting = Meeting.objects.get(process=processes[spec["concertation"]], title=spec["title"])
            if meeting.report:
                continue
            proposals = Proposal.objects.filter(
                process=meeting.process, commune=meeting.commune, theme__slug__in=report.get("linked_themes", [])
            )
            services.meeting_report_write(
                meeting=meeting, report=report["text"], attendees=report["attendees"], proposals=proposals
            )
            self.created += 1

    def _create_journal(self, processes, users):
        """The journal of moderation of what the demo's officer answered and hid, at the moments they did."""
        officer = users[self.officer["pseudonym"]]
        proposals = Proposal.objects.filter(process__in=processes.values())
        proposal_type = ContentType.objects.get_for_model(Proposal)
        process_of = dict(proposals.values_list("pk", "process_id"))
        line = partial(ModerationAction, officer=officer, officer_pseudonym=officer.pseudonym)
        lines = [
            *(
                line(
                    at=p.answered_at,
                    action=ModerationAction.Kind.ANSWER,
                    content_type=proposal_type,
                    object_id=p.pk,
                    process_id=p.process_id,
                    reason=p.answer,
                    state=p.state,
                )
                for p in proposals.filter(answered_at__isnull=False)
            ),
            *(
                line(
                    at=c.hidden_at,
                    action=ModerationAction.Kind.HIDE,
                    content_type=ContentType.objects.get_for_model(c),
                    object_id=c.pk,
                    process_id=process_of[c.object_id] if isinstance(c, Comment) else c.process_id,
                    category=c.hidden_category,
                    reason=c.hidden_reason,
                )
                for c in [
                    *proposals.filter(hidden_at__isnull=False),
                    *Comment.objects.filter(
                        content_type=proposal_type, object_id__in=process_of, hidden_at__isnull=False
                    ),
                ]
            ),
        ]
        logged = set(
            ModerationAction.objects.filter(process__in=processes.values()).values_list(
                "action", "content_type", "object_id"
            )
        )
        lines = [a for a in lines if (a.action, a.content_type.pk, a.object_id) not in logged]
        ModerationAction.objects.bulk_create(lines)
        self.created += len(lines)

    def _create_moderation(self, processes, users, anchor):
        """A hidden advertisement and a hidden comment, each reported by a participant: moderation is visible."""
        officer = users[self.officer["pseudonym"]]
        spam = self.moderation["advertisement"]
        published = _at(anchor, datetime.timedelta(days=-5, hours=10))
        proposal, created = Proposal.objects.get_or_create(
            process=processes[spam["concertation"]],
            title=spam["title"],
            defaults={
                "author": users[spam["author"]],
                "body": spam["body"],
                "theme": Theme.objects.get(slug=spam["theme"]),
                "geom": self.samplers[spam["commune"]].point(),
                "published_at": published,
                "hidden_at": published + datetime.timedelta(hours=2),
                "hidden_by": officer,
                "hidden_category": spam["hidden_category"],
                "hidden_reason": spam["hidden_reason"],
            },
        )
        self.created += created
        self._report(users[spam["report"]["by"]], proposal, spam["report"])

        first = Proposal.objects.filter(process=processes[spam["concertation"]], hidden_at__isnull=True).earliest("pk")
        hidden = self.moderation["hidden_comment"]
        moment = first.published_at + datetime.timedelta(days=1)
        comment, created = Comment.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id=first.pk,
            body=hidden["body"],
            defaults={
                "author": users[hidden["author"]],
                "published_at": moment,
                "hidden_at": moment + datetime.timedelta(hours=1),
                "hidden_by": officer,
                "hidden_category": hidden["hidden_category"],
                "hidden_reason": hidden["hidden_reason"],
            },
        )
        self.created += created
        self._report(users[hidden["report"]["by"]], comment, hidden["report"])

    def _report(self, reporter, target, report):
        _, created = Report.objects.get_or_create(
            reporter=reporter,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            defaults={"reason": report["reason"], "details": report["details"]},
        )
        self.created += created
