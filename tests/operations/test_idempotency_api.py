"""A POST sent again with the same Idempotency-Key gets its first answer, and creates nothing a second time."""

import datetime
import io
import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from geoparticipation.accounts.models import User
from geoparticipation.operations.models import IdempotencyKey
from geoparticipation.participation.models import Annotation, Comment, Follow, Proposal, Report, Support

from ..factories import GRAND_PLACE_LILLE, OUTSIDE_TERRITORY, make_process, make_proposal

URL = "/api/v1/proposals/"


def feature(lon=GRAND_PLACE_LILLE[0], lat=GRAND_PLACE_LILLE[1], title="Une piste cyclable"):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"process": "plan-climat", "title": title, "body": "Entre la gare et le centre."},
    }


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(citizen):
    return client_of(citizen)


def post(client, body, key, url=URL):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_a_proposal_posted_again_with_its_key_gets_the_first_answer_and_is_created_once(api, process):
    first = post(api, feature(), "f47ac10b-58cc")
    again = post(api, feature(), "f47ac10b-58cc")

    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
def test_the_same_members_in_another_order_are_the_same_request(api, process):
    body = feature()
    reordered = {"properties": body["properties"], "geometry": body["geometry"], "type": "Feature"}
    post(api, body, "clé-1")

    assert post(api, reordered, "clé-1").status_code == 201
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_request_is_refused_with_a_message(api, process):
    post(api, feature(), "clé-1")

    response = post(api, feature(title="Un autre titre"), "clé-1")

    assert response.status_code == 422
    assert "Idempotency-Key a déjà servi pour une autre requête" in response.json()["detail"]
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
def test_a_key_is_per_account(api, process):
    other = client_of(User.objects.create_user("dominique@example.org", "Dominique"))

    post(api, feature(), "clé-1")
    response = post(other, feature(), "clé-1")

    assert response.status_code == 201
    assert not response.has_header("Idempotent-Replayed")
    assert Proposal.objects.count() == 2


@pytest.mark.django_db
def test_posts_without_a_key_create_a_row_each_as_before(api, process):
    api.post(URL, feature(), format="json")
    api.post(URL, feature(), format="json")

    assert Proposal.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_request_can_be_corrected_and_sent_under_the_same_key(api, process):
    refused = post(api, feature(*OUTSIDE_TERRITORY), "clé-1")
    corrected = post(api, feature(), "clé-1")

    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256])
def test_an_empty_or_overlong_key_is_refused(api, process, key):
    response = post(api, feature(), key)

    assert response.status_code == 400
    assert response.json() == {"Idempotency-Key": ["La clé doit compter de 1 à 255 caractères."]}
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_an_annotation_posted_again_is_created_once(api, process):
    body = {
        "process": "plan-climat",
        "kind": "idee",
        "comment": "Un passage piéton ici",
        "geometry": {"type": "LineString", "coordinates": [[3.06, 50.63], [3.07, 50.64]]},
    }
    first = post(api, body, "clé-1", url="/api/v1/annotations/")

    assert post(api, body, "clé-1", url="/api/v1/annotations/").content == first.content
    assert Annotation.objects.count() == 1


@pytest.fixture
def proposal(process, officer):
    return make_proposal(process, officer)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "body", "model"),
    [
        ("comments", {"body": "Bonne idée"}, Comment),
        ("support", {}, Support),
        ("follow", {}, Follow),
        ("report", {"reason": "spam"}, Report),
    ],
)
def test_each_action_on_a_proposal_posted_again_gets_its_first_answer(api, proposal, action, body, model):
    url = f"{URL}{proposal.pk}/{action}/"
    first = post(api, body, "clé-1", url=url)
    again = post(api, body, "clé-1", url=url)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert model.objects.count() == 1


@pytest.mark.django_db
def test_a_key_costs_two_statements_and_a_transaction(api, process):
    api.post(URL, feature(), format="json")  # the first request of a process warms its caches
    with CaptureQueriesContext(connection) as without_key:
        api.post(URL, feature(), format="json")
    with CaptureQueriesContext(connection) as with_key:
        post(api, feature(), "clé-1")

    def statements(context):
        return Counter(query["sql"].split()[0] for query in context.captured_queries)

    # The SELECT of the key, its INSERT, and a transaction (a savepoint inside the test's own).
    assert statements(with_key) - statements(without_key) == Counter(["SELECT", "INSERT", "SAVEPOINT", "RELEASE"])
    assert len(with_key) == len(without_key) + 4


@pytest.mark.django_db
def test_an_expired_key_is_a_new_request(api, process):
    post(api, feature(), "clé-1")
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))

    response = post(api, feature(), "clé-1")

    assert response.status_code == 201
    assert not response.has_header("Idempotent-Replayed")
    assert Proposal.objects.count() == 2


@pytest.mark.django_db
def test_the_purge_command_deletes_the_keys_older_than_a_day(api, process):
    post(api, feature(), "clé-1")
    post(api, feature(), "clé-2")
    IdempotencyKey.objects.filter(key="clé-1").update(created_at=timezone.now() - datetime.timedelta(hours=25))
    out = io.StringIO()

    call_command("purge_idempotency_keys", stdout=out)

    assert out.getvalue() == "1 clé(s) d'idempotence expirée(s) supprimée(s).\n"
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["clé-2"]


def test_the_same_request_sent_several_times_at_once_creates_one_row(committed_territory):
    """Retries that overtake the first try: the unique key decides, the others roll back and answer the same."""
    make_process()
    citizen = User.objects.create_user("camille@example.org", "Camille59")
    token = Token.objects.create(user=citizen)
    start = threading.Barrier(6)
    answers = []

    def retry():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        start.wait()
        try:
            answers.append(post(client, feature(), "clé-1"))
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert [answer.status_code for answer in answers] == [201] * 6
    assert len({answer.content for answer in answers}) == 1
    assert Proposal.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
