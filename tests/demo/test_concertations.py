import datetime
import io
import json
import statistics

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from rest_framework.test import APIClient

from geoparticipation.accounts.models import User
from geoparticipation.moderation.models import ModerationAction
from geoparticipation.participation.models import (
    Annotation,
    Comment,
    Meeting,
    Process,
    Proposal,
    Report,
    Support,
)
from geoparticipation.territory.models import Commune
from geoparticipation.territory.services import commune_for

pytestmark = pytest.mark.django_db

DEMO = ["plan-climat", "assises-mobilite", "reseau-acteurs-participation"]


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    """Row counts of every model, and a checksum of every demo contribution's content."""
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT md5(string_agg(concat_ws('|', id, title, commune_id, ST_AsEWKT(geom), published_at, state, answer,
                                            supports_count, comments_count, hidden_at), ',' ORDER BY id))
            FROM participation_proposal
            """
        )
        proposals = cursor.fetchone()[0]
        cursor.execute(
            "SELECT md5(string_agg(concat_ws('|', id, comment, commune_id, ST_AsEWKT(geom)), ',' ORDER BY id)) "
            "FROM participation_annotation"
        )
        annotations = cursor.fetchone()[0]
        cursor.execute(
            "SELECT md5(string_agg(concat_ws('|', id, title, start_time, end_time, commune_id), ',' ORDER BY id)) "
            "FROM participation_meeting"
        )
        meetings = cursor.fetchone()[0]
        cursor.execute(
            "SELECT md5(string_agg(concat_ws('|', id, start_date, end_date), ',' ORDER BY id)) FROM participation_phase"
        )
        phases = cursor.fetchone()[0]
    return counts, proposals, annotations, meetings, phases


def mairies():
    with open(settings.BASE_DIR / "fixtures" / "mairies.geojson", encoding="utf-8") as f:
        return {
            feature["properties"]["nom"]: GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
            for feature in json.load(f)["features"]
        }


@pytest.fixture
def demo(db):
    load_demo()


def test_loading_the_demo_twice_changes_nothing():
    first = load_demo()
    before = snapshot()
    second = load_demo()
    assert snapshot() == before
    assert "; 0 rows created" in second
    assert "; 0 rows created" not in first


def test_a_demo_loaded_months_ago_is_still_open_when_reloaded(monkeypatch):
    load_demo()
    counts_before = snapshot()[0]
    later = timezone.localdate() + datetime.timedelta(days=200)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)

    assert Process.objects.get(slug="plan-climat").status == Process.Status.CLOSED
    assert "calendar moved by 200 days" in load_demo()

    plan_climat = Process.objects.get(slug="plan-climat")
    assert plan_climat.status == Process.Status.OPEN
    assert plan_climat.current_phase.title == "Propositions citoyennes"
    assert Process.objects.get(slug="assises-mobilite").status == Process.Status.CLOSED
    assert snapshot()[0] == counts_before
    meeting = Meeting.objects.get(title="Atelier « Se déplacer autrement » à Roubaix")
    assert timezone.localtime(meeting.start_time).time() == datetime.time(18, 30)

    moved = snapshot()
    load_demo()
    assert snapshot() == moved


def test_the_demo_has_three_concertations_and_the_plan_climat_is_open_today(demo):
    processes = {p.slug: p for p in Process.objects.filter(slug__in=DEMO)}
    assert processes["plan-climat"].title == "Construisons la métropole moins 2 degrés !"
    assert processes["plan-climat"].status == Process.Status.OPEN
    assert processes["plan-climat"].current_phase.start_date <= timezone.localdate()
    assert processes["assises-mobilite"].status == Process.Status.CLOSED
    assert processes["reseau-acteurs-participation"].is_private
    assert processes["reseau-acteurs-participation"].members.count() >= 5
    for process in processes.values():
        assert process.presentation and process.modalities and process.themes.exists()
        positions = list(process.phases.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1))


def test_the_demo_has_about_200_proposals_and_100_annotations_of_the_three_geometry_types(demo):
    proposals = Proposal.objects.filter(process__slug__in=DEMO)
    annotations = Annotation.objects.filter(process__slug__in=DEMO)
    assert 190 <= proposals.count() <= 210
    assert 90 <= annotations.count() <= 110
    assert {a.geom.geom_type for a in annotations} == {"Point", "LineString", "Polygon"}
    assert set(annotations.values_list("kind", flat=True)) == set(Annotation.Kind.values)
    for process in DEMO:
        titles = list(proposals.filter(process__slug=process).values_list("title", flat=True))
        assert len(titles) == len(set(titles))
    assert not proposals.filter(published_at__isnull=True).exists()
    assert not annotations.filter(published_at__isnull=True).exists()


def test_every_demo_contribution_lies_in_the_commune_it_is_filed_under(demo):
    for model in (Proposal, Annotation, Meeting):
        contributions = model.objects.filter(process__slug__in=DEMO)
        assert not contributions.filter(commune__isnull=True).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE NOT ST_Within(a.geom, c.geom)),
                   max(ST_Length(a.geom)), max(ST_Area(a.geom)), bool_and(ST_IsValid(a.geom))
            FROM participation_annotation a JOIN territory_commune c ON c.id = a.commune_id
            """
        )
        outside, longest, largest, valid = cursor.fetchone()
    assert outside == 0 and valid
    assert longest < 400 and largest < 20_000  # a street segment, a block


