"""The small-count rule against an attacker who knows it, knows every table's exact total and tries every table."""

import itertools
from collections import defaultdict

from geoparticipation.surveys.privacy import HIDDEN_LABEL, SMALL_LABEL, cells, commune_cells, count_text, hidden

# Every table of up to 4 counts from 0 to LARGEST is tried; only those up to LARGEST - 1 are checked, so that each
# has its neighbours (a count one higher) among the tables tried.
LARGEST = 9


def texts(counts):
    return [cell.text for cell in cells(counts, total=sum(counts))]


def recoverable(publish, width, secrets=None, checked=lambda counts: True):
    """The (table, position) of every hidden count whose value is the same in all the tables published alike.

    secrets(counts): the positions to protect, by default those the rule hides; checked(counts): the tables checked."""
    secrets = secrets or secret_positions
    seen = defaultdict(list)
    for counts in itertools.product(range(LARGEST + 1), repeat=width):
        seen[(sum(counts), publish(counts))].append(counts)
    found = []
    for tables in seen.values():
        for counts in tables:
            if max(counts) == LARGEST or not checked(counts):
                continue
            for position in secrets(counts):
                if len({table[position] for table in tables}) == 1:
                    found.append((counts, position))
    return found


def secret_positions(counts):
    withheld = hidden(counts)
    return range(len(counts)) if withheld is None else withheld


def test_no_hidden_count_of_a_choice_or_scale_table_can_be_recovered_from_its_total_and_the_other_counts():
    for width in (2, 3, 4):
        assert recoverable(lambda counts: tuple(texts(counts)), width) == []


def test_no_hidden_count_of_a_commune_breakdown_can_be_recovered_from_its_total_and_the_communes_listed():
    def publish(counts):
        return tuple(commune_cells([(f"commune {i}", n) for i, n in enumerate(counts) if n]))

    # Some commune holds no answer, as in a metropolis of 95: were there only two, and 4 answers in each, a breakdown
    # hidden whole would still say that no commune holds 5.
    for width in (2, 3, 4):
        assert recoverable(publish, width, checked=lambda counts: 0 in counts) == []


def test_the_former_rule_is_caught_by_the_same_attacker():
    def former(counts):
        small = [i for i, n in enumerate(counts) if 0 < n < 5]
        large = sorted((n, i) for i, n in enumerate(counts) if n >= 5)
        withheld = set(small) | ({large[0][1]} if len(small) == 1 and large else set())
        return tuple(("< 5" if 0 < n < 5 else "n.c.") if i in withheld else str(n) for i, n in enumerate(counts))

    found = recoverable(former, 2, secrets=lambda counts: [i for i, n in enumerate(counts) if 0 < n < 5])
    assert ((1, 5), 0) in found  # « < 5 » and « n.c. » with a total of 6: the 1 is read
    assert ((2, 0), 0) in found  # a lone « < 5 » among zeros is the total


def test_counts_from_one_to_four_are_hidden_with_the_smallest_count_of_five_or_more_under_one_mark():
    shown = cells([0, 3, 12, 9], total=24)
    assert [c.text for c in shown] == ["0", HIDDEN_LABEL, "12", HIDDEN_LABEL]
    assert [c.percent for c in shown] == [0, None, 50, None]


def test_several_small_counts_neither_all_one_nor_all_four_are_hidden_alone():
    assert texts([2, 3, 12]) == [HIDDEN_LABEL, HIDDEN_LABEL, "12"]
    assert texts([1, 1, 12]) == [HIDDEN_LABEL] * 3
    assert texts([4, 4, 12]) == [HIDDEN_LABEL] * 3


def test_every_count_equal_to_the_smallest_count_of_five_or_more_is_hidden_so_the_shown_ones_are_larger():
    assert texts([2, 5, 5, 9]) == [HIDDEN_LABEL, HIDDEN_LABEL, HIDDEN_LABEL, "9"]


def test_a_table_without_small_counts_is_shown_whole():
    assert texts([0, 12, 9]) == ["0", "12", "9"]


def test_a_table_whose_counts_are_all_under_five_is_hidden_whole_zeros_included():
    assert texts([0, 3, 4]) == [HIDDEN_LABEL] * 3
    assert commune_cells([("Warneton", 1), ("Comines", 4)]) == []


def test_a_commune_breakdown_names_its_hidden_communes():
    assert commune_cells([("Lille", 5), ("Roubaix", 7), ("Warneton", 1)]) == [
        ("Lille", HIDDEN_LABEL),
        ("Roubaix", "7"),
        ("Warneton", HIDDEN_LABEL),
    ]


def test_a_total_standing_alone_is_shown_as_less_than_five_from_one_to_four():
    assert [count_text(n) for n in (0, 1, 4, 5)] == ["0", SMALL_LABEL, SMALL_LABEL, "5"]


def test_no_percentage_is_given_below_five_answers():
    assert [c.percent for c in cells([0, 0], total=0)] == [None, None]
