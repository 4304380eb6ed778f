"""The prepared statements of the hot paths answer as Django's ORM would, inside its transactions."""

import json

import pytest
from django.db import DataError, connection, transaction
from django.utils import timezone

from geoparticipation.database import PreparedGet, prepared_fetch, stream_rows
from geoparticipation.participation.models import Process, Proposal
from layers import definitions
from layers.rendering import FeatureQuery

from .factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, make_process, make_proposal, point

pytestmark = pytest.mark.django_db


def test_a_prepared_get_returns_what_the_queryset_returns_with_its_annotations(process):
    queryset = Process.objects.filter(published=True).for_contributing()
    prepared = PreparedGet(queryset, "slug")
    for _ in range(3):  # the first run prepares the statement, the next ones reuse it
        found = prepared.get("plan-climat")
    expected = queryset.get(slug="plan-climat")
    assert found.pk == expected.pk and found.title == expected.title and found.created_at == expected.created_at
    assert (found.calendar, found.has_territory) == (expected.calendar, expected.has_territory)
    assert found.refusals == expected.refusals == dict.fromkeys(found.refusals)
    assert found.status == Process.Status.OPEN
    assert found._state.adding is False


def test_a_prepared_get_raises_does_not_exist_for_a_row_its_queryset_excludes(process):
    make_process("brouillon")
    Process.objects.filter(slug="brouillon").update(published=False)
    prepared = PreparedGet(Process.objects.filter(published=True), "slug")
    with pytest.raises(Process.DoesNotExist):
        prepared.get("brouillon")
    with pytest.raises(Process.DoesNotExist):
        prepared.get("nulle-part")


def test_a_prepared_read_sees_the_rows_written_earlier_in_the_same_transaction(process, citizen):
    with transaction.atomic():
        proposal = Proposal.objects.create(
            process=process,
            author=citizen,
            title="Un abri vélo",
            body="Devant la gare.",
            geom=point(*GRAND_PLACE_LILLE),
            published_at=timezone.now(),
        )
        feature = FeatureQuery(definitions.proposals).feature(proposal.pk)
        assert json.loads(feature)["properties"]["commune_insee"] == "59350"
        assert prepared_fetch("SELECT count(*) FROM participation_proposal WHERE id = %s", [proposal.pk]) == [(1,)]


def parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


def test_a_serial_stream_is_planned_without_parallel_workers_and_leaves_the_connection_as_it_was():
    before = parallel_workers()
    rows = list(stream_rows("SELECT current_setting('max_parallel_workers_per_gather'), %s", ["page"], serial=True))
    assert rows == [("0", "page")]
    assert parallel_workers() == before != "0"
    assert list(stream_rows("SELECT current_setting('max_parallel_workers_per_gather')", [])) == [(before,)]


def test_a_serial_stream_that_fails_inside_a_transaction_leaves_the_connection_as_it_was():
    before = parallel_workers()
    with pytest.raises(DataError), transaction.atomic():
        list(stream_rows("SELECT 1 / (random() * 0)::int", [], serial=True))
    assert parallel_workers() == before


def test_a_bbox_page_of_the_ogc_api_leaves_the_connection_as_it_was(client, process, citizen):
    before = parallel_workers()
    make_proposal(process, citizen, title="Un banc à Lille")
    make_proposal(process, citizen, title="Un banc à Roubaix", where=MAIRIE_ROUBAIX)
    response = client.get("/ogc/collections/proposals/items?limit=1&bbox=3.0,50.6,3.1,50.7")
    features = json.loads(b"".join(response.streaming_content))["features"]
    assert [feature["properties"]["title"] for feature in features] == ["Un banc à Lille"]
    assert parallel_workers() == before