def test_each_meeting_is_held_at_a_town_hall_of_its_commune(demo):
    town_halls = mairies()
    meetings = Meeting.objects.filter(process__slug__in=DEMO).select_related("commune")
    assert 18 <= meetings.count() <= 24
    now = timezone.now()
    assert meetings.filter(start_time__lt=now).exists() and meetings.filter(start_time__gt=now).exists()
    assert meetings.exclude(registration_url="").exists() and meetings.exclude(online_url="").exists()
    for meeting in meetings:
        town_hall = town_halls[meeting.address]
        assert meeting.geom.distance(town_hall.transform(settings.STORAGE_SRID, clone=True)) < 0.01
        assert meeting.commune == commune_for(town_hall)
    assert meetings.get(address="Mairie de Roubaix").commune.nom == "Roubaix"


def test_the_closed_concertation_shows_the_officers_reasoned_answers(demo):
    answered = Proposal.objects.filter(process__slug="assises-mobilite").exclude(answer="")
    assert {p.state for p in answered} == {
        Proposal.State.ACCEPTED,
        Proposal.State.REJECTED,
        Proposal.State.EVALUATING,
    }
    for proposal in answered:
        assert proposal.answered_by.is_staff and proposal.answered_at and len(proposal.answer) > 50


def test_supports_and_comments_counts_match_the_rows(demo):
    proposals = Proposal.objects.filter(process__slug__in=DEMO)
    for proposal in proposals:
        assert proposal.supports_count == Support.objects.filter(proposal=proposal).count()
        visible = Comment.objects.filter(object_id=proposal.pk, content_type__model="proposal", hidden_at__isnull=True)
        assert proposal.comments_count == visible.count()
    assert proposals.filter(supports_count__gt=0).count() > 50
    assert proposals.filter(comments_count__gt=0).count() > 30


def test_moderation_is_visible_in_the_demo(demo):
    hidden = Proposal.objects.get(process__slug__in=DEMO, hidden_at__isnull=False)
    assert hidden.hidden_by.is_staff and hidden.hidden_reason
    assert Comment.objects.filter(hidden_at__isnull=False, hidden_by__is_staff=True).exclude(hidden_reason="").exists()
    assert Report.objects.count() == 2
    assert Report.objects.filter(object_id=hidden.pk, reason=Report.Reason.SPAM).exists()


def test_the_demo_journal_of_moderation_holds_each_answer_and_each_hiding_when_they_were_made(demo):
    answered = Proposal.objects.filter(process__slug__in=DEMO, answered_at__isnull=False)
    journal = ModerationAction.objects.filter(process__slug__in=DEMO)

    assert sorted(journal.filter(action="answer").values_list("object_id", "at", "state")) == sorted(
        answered.values_list("pk", "answered_at", "state")
    )
    assert set(journal.filter(action="hide").values_list("content_type__model", "category")) == {
        (hidden._meta.model_name, hidden.hidden_category)
        for model in (Proposal, Comment)
        for hidden in model.objects.filter(hidden_at__isnull=False)
    }
    assert {(a.officer.is_staff, a.officer_pseudonym == a.officer.pseudonym) for a in journal} == {(True, True)}


def test_the_demo_journal_moves_with_the_calendar(monkeypatch):
    load_demo()
    later = timezone.localdate() + datetime.timedelta(days=200)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    load_demo()

    answered = Proposal.objects.filter(process__slug__in=DEMO, answered_at__isnull=False)
    journal = ModerationAction.objects.filter(process__slug__in=DEMO, action="answer")
    assert sorted(journal.values_list("object_id", "at")) == sorted(answered.values_list("pk", "answered_at"))


def per_commune(model):
    rows = model.objects.filter(process__slug__in=DEMO).values_list("commune__nom").annotate(n=Count("id"))
    return {nom: 0 for nom in Commune.objects.values_list("nom", flat=True)} | dict(rows)


def test_the_demo_contributions_follow_population(demo):
    population = dict(Commune.objects.values_list("nom", "population"))
    proposals, annotations = per_commune(Proposal), per_commune(Annotation)
    assert max(proposals, key=proposals.get) == "Lille"
    assert max(annotations, key=annotations.get) == "Lille"
    assert 30 <= proposals["Lille"] <= 50  # a fifth of the population, a fifth of the 200 proposals
    assert proposals["Tourcoing"] > proposals["Wattrelos"] > proposals["Bondues"]
    names = sorted(population)
    contributions = [proposals[n] + annotations[n] for n in names]
    assert statistics.correlation([population[n] for n in names], contributions) > 0.95


