from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser

from geoparticipation.accounts.models import User
from geoparticipation.participation.models import Annotation, Meeting, Process, Proposal
from geoparticipation.surveys.models import Answer, Survey
from layers import definitions
from layers.registry import all_layers

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
    assert {(q, insee): (n, suppressed) for q, insee, n, suppressed in rows} == {
        key: (n if n >= 5 else None, n < 5) for key, n in expected.items()
    }
    assert expected and all(n >= 5 for n in expected.values())
