"""Hypothesis on the citizen pages: any query parameters and any form fields get a page, a redirect or a 4xx,
never a 5xx, and a refused form stores nothing."""

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given, note
from hypothesis import strategies as st

from geoparticipation.participation.models import Annotation, Comment, Proposal, Report

from ..fuzzing import fuzz_settings, nasty_texts, no_server_error
from ..layers.conftest import build_published_data

PAGES = [
    "/",
    "/concertations/plan-climat/",
    "/concertations/plan-climat/reunions/",
    "/concertations/plan-climat/carte/",
    "/concertations/plan-climat/questionnaires/",
    "/communes/",
    "/communes/59350/",
    "/opendata/",
    "/recherche/",
]
FILTERS = ["theme", "commune", "state", "q", "page", "next", "foo", "type"]


@pytest.fixture
def site(db):
    published = build_published_data()
    client = Client()
    client.force_login(published.public_proposals[0].author)
    return published, client


def send(client, method, url, data):
    note(f"{method.upper()} {url} {data}")
    with transaction.atomic():
        response = getattr(client, method)(url, data)
    no_server_error(response)
    return response


@given(
    url=st.sampled_from(PAGES) | st.text(max_size=12).map(lambda text: f"/communes/{text.replace('/', '')}/"),
    params=st.dictionaries(st.sampled_from(FILTERS) | nasty_texts(), nasty_texts(), max_size=4),
)
@fuzz_settings(examples=60)
def test_any_query_parameters_of_the_pages_get_no_server_error(site, url, params):
    send(site[1], "get", url, params)


coordinates = st.floats(min_value=2.9, max_value=3.3).map(str) | nasty_texts()
forms = st.one_of(
    st.builds(
        lambda fields: ("/concertations/plan-climat/propositions/nouvelle/", Proposal, fields),
        st.fixed_dictionaries(
            {},
            optional={
                "title": nasty_texts(),
                "body": nasty_texts(),
                "theme": st.sampled_from(["climat", "mobilite"]) | nasty_texts(),
                "lon": coordinates,
                "lat": st.floats(min_value=50.5, max_value=50.8).map(str) | nasty_texts(),
            },
        ),
    ),
    st.builds(
        lambda fields: ("/concertations/plan-climat/carte/", Annotation, fields),
        st.fixed_dictionaries(
            {},
            optional={
                "kind": st.sampled_from(["idee", "probleme"]) | nasty_texts(),
                "comment": nasty_texts(),
                "geometry": st.sampled_from(
                    [
                        '{"type": "Point", "coordinates": [3.06, 50.63, 12]}',
                        '{"type": "Point", "coordinates": [3.06, 50.63], "crs": {"type": "name", '
                        '"properties": {"name": "EPSG:99999"}}}',
                        "[" * 5000,
                    ]
                )
                | nasty_texts(),
            },
        ),
    ),
)


@given(form=forms)
@fuzz_settings(examples=60)
def test_any_fields_of_the_contribution_forms_get_no_server_error_and_a_refusal_stores_nothing(site, form):
    url, model, fields = form
    before = model.objects.count()
    response = send(site[1], "post", url, fields)
    assert model.objects.count() == before + (response.status_code == 302)


@given(
    fields=st.fixed_dictionaries(
        {"action": st.sampled_from(["comment", "report", "support", "follow", "unfollow"]) | nasty_texts()},
        optional={"body": nasty_texts(), "reason": nasty_texts(), "details": nasty_texts()},
    )
)
@fuzz_settings(examples=40)
def test_any_action_posted_on_a_proposal_gets_no_server_error(site, fields):
    published, client = site
    before = Comment.objects.count() + Report.objects.count()
    response = send(
        client, "post", f"/concertations/plan-climat/propositions/{published.public_proposals[0].pk}/", fields
    )
    assert Comment.objects.count() + Report.objects.count() - before <= (response.status_code == 302)