def test_the_private_concertation_never_shows_in_the_public_api(demo, client):
    private = Process.objects.get(slug="reseau-acteurs-participation")
    assert Proposal.objects.filter(process=private).exists()
    assert Meeting.objects.filter(process=private).exists()

    features = client.get("/api/v1/proposals/?page_size=1000").json()["features"]
    titles = {f["properties"]["title"] for f in features}
    assert Proposal.objects.filter(process__slug="plan-climat", hidden_at__isnull=True).count() <= len(titles)
    assert not titles & set(Proposal.objects.filter(process=private).values_list("title", flat=True))
    assert all(f["properties"]["process"] != private.slug for f in features)
    hidden = Proposal.objects.get(process__slug__in=DEMO, hidden_at__isnull=False)
    assert hidden.title not in titles

    meetings = client.get("/api/v1/meetings/?page_size=1000").json()["features"]
    assert meetings and all(f["properties"]["process"] != private.slug for f in meetings)


def test_nobody_can_sign_in_as_a_demo_citizen(demo):
    citizens = User.objects.filter(email__endswith="@demo.geoparticipation.invalid")
    assert citizens.count() >= 60
    assert not any(user.has_usable_password() for user in citizens)
    pseudonyms = [u.pseudonym.lower() for u in citizens]
    assert len(pseudonyms) == len(set(pseudonyms))


def test_the_demo_needs_the_communes_first():
    Commune.objects.all().delete()
    with pytest.raises(CommandError, match="load_communes"):
        load_demo()


def test_the_demo_has_past_meetings_with_their_report_and_others_whose_report_is_to_come(client, demo):
    roubaix = Meeting.objects.get(title="Atelier « Se déplacer autrement » à Roubaix")
    linked = list(roubaix.report_proposals.select_related("process", "commune", "theme"))
    assert roubaix.has_ended and roubaix.attendees == 38 and roubaix.report_published_at
    assert linked and {(p.process.slug, p.commune.nom, p.theme.slug) for p in linked} == {
        ("plan-climat", "Roubaix", "mobilite")
    }

    page = client.get("/concertations/plan-climat/reunions/").content.decode()

    assert "38 participants" in page and "Trois tables rondes ont réuni habitants" in page
    assert all(f"/concertations/plan-climat/propositions/{p.pk}/" in page for p in linked)
    assert "Réunion terminée — compte rendu à venir" in page


def test_the_closed_assises_de_la_mobilite_refuse_a_support_and_a_comment_on_the_site_and_in_the_api(demo, client):
    proposal = Proposal.objects.public().filter(process__slug="assises-mobilite").first()
    citizen = User.objects.create_user("nouveau@example.org", "Nouveau", "un-mot-de-passe-solide")
    supports, comments = proposal.supports_count, proposal.comments_count
    over = "Cette concertation est terminée : elle n'accepte plus de "
    client.force_login(citizen)
    page = f"/concertations/assises-mobilite/propositions/{proposal.pk}/"
    assert ">Soutenir<" not in client.get(page).content.decode()
    assert client.post(page, {"action": "support"}).status_code == 403
    assert client.post(page, {"action": "comment", "body": "Et maintenant ?"}).status_code == 403
    api = APIClient()
    api.force_authenticate(citizen)
    support = api.post(f"/api/v1/proposals/{proposal.pk}/support/")
    comment = api.post(f"/api/v1/proposals/{proposal.pk}/comments/", {"body": "Et maintenant ?"}, format="json")
    assert (support.status_code, support.json()) == (403, {"detail": over + "soutiens."})
    assert (comment.status_code, comment.json()) == (403, {"detail": over + "commentaires."})
    proposal.refresh_from_db()
    assert (proposal.supports_count, proposal.comments_count) == (supports, comments)


def test_the_demo_phases_take_what_their_step_of_the_concertation_calls_for(demo):
    plan_climat = Process.objects.prefetch_related("phases").get(slug="plan-climat")
    assert all(reason is None for reason in plan_climat.refusals.values())
    restitution = plan_climat.phases.get(title="Bilan et réponses")
    assert (restitution.allows_comments, restitution.allows_proposals, restitution.allows_supports) == (
        True,
        False,
        False,
    )


def test_the_demo_has_a_proposal_withdrawn_by_its_author_and_still_shown(demo, client):
    withdrawn = Proposal.objects.get(process__slug="plan-climat", state=Proposal.State.WITHDRAWN)
    assert withdrawn.withdrawn_at > withdrawn.published_at and not withdrawn.answer
    page = client.get(f"/concertations/plan-climat/propositions/{withdrawn.pk}/").content.decode()
    assert "Retirée par son auteur le" in page
