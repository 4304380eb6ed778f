from geoparticipation.surveys.privacy import SMALL_LABEL, WITHHELD_LABEL, cells


def test_counts_from_one_to_four_are_shown_as_less_than_five_without_a_percentage():
    shown = cells([0, 3, 12, 9], total=24, partition=False)
    assert [c.text for c in shown] == ["0", SMALL_LABEL, "12", "9"]
    assert [c.percent for c in shown] == [0, None, 50, 38]


def test_a_lone_small_count_among_exclusive_answers_withholds_the_smallest_other_so_it_cannot_be_subtracted():
    shown = cells([2, 12, 9], total=23, partition=True)
    assert [c.text for c in shown] == [SMALL_LABEL, "12", WITHHELD_LABEL]
    assert shown[2].percent is None


def test_no_percentage_is_given_below_five_answers():
    assert [c.percent for c in cells([0, 0], total=0, partition=True)] == [None, None]
