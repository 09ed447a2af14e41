"""The pure score function: the rubric every badge, sort and API response derives from."""

import pytest

from practice_trainings.scoring import (
    BAND_INSUFFICIENT,
    BAND_LIMITED,
    BAND_PARTIAL,
    BAND_STRONG,
    NOT_APPLICABLE,
    UNKNOWN,
    ScoredItem,
    band_for,
    compute_score,
    consensus,
    reviewers_disagree,
)

ITEMS = [
    ScoredItem("q1", "questions", 3, essential=True),
    ScoredItem("q2", "questions", 2),
    ScoredItem("d1", "dimensions", 1),
    ScoredItem("d2", "dimensions", 2),
]


def test_all_central_answers_score_one_hundred_and_strong():
    result = compute_score(ITEMS, {"q1": 3, "q2": 3, "d1": 3, "d2": 3})
    assert result.score == 100
    assert result.coverage == 1
    assert result.band == BAND_STRONG


def test_score_is_weighted_by_item_weight():
    # (3*3 + 2*0 + 1*3 + 2*0) / (8*3) = 12/24
    result = compute_score(ITEMS, {"q1": 3, "q2": 0, "d1": 3, "d2": 0})
    assert result.score == 50
    assert result.band == BAND_LIMITED


def test_not_applicable_items_leave_both_score_and_coverage_denominators():
    result = compute_score(ITEMS, {"q1": 3, "q2": NOT_APPLICABLE, "d1": 3, "d2": 3})
    assert result.score == 100
    assert result.coverage == 1


def test_an_unknown_item_counts_as_zero_in_the_score_and_lowers_coverage():
    # (3*3 + 2*3 + 1*0 + 2*3) / (8*3) = 21/24
    result = compute_score(ITEMS, {"q1": 3, "q2": 3, "d1": UNKNOWN, "d2": 3})
    assert result.score == 87.5
    assert result.coverage == pytest.approx(7 / 8)
    assert result.band == BAND_STRONG


def test_an_unanswered_item_scores_exactly_like_an_item_answered_zero():
    unknown = compute_score(ITEMS, {"q1": 3, "q2": 2, "d1": UNKNOWN, "d2": 3})
    zero = compute_score(ITEMS, {"q1": 3, "q2": 2, "d1": 0, "d2": 3})
    assert unknown.score == zero.score
    assert unknown.coverage < zero.coverage


def test_leaving_a_weak_item_unanswered_never_beats_answering_it():
    # The case: a changed item turned unknown must not lift 81 to 86.
    answered = compute_score(ITEMS, {"q1": 3, "q2": 2, "d1": 1, "d2": 2})
    silent = compute_score(ITEMS, {"q1": 3, "q2": 2, "d1": UNKNOWN, "d2": 2})
    assert silent.score < answered.score


def test_an_essential_item_not_checked_yet_caps_the_band_like_a_zero():
    items = [ScoredItem("e", "s", 1, essential=True)] + [
        ScoredItem(f"i{n}", "s", 3) for n in range(4)
    ]
    result = compute_score(items, {"e": UNKNOWN, "i0": 3, "i1": 3, "i2": 3, "i3": 3})
    assert result.score >= 85
    assert result.band == BAND_PARTIAL


def test_missing_answers_count_as_unknown():
    result = compute_score(ITEMS, {"q1": 3, "q2": 3, "d2": 3})
    assert result.coverage == pytest.approx(7 / 8)


def test_coverage_under_sixty_percent_gives_insufficient_evidence_instead_of_a_band():
    result = compute_score(ITEMS, {"q1": 3})  # 3 of 8 weight answered, the rest counts as 0
    assert result.score == 37.5
    assert result.coverage == pytest.approx(3 / 8)
    assert result.band == BAND_INSUFFICIENT


def test_coverage_of_exactly_sixty_percent_is_enough_for_a_band():
    items = [ScoredItem(f"i{n}", "s", 1) for n in range(5)]
    result = compute_score(items, {"i0": 3, "i1": 3, "i2": 3, "i3": 3, "i4": UNKNOWN})
    assert result.coverage == pytest.approx(0.8)
    assert result.band == BAND_PARTIAL  # 80: the unknown item counts as 0
    result = compute_score(items, {"i0": 3, "i1": 3, "i2": 3})
    assert result.coverage == pytest.approx(0.6)
    assert result.band == BAND_PARTIAL  # exactly 60


def test_an_essential_item_at_zero_caps_a_strong_score_at_partial():
    items = [ScoredItem("e", "s", 1, essential=True)] + [
        ScoredItem(f"i{n}", "s", 3) for n in range(4)
    ]
    answers = {"e": 0, "i0": 3, "i1": 3, "i2": 3, "i3": 3}
    result = compute_score(items, answers)
    assert result.score >= 85
    assert result.band == BAND_PARTIAL
    assert result.capped_by_essential


def test_an_essential_item_at_zero_does_not_lift_a_limited_score():
    result = compute_score(ITEMS, {"q1": 0, "q2": 1, "d1": 1, "d2": 1})
    assert result.band == BAND_LIMITED
    assert not result.capped_by_essential


def test_a_non_essential_item_at_zero_does_not_cap():
    items = [ScoredItem("e", "s", 1)] + [ScoredItem(f"i{n}", "s", 3) for n in range(4)]
    result = compute_score(items, {"e": 0, "i0": 3, "i1": 3, "i2": 3, "i3": 3})
    assert result.band == BAND_STRONG


