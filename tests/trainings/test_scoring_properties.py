"""Property-based tests of the rubric's invariants (Hypothesis): the score cannot be gamed.

None (no score: nothing applicable answered) ranks below every number, as it does in the
directory's "best score first" order.
"""

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from practice_trainings.scoring import (
    BAND_STRONG,
    MAX_ANSWER,
    NOT_APPLICABLE,
    UNKNOWN,
    ScoredItem,
    compute_score,
    consensus,
)

POINTS = st.sampled_from([0, 1, 2, 3])
ANSWER = st.sampled_from([0, 1, 2, 3, NOT_APPLICABLE, UNKNOWN])


@st.composite
def checklists(draw, min_size=1):
    size = draw(st.integers(min_value=min_size, max_value=8))
    return [
        ScoredItem(
            f"i{n}",
            draw(st.sampled_from(["questions", "dimensions"])),
            draw(st.integers(min_value=1, max_value=3)),
            essential=draw(st.booleans()),
        )
        for n in range(size)
    ]


@st.composite
def assessed(draw):
    items = draw(checklists())
    answers = {item.code: draw(ANSWER) for item in items}
    return items, answers


def rank(score):
    return -1 if score is None else score


@given(assessed(), st.data())
def test_answering_an_unknown_item_never_lowers_the_score(case, data):
    items, answers = case
    unknown = [code for code, value in answers.items() if value == UNKNOWN]
    if not unknown:
        return
    code = data.draw(st.sampled_from(unknown))
    before = compute_score(items, answers)
    after = compute_score(items, {**answers, code: data.draw(POINTS)})
    assert rank(after.score) >= rank(before.score)


@given(assessed(), st.data())
def test_removing_evidence_never_raises_the_score(case, data):
    items, answers = case
    answered = [code for code, value in answers.items() if value in (0, 1, 2, 3)]
    if not answered:
        return
    code = data.draw(st.sampled_from(answered))
    before = compute_score(items, answers)
    after = compute_score(items, {**answers, code: UNKNOWN})
    assert rank(after.score) <= rank(before.score)


@given(assessed(), st.data())
def test_raising_any_answer_never_lowers_the_score(case, data):
    items, answers = case
    raisable = [code for code, value in answers.items() if value in (0, 1, 2)]
    if not raisable:
        return
    code = data.draw(st.sampled_from(raisable))
    higher = data.draw(st.integers(min_value=answers[code] + 1, max_value=MAX_ANSWER))
    before = compute_score(items, answers)
    after = compute_score(items, {**answers, code: higher})
    assert after.score >= before.score


@given(assessed(), st.data())
def test_not_applicable_never_changes_the_other_items_contribution(case, data):
    # An item marked N/A leaves the score as if it were not on the checklist at all.
    items, answers = case
    code = data.draw(st.sampled_from([item.code for item in items]))
    with_na = compute_score(items, {**answers, code: NOT_APPLICABLE})
    without_item = compute_score([item for item in items if item.code != code], answers)
    assert with_na.score == without_item.score
    assert with_na.coverage == without_item.coverage
    assert with_na.band == without_item.band


@given(assessed())
def test_the_band_never_beats_the_essential_item_cap(case):
    items, answers = case
    result = compute_score(items, answers)
    essential_unmet = any(item.essential and answers[item.code] in (0, UNKNOWN) for item in items)
    if essential_unmet:
        assert result.band != BAND_STRONG


@given(assessed())
def test_the_score_never_exceeds_the_answered_share_of_the_maximum(case):
    # Unknown items count as 0: at most the evidenced (answered) weight can earn points.
    items, answers = case
    result = compute_score(items, answers)
    if result.score is not None:
        assert result.score <= round(100 * result.coverage, 1) + 0.1


@given(assessed(), st.sampled_from(["en", "es", "fr", "ar"]))
def test_the_same_inputs_give_the_same_score_in_every_locale(case, language):
    items, answers = case
    reference = compute_score(items, answers)
    with translation.override(language):
        localized = compute_score(items, {code: str(value) for code, value in answers.items()})
    assert localized == reference


@given(st.lists(ANSWER, min_size=1, max_size=5))
def test_consensus_is_always_one_answer_on_the_scale(answers):
    assert consensus(*answers) in {"0", "1", "2", "3", NOT_APPLICABLE, UNKNOWN}


@given(st.lists(POINTS, min_size=1, max_size=5))
def test_consensus_lies_between_the_reviewers_answers(answers):
    assert min(answers) <= int(consensus(*answers)) <= max(answers)


@given(st.lists(ANSWER, min_size=1, max_size=5))
def test_consensus_does_not_depend_on_the_order_of_reviewers(answers):
    assert consensus(*answers) == consensus(*reversed(answers))
