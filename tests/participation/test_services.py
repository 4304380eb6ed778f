import threading

import pytest
from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db import connection

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Proposal, Report, Support
from geoparticipation.territory.models import Commune

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process, point


def a_proposal(process, author):
    return services.proposal_create(
        author=author, process=process, title="Des arbres", body="Sur la place.", geometry=point(*GRAND_PLACE_LILLE)
    )


@pytest.mark.django_db
def test_supporting_twice_counts_once(process, citizen):
    proposal = a_proposal(process, citizen)
    assert services.support_create(user=citizen, proposal=proposal)[1] is True
    assert services.support_create(user=citizen, proposal=proposal)[1] is False
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_simultaneous_supports_from_one_person_count_once(committed_territory):
    process = make_process()
    citizen = User.objects.create_user("double@example.org", "DoubleClic", "un-mot-de-passe-solide")
    proposal = a_proposal(process, citizen)
    start = threading.Barrier(8)
    outcomes, errors = [], []

    def click():
        try:
            start.wait()
            outcomes.append(services.support_create(user=citizen, proposal=proposal)[1])
        except Exception as exc:  # noqa: BLE001 - any failure in a thread must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert outcomes.count(True) == 1
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1


@pytest.mark.django_db
def test_withdrawing_a_support_decrements_the_count(process, citizen):
    proposal = a_proposal(process, citizen)
    services.support_create(user=citizen, proposal=proposal)
    assert services.support_delete(user=citizen, proposal=proposal) is True
    proposal.refresh_from_db()
    assert proposal.supports_count == 0


@pytest.mark.django_db
def test_a_hidden_comment_no_longer_counts(process, citizen, officer):
    proposal = a_proposal(process, citizen)
    comment = services.comment_create(author=citizen, target=proposal, body="D'accord !")
    services.comment_create(author=citizen, target=proposal, body="Et aussi des bancs.")
    services.content_hide(target=comment, officer=officer, category="spam", reason="Spam")
    proposal.refresh_from_db()
    assert proposal.comments_count == 1
    services.content_unhide(target=comment, officer=officer)
    proposal.refresh_from_db()
    assert proposal.comments_count == 2


@pytest.mark.django_db
def test_a_report_is_recorded_once_per_person(process, citizen):
    proposal = a_proposal(process, citizen)
    services.report_create(reporter=citizen, target=proposal, reason="spam")
    services.report_create(reporter=citizen, target=proposal, reason="offensive", details="Insultes")
    assert Report.objects.get().reason == "offensive"


@pytest.mark.django_db
def test_hiding_requires_a_reason(process, citizen, officer):
    proposal = a_proposal(process, citizen)
    with pytest.raises(ValidationError):
        services.content_hide(target=proposal, officer=officer, category="other", reason="  ")
    proposal.refresh_from_db()
    assert proposal.hidden_at is None


@pytest.mark.django_db
def test_an_answer_records_state_text_and_officer(process, citizen, officer):
    proposal = a_proposal(process, citizen)
    services.proposal_answer(proposal=proposal, officer=officer, state="accepted", answer="Inscrit au plan.")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answer, proposal.answered_by) == ("accepted", "Inscrit au plan.", officer)
    assert proposal.answered_at is not None


@pytest.mark.django_db
def test_a_proposal_outside_the_concertation_territory_is_refused(citizen):
    process = make_process("roubaix-seulement")
    process.communes.set([c for c in process.communes.model.objects.filter(insee="59512")])
    with pytest.raises(ValidationError) as error:
        a_proposal(process, citizen)
    assert "Lille" in error.value.message_dict["geometry"][0]


@pytest.mark.django_db
def test_a_proposal_is_stored_exactly_as_the_orm_stores_it(process, citizen):
    made = a_proposal(process, citizen)
    by_orm = Proposal.objects.create(
        process=process,
        author=citizen,
        title="Des arbres",
        body="Sur la place.",
        geom=point(*GRAND_PLACE_LILLE),
        published_at=made.published_at,
    )
    ours, theirs = Proposal.objects.get(pk=made.pk), Proposal.objects.get(pk=by_orm.pk)
    for field in Proposal._meta.concrete_fields:
        # shuffle_key is drawn at random by the database for each row, whatever the path.
        if field.name not in ("id", "created_at", "published_at", "shuffle_key"):
            assert getattr(ours, field.attname) == getattr(theirs, field.attname), field.name
    assert ours.geom.ewkb == theirs.geom.ewkb
    assert ours.commune.nom == "Lille" and made.commune_id == ours.commune_id
    assert ours.published_at == made.published_at and ours.created_at == made.created_at


@pytest.mark.django_db
def test_an_area_is_stored_in_the_commune_of_its_point_on_surface(process, citizen):
    lon, lat = MAIRIE_ROUBAIX
    area = Polygon.from_bbox((lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001))
    area.srid = 4326
    annotation = services.annotation_create(
        author=citizen, process=process, kind="idee", comment="Une place verte.", geometry=area
    )
    stored = Annotation.objects.get(pk=annotation.pk)
    assert (stored.commune.insee, stored.kind, stored.comment) == ("59512", "idee", "Une place verte.")
    assert stored.geom.geom_type == "Polygon" and stored.geom.srid == 2154


@pytest.mark.django_db
def test_a_concertation_of_one_commune_takes_a_proposal_inside_it(citizen):
    process = make_process("roubaix-seulement")
    process.communes.set(Commune.objects.filter(insee="59512"))
    proposal = services.proposal_create(
        author=citizen, process=process, title="Un banc", body="Devant la mairie.", geometry=point(*MAIRIE_ROUBAIX)
    )
    assert Proposal.objects.get(pk=proposal.pk).commune.insee == "59512"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("where", "message"),
    [
        (OUTSIDE_TERRITORY, "en dehors du territoire de la métropole"),
        ((GRAND_PLACE_LILLE[1], GRAND_PLACE_LILLE[0]), "inversées"),
        (GRAND_PLACE_LILLE, "(Lille) est en dehors du territoire de la concertation"),
    ],
)
def test_a_refused_place_stores_nothing_and_says_why(citizen, where, message):
    process = make_process("roubaix-seulement")
    process.communes.set(Commune.objects.filter(insee="59512"))
    with pytest.raises(ValidationError) as error:
        services.proposal_create(author=citizen, process=process, title="Un banc", body="Ici.", geometry=point(*where))
    assert message in error.value.message_dict["geometry"][0]
    assert not Proposal.objects.filter(process=process).exists()