def test_an_empty_checklist_has_no_score_and_insufficient_evidence():
    result = compute_score([], {})
    assert result.score is None
    assert result.band == BAND_INSUFFICIENT
    assert result.sections == ()


def test_nothing_answered_has_no_score_and_zero_coverage():
    result = compute_score(ITEMS, {})
    assert result.score is None
    assert result.coverage == 0
    assert result.band == BAND_INSUFFICIENT


def test_everything_not_applicable_has_no_score():
    result = compute_score(ITEMS, dict.fromkeys(["q1", "q2", "d1", "d2"], NOT_APPLICABLE))
    assert result.score is None
    assert result.band == BAND_INSUFFICIENT


def test_sections_are_scored_separately_in_checklist_order():
    result = compute_score(ITEMS, {"q1": 3, "q2": 3, "d1": 0, "d2": UNKNOWN})
    questions, dimensions = result.sections
    assert questions.section == "questions"
    assert questions.score == 100
    assert dimensions.section == "dimensions"
    assert dimensions.score == 0
    assert dimensions.coverage == pytest.approx(1 / 3)
    assert result.strongest_section == "questions"


def test_a_section_with_nothing_answered_has_no_score():
    result = compute_score(ITEMS, {"q1": 3, "q2": 3})
    assert result.sections[1].score is None
    assert result.strongest_section == "questions"


def test_band_thresholds_are_eighty_five_and_sixty():
    assert band_for(85, 1) == BAND_STRONG
    assert band_for(84.9, 1) == BAND_PARTIAL
    assert band_for(60, 1) == BAND_PARTIAL
    assert band_for(59.9, 1) == BAND_LIMITED


@pytest.mark.parametrize("bad", [4, -1, "x", "2.5x", True])
def test_an_answer_off_the_scale_is_refused(bad):
    with pytest.raises(ValueError, match="scale"):
        compute_score(ITEMS, {"q1": bad})


@pytest.mark.parametrize("weight", [0, 4])
def test_a_weight_outside_one_to_three_is_refused(weight):
    with pytest.raises(ValueError, match="weight"):
        compute_score([ScoredItem("x", "s", weight)], {"x": 1})


def test_string_answers_from_storage_are_accepted():
    assert compute_score(ITEMS, {"q1": "3", "q2": "3", "d1": "3", "d2": "3"}).score == 100


def test_consensus_of_two_reviewers_is_their_median_rounded_down_to_a_whole_answer():
    assert consensus(1, 3) == "2"
    assert consensus(2, 0) == "1"  # the "flexible-tools": 2 and 0
    assert consensus(2, 3) == "2"  # never rounded up
    assert consensus(0, 3) == "1"
    assert consensus(2, 2) == "2"


def test_an_unknown_answer_defers_to_the_reviewer_who_checked():
    assert consensus(2, UNKNOWN) == "2"
    assert consensus(UNKNOWN, "1") == "1"
    assert consensus(UNKNOWN, UNKNOWN) == UNKNOWN
    assert consensus() == UNKNOWN


def test_an_item_is_not_applicable_only_when_every_reviewer_says_so():
    assert consensus(NOT_APPLICABLE, NOT_APPLICABLE) == NOT_APPLICABLE
    assert consensus(NOT_APPLICABLE, 2) == "2"
    assert consensus(NOT_APPLICABLE, UNKNOWN) == NOT_APPLICABLE


def test_with_three_or_more_reviewers_the_majority_answer_wins():
    assert consensus(3, 3, 0) == "3"
    assert consensus(1, 0, 1, 3, 1) == "1"
    assert consensus("2", "2", "3", UNKNOWN) == "2"


def test_with_three_or_more_reviewers_and_no_majority_the_median_is_used():
    assert consensus(0, 2, 3) == "2"
    assert consensus(0, 1, 2, 3) == "1"  # median 1.5, rounded down
    assert consensus(3, 3, 0, 0) == "1"  # a tie is no majority: median 1.5, rounded down


def test_reviewers_differing_by_two_or_more_are_flagged():
    assert reviewers_disagree(0, 2)
    assert reviewers_disagree(3, 1)
    assert reviewers_disagree(1, 2, 3)
    assert not reviewers_disagree(1, 2)
    assert not reviewers_disagree(2, None)
    assert not reviewers_disagree(2, UNKNOWN)


def test_one_reviewer_saying_not_applicable_and_another_scoring_is_a_disagreement():
    assert reviewers_disagree(NOT_APPLICABLE, 3)
    assert not reviewers_disagree(NOT_APPLICABLE, NOT_APPLICABLE)


def test_consensus_of_three_or_more_reviewers_is_the_majority_else_the_median_rounded_down():
    assert consensus(3, 3, 0) == "3"  # more than half said 3
    assert consensus(0, 2, 0) == "0"
    assert consensus(3, 1, 0) == "1"  # no majority: the median
    assert consensus(3, 2, 1, 0) == "1"  # median 1.5, rounded down
    assert consensus(3, 3, 1, 0) == "2"  # 3 is half, not more than half: median 2
    assert consensus(3, 3, 3, 0) == "3"
    assert consensus(2, UNKNOWN, 0) == "1"  # unknown leaves it to the other two
    assert consensus(NOT_APPLICABLE, NOT_APPLICABLE, 1) == "1"  # scored by one: applicable
    assert consensus(NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE) == NOT_APPLICABLE
