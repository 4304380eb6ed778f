"""Hypothesis on the tile addresses: any layer, zoom, column, row and parameters get a tile, a 204, a 400 or a 404,
never a 5xx."""

from django.db import transaction
from django.test import Client
from hypothesis import given, note
from hypothesis import strategies as st

from ..fuzzing import fuzz_settings, nasty_texts, no_server_error

LAYERS = ["proposals", "meetings", "annotations", "communes", "survey_answers", "emails"]
indices = st.one_of(st.integers(0, 2**16), st.integers(0, 2**70), st.sampled_from([8331, 5511, 16663, 11023]))


@given(
    layer=st.sampled_from(LAYERS) | st.text(alphabet="abcdefghijklmnopqrstuvwxyz_%", max_size=12),
    z=st.integers(0, 30) | st.integers(0, 2**70),
    x=indices,
    y=indices,
    params=st.dictionaries(st.sampled_from(["process", "foo"]), st.just("plan-climat") | nasty_texts(), max_size=2),
)
@fuzz_settings(examples=80)
def test_any_tile_address_gets_no_server_error(published, layer, z, x, y, params):
    note(f"/tiles/{layer}/{z}/{x}/{y}.pbf {params}")
    with transaction.atomic():
        no_server_error(Client().get(f"/tiles/{layer}/{z}/{x}/{y}.pbf", params))


@given(layer=st.sampled_from(LAYERS) | st.text(max_size=12), params=st.dictionaries(nasty_texts(), nasty_texts()))
@fuzz_settings(examples=20)
def test_any_tilejson_address_gets_no_server_error(published, layer, params):
    with transaction.atomic():
        no_server_error(Client().get(f"/tiles/{layer.replace('/', '')}.json", params))
