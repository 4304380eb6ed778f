import dataclasses
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser

from geoparticipation.accounts.models import User
from geoparticipation.participation.models import Annotation, Meeting, Process, Proposal
from geoparticipation.surveys.models import Answer, Survey
from layers import definitions, qml, registry
from layers.registry import Categorized, Graduated, Tiles, all_layers

from ..factories import make_process

LAYER_MODELS = [
    (definitions.proposals, Proposal),
    (definitions.annotations, Annotation),
    (definitions.meetings, Meeting),
]


@pytest.mark.parametrize(("layer", "model"), LAYER_MODELS, ids=lambda v: getattr(v, "id", ""))
def test_a_layer_publishes_exactly_the_rows_the_site_shows(published, layer, model):
    assert set(layer.queryset().values_list("pk", flat=True)) == set(
        model.objects.public().values_list("pk", flat=True)
    )


def test_the_per_type_annotation_layers_partition_the_annotations(published):
    everything = set(definitions.annotations.queryset().values_list("pk", flat=True))
    parts = [set(layer.queryset().values_list("pk", flat=True)) for layer in all_layers() if layer.split_of]
    assert len(parts) == 3
    assert set().union(*parts) == everything
    assert sum(len(part) for part in parts) == len(everything)


def test_the_kept_commune_counts_equal_a_recount(published):
    expected = Counter(Proposal.objects.public().values_list("commune__insee", flat=True))
    counts = dict(definitions.communes.queryset().filter(proposals_count__gt=0).values_list("insee", "proposals_count"))
    assert counts == dict(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("layer", all_layers(), ids=lambda layer: layer.id)
def test_the_declared_columns_are_the_columns_of_the_view_in_order(layer):
    view_columns = [f.column for f in layer.model._meta.concrete_fields if f.column != "geom"]
    assert list(layer.columns) == view_columns
    layer.queryset().first()


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize(("layer", "model"), LAYER_MODELS, ids=lambda v: getattr(v, "id", ""))
def test_what_an_anonymous_visitor_or_a_non_member_may_see_is_exactly_the_layer(published, layer, model):
    outsider = User.objects.create_user("dominique@example.org", "Dominique")
    assert ids(model.objects.visible_to(AnonymousUser())) == ids(layer.queryset())
    assert ids(model.objects.visible_to(outsider)) == ids(layer.queryset())


@pytest.mark.parametrize(("layer", "model"), LAYER_MODELS, ids=lambda v: getattr(v, "id", ""))
def test_a_member_sees_the_layer_and_the_published_content_of_their_private_concertation(published, layer, model):
    member = User.objects.get(pseudonym="Camille59")
    private = model.objects.published().filter(process__slug="prive")
    assert private.exists()
    assert ids(model.objects.visible_to(member)) == ids(layer.queryset()) | ids(private)


@pytest.mark.parametrize(("layer", "model"), LAYER_MODELS, ids=lambda v: getattr(v, "id", ""))
def test_an_officer_sees_published_content_of_every_concertation_even_unpublished_ones(published, layer, model):
    officer = User.objects.get(pseudonym="Agent MEL")
    draft = make_process("brouillon")
    Process.objects.filter(pk=draft.pk).update(published=False)
    model.objects.filter(process__slug="prive").update(process=draft)
    in_draft = ids(model.objects.published().filter(process=draft))
    assert in_draft
    assert ids(model.objects.visible_to(officer)) == ids(layer.queryset()) | in_draft


def test_hidden_and_unpublished_proposals_are_visible_to_nobody_on_the_site(published):
    officer = User.objects.get(pseudonym="Agent MEL")
    member = User.objects.get(pseudonym="Camille59")
    for user in (AnonymousUser(), member, officer):
        visible = ids(Proposal.objects.visible_to(user))
        assert published.hidden_proposal.pk not in visible
        assert published.unpublished_proposal.pk not in visible


def test_the_survey_layer_counts_exactly_the_map_answers_of_the_public_surveys(published):
    expected = Counter(
        Answer.objects.filter(
            response__survey__in=Survey.objects.public(), geom__isnull=False, commune__isnull=False
        ).values_list("question_id", "commune__insee")
    )
    rows = definitions.survey_answers.queryset().values_list("question", "commune_insee", "answers", "suppressed")
    # No count under 5, so none is hidden (the small-count rule has its own tests, tests/surveys/test_privacy*.py).
    assert expected and all(n >= 5 for n in expected.values())
    assert {(q, insee): (n, suppressed) for q, insee, n, suppressed in rows} == {
        key: (n, False) for key, n in expected.items()
    }


def declaration(**overrides):
    """The proposals declaration with some of its parts replaced, built (and so checked) anew."""
    return dataclasses.replace(definitions.proposals, **overrides)


def test_a_column_name_too_long_for_a_shapefile_is_refused_when_the_layer_is_declared():
    with pytest.raises(ValueError, match="supports_count"):
        declaration(shapefile_names={"comments_count": "comments"})


def test_two_columns_sharing_a_shapefile_name_are_refused_when_the_layer_is_declared():
    names = {**definitions.proposals.shapefile_names, "comments_count": "Supports"}
    with pytest.raises(ValueError, match="share a Shapefile name"):
        declaration(shapefile_names=names)


@pytest.mark.parametrize(
    "overrides",
    [
        {"tiles": Tiles(fields=("id", "email"))},
        {"shapefile_names": {"email": "mail"}},
        {"datetime_column": "created_at"},
        {"style": Graduated("note", classes=((0, None, "0,0,0"),))},
    ],
    ids=["tile fields", "shapefile names", "datetime column", "style column"],
)
def test_a_declaration_naming_a_column_the_layer_does_not_have_is_refused(overrides):
    with pytest.raises(ValueError, match="unknown columns"):
        declaration(**overrides)


def test_a_declaration_whose_columns_differ_from_its_model_is_refused():
    columns = {name: text for name, text in definitions.proposals.columns.items() if name != "answer"}
    with pytest.raises(ValueError, match="not those of its model"):
        declaration(columns=columns)


def test_a_state_without_a_colour_is_refused_when_the_style_is_declared():
    colours = dict(definitions.proposals.style.colours)
    del colours[Proposal.State.WITHDRAWN]
    with pytest.raises(ValueError, match="withdrawn"):
        Categorized("state", Proposal.State, colours)


# The mixed annotations layer has rules per geometry type instead (tests/layers/test_qml.py).
CATEGORIZED = {"proposals": Proposal.State} | {
    layer.id: Annotation.Kind for layer in all_layers() if "annot" in layer.id and layer.geometry_type != "Geometry"
}


@pytest.mark.parametrize("layer_id", CATEGORIZED)
def test_the_qgis_categories_are_the_values_and_labels_of_the_model_choices(layer_id):
    document = ET.fromstring(qml.style(registry.get(layer_id)).split("\n", 1)[1])
    categories = [(c.get("value"), c.get("label")) for c in document.iterfind(".//category")]
    assert categories == [(value, str(label)) for value, label in CATEGORIZED[layer_id].choices]
    assert len(document.findall(".//symbols/symbol")) == len(categories)


def test_the_column_descriptions_say_the_values_of_the_model_choices():
    assert definitions.proposals.columns["state"] == ("État : published, evaluating, accepted, rejected ou withdrawn")
    for value in Annotation.Kind.values:
        assert value in definitions.annotations.columns["kind"]


@pytest.mark.parametrize("layer", all_layers(), ids=lambda layer: layer.id)
def test_the_layer_models_leave_the_column_descriptions_to_the_declaration(layer):
    assert not [f.name for f in layer.model._meta.concrete_fields if f.help_text]


def test_the_per_type_annotation_layers_are_declared_like_the_whole():
    for layer in all_layers():
        if layer.split_of:
            whole = definitions.annotations
            assert (layer.columns, layer.tiles, layer.shapefile_names) == (
                whole.columns,
                whole.tiles,
                whole.shapefile_names,
            )
            assert layer.style is whole.style
