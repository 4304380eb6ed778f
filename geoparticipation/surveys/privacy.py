"""The small-count rule: no number published from the surveys may single out a participant.

Every survey count goes out through this module: the results page (selectors.py), the public report
(analysis/report.py) and the layer `survey_answers` in every feed (its view, layers/sql/post_40_survey_answers.sql,
mirrors `hidden` in SQL; a test keeps the two equal).

Whom it protects against: someone who knows every number published anywhere (results page, report, the layer
through WFS, OGC API, tiles, downloads and their feature counts), knows this rule, and knows the exact total of
every table, even where it is printed « < 5 »: a total can be read in another table of the same survey (two
required questions have the same total), so the rule never relies on a total being secret.

A table is the counts of one question: its choices, its scale values, or the communes of its map answers.

- A count standing alone (respondents, the answers to a question, the responses in the report) is shown, or
  « < 5 » from 1 to 4 (`count_text`): alone, it hides itself.
- A table without a count from 1 to 4 is shown whole.
- In a table with some and a count of 5 or more, the counts from 1 to 4 are hidden. If there are two or more and
  they are neither all 1 nor all 4, that is enough: moving an answer from one to another changes nothing that is
  published (their sum is the same, each stays between 1 and 4, they still are neither all 1 nor all 4), and each
  can take another value (a 1 from a count above 1, a 4 to a count below 4, a 2 or a 3 either way). Otherwise
  their sum, known from the total, would give each of them, so every count equal to the smallest count of 5 or
  more is hidden with them: exchanging two hidden counts changes nothing that is published (the shown counts stay
  larger than every hidden one, so the rule hides the same cells), and the hidden ones hold a count of 1 to 4 and
  one of 5 or more, so each has at least two possible values.
- A table with counts from 1 to 4 and none of 5 or more is hidden whole, zeros included (a map question then
  names no commune): knowing which are zero, five counts of 1 and a total of 5 would be read exactly.
- Every hidden count has one mark, « n.c. »: with « < 5 » beside « n.c. », a table of 1 and 5 answers whose total
  is 6 would give the 1 away.

Multiple choice is not a partition (one answer, several choices): fewer equations, the same argument. The shown
counts' percentages follow from the total and add nothing; a scale's mean is shown only when nothing is hidden
(with the total it would be a second equation). tests/surveys/test_privacy.py tries every small table.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format

# Counts from 1 to SMALL_COUNT - 1 are never published.
SMALL_COUNT = 5
SMALL_LABEL = f"< {SMALL_COUNT}"
HIDDEN_LABEL = "n.c."


@dataclass(frozen=True)
class Cell:
    """A published count of a table: its text, and its percentage when it can be shown."""

    text: str
    percent: int | None = None

    @property
    def hidden(self):
        return self.text == HIDDEN_LABEL


def is_small(n: int) -> bool:
    return 0 < n < SMALL_COUNT


def number_text(n: int) -> str:
    """A published count as the page's language writes it (« 1 234 » in French)."""
    return number_format(n, force_grouping=True)


def count_text(n: int) -> str:
    """A count published on its own: a total."""
    return SMALL_LABEL if is_small(n) else number_text(n)


def hidden(counts: Sequence[int]) -> set[int] | None:
    """The positions of the counts of a table that are not published; None when none of it is, zeros included."""
    small = {i for i, n in enumerate(counts) if is_small(n)}
    if not small:
        return set()
    large = [n for n in counts if n >= SMALL_COUNT]
    if not large:
        return None
    if len(small) > 1 and {counts[i] for i in small} not in ({1}, {SMALL_COUNT - 1}):
        return small
    smallest = min(large)
    return small | {i for i, n in enumerate(counts) if n == smallest}


def cells(counts: Sequence[int], *, total: int) -> list[Cell]:
    """The published cells of a table of `total` answers (choices or scale values, every one listed)."""
    withheld = hidden(counts)
    if withheld is None:
        return [Cell(HIDDEN_LABEL) for _ in counts]
    return [
        Cell(HIDDEN_LABEL)
        if i in withheld
        else Cell(number_text(n), round(100 * n / total) if total >= SMALL_COUNT else None)
        for i, n in enumerate(counts)
    ]


def commune_cells(counts: Sequence[tuple[str, int]]) -> list[tuple[str, str]]:
    """The published (commune, count) of a map question, from the communes holding its answers; the others hold
    none. Empty when the table is hidden whole: the communes are not even named."""
    withheld = hidden([n for _, n in counts])
    if withheld is None:
        return []
    return [(commune, HIDDEN_LABEL if i in withheld else number_text(n)) for i, (commune, n) in enumerate(counts)]
