"""The layer's view applies the small-count rule of privacy.py, mirrored in SQL: both publish the same counts."""

import pytest

from geoparticipation.accounts.models import User
from geoparticipation.surveys import selectors, services
from geoparticipation.surveys.models import Question, Survey
from geoparticipation.surveys.privacy import HIDDEN_LABEL, commune_cells
from layers.definitions import survey_answers

from ..factories import make_process, point
from .factories import place_in

# Answers per commune of each map question: every case of the rule.
TABLES = [
    {"Lille": 5, "Roubaix": 7},
    {"Lille": 5, "Roubaix": 6, "Warneton": 1},
    {"Lille": 5, "Roubaix": 5, "Tourcoing": 9, "Warneton": 2},
    {"Lille": 8, "Roubaix": 2, "Warneton": 3},
    {"Lille": 8, "Roubaix": 1, "Warneton": 1},
    {"Lille": 8, "Roubaix": 4, "Tourcoing": 6, "Warneton": 4},
    {"Lille": 4, "Warneton": 4},
    {"Lille": 12},
]


@pytest.fixture
def survey(db):
    survey = Survey.objects.create(process=make_process(), slug="lieux", title="Lieux")
    questions = [
        Question.objects.create(survey=survey, position=n, kind="point", text=f"Lieu {n}")
        for n in range(1, len(TABLES) + 1)
    ]
    places = {nom: point(*place_in(nom)) for nom in ("Lille", "Roubaix", "Tourcoing", "Warneton")}
    # Person i answers each question in the i-th commune of its table, or not at all.
    spread = [[nom for nom, n in table.items() for _ in range(n)] for table in TABLES]
    for i in range(max(map(len, spread))):
        user = User.objects.create_user(f"lieu{i}@example.org", f"lieu{i}")
        answers = {q.pk: places[where[i]] for q, where in zip(questions, spread, strict=True) if i < len(where)}
        services.response_create(survey=survey, user=user, answers=answers)
    return survey


def test_the_layer_publishes_per_commune_exactly_what_the_rule_of_the_results_page_publishes(survey):
    rows = {}
    for feature in survey_answers.queryset():
        text = HIDDEN_LABEL if feature.suppressed else str(feature.answers)
        assert (feature.answers is None) == feature.suppressed
        rows.setdefault(feature.question, []).append((feature.commune_nom, text))
    page = {
        r.question.pk: [(nom, text) for _, nom, text in r.communes] for r in selectors.survey_results(survey).questions
    }

    for question, table in zip(survey.questions.all(), TABLES, strict=True):
        expected = commune_cells(sorted(table.items()))
        assert sorted(rows.get(question.pk, [])) == expected, table
        assert page[question.pk] == expected, table
    # The cases do differ: one table shown whole, one hidden whole, one with a commune hidden with a small count.
    assert commune_cells(sorted(TABLES[0].items())) == [("Lille", "5"), ("Roubaix", "7")]
    assert commune_cells(sorted(TABLES[6].items())) == []
    assert commune_cells(sorted(TABLES[1].items())) == [("Lille", "n.c."), ("Roubaix", "6"), ("Warneton", "n.c.")]
