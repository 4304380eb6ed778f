"""The small-count rule: no number published from the surveys may single out a participant."""

from dataclasses import dataclass

# Counts from 1 to SMALL_COUNT - 1 are shown as « < 5 ». The layer view (layers/sql/post_40_survey_answers.sql) applies
# the same threshold in SQL.
SMALL_COUNT = 5
SMALL_LABEL = f"< {SMALL_COUNT}"
# A cell of SMALL_COUNT or more hidden so that a small one cannot be found by subtraction from the total.
WITHHELD_LABEL = "n.c."


@dataclass(frozen=True)
class Cell:
    """A published count: its text, and its percentage when it can be shown."""

    text: str
    percent: int | None = None

    @property
    def hidden(self):
        return self.text in (SMALL_LABEL, WITHHELD_LABEL)


def count_text(n: int) -> str:
    return SMALL_LABEL if 0 < n < SMALL_COUNT else str(n)


def cells(counts: list[int], *, total: int, partition: bool) -> list[Cell]:
    """The published cells of a distribution of `total` answers.

    In a partition (each answer in exactly one cell: single choice, scale) a lone small cell could be recovered as
    the total minus the others, so the smallest other non-zero cell is withheld with it.
    """
    hidden = {i for i, n in enumerate(counts) if 0 < n < SMALL_COUNT}
    if partition and len(hidden) == 1:
        others = [(n, i) for i, n in enumerate(counts) if n >= SMALL_COUNT]
        if others:
            hidden.add(min(others)[1])
    result = []
    for i, n in enumerate(counts):
        if i in hidden:
            result.append(Cell(SMALL_LABEL if n < SMALL_COUNT else WITHHELD_LABEL))
        else:
            percent = round(100 * n / total) if total >= SMALL_COUNT else None
            result.append(Cell(str(n), percent))
    return result
