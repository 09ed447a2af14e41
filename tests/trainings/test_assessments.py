"""Assessments: stored scores kept in step, evidence rules, two reviewers, version changes."""

import pytest
from django.core.exceptions import ValidationError

from practice_trainings.models import Answer, Assessment, Checklist, ChecklistItem
from practice_trainings.services import (
    carry_forward,
    publish_version,
    recompute_assessment,
    scorecard_for,
    start_new_version,
)

from .conftest import all_items, assess


def test_the_stored_score_is_derived_from_the_answers(scored_training, checklist):
    assessment = Assessment.objects.get(training_key=scored_training.translation_key)
    # 3 everywhere except a weight-1 item at 2: (60 - 1) / 60.
    assert assessment.score == pytest.approx(98.3)
    assert assessment.coverage == 1
    assert assessment.band == "strong"
    assert assessment.is_latest
    assert [s["section"] for s in assessment.section_scores] == ["questions", "dimensions"]


def test_changing_an_answer_rescores_the_assessment(scored_training):
    answer = Answer.objects.get(item__code="whole-person")
    answer.value = "0"
    answer.save()
    assessment = Assessment.objects.get(pk=answer.assessment_id)
    assert assessment.score < 90
    assert assessment.band == "partial"  # the essential item at 0 caps it


def test_changing_an_item_weight_rescores_its_assessments(scored_training, checklist):
    item = ChecklistItem.objects.get(checklist=checklist, code="ways-of-knowing")
    item.weight = 3
    item.save()
    assessment = Assessment.objects.get(training_key=scored_training.translation_key)
    assert assessment.score == pytest.approx(round(100 * (57 + 6) / 66, 1))


def test_an_answer_of_two_or_more_without_evidence_is_a_validation_error(scored_training):
    answer = Answer.objects.get(item__code="inclusive")
    answer.evidence_note = ""
    answer.evidence_url = ""
    with pytest.raises(ValidationError) as excinfo:
        answer.full_clean()
    assert "evidence_note" in excinfo.value.message_dict


def test_an_answer_of_two_with_only_an_evidence_url_is_accepted(scored_training):
    answer = Answer.objects.get(item__code="inclusive")
    answer.evidence_note = ""
    answer.evidence_url = "https://riverbank.example/syllabus.pdf"
    answer.full_clean()


@pytest.mark.parametrize("value", ["4", "-1", "maybe"])
def test_an_answer_outside_the_scale_is_a_validation_error(scored_training, value):
    answer = Answer.objects.get(item__code="inclusive")
    answer.value = value
    with pytest.raises(ValidationError) as excinfo:
        answer.full_clean()
    assert "value" in excinfo.value.message_dict


def test_an_assessment_against_a_draft_version_is_refused(make_training, checklist):
    draft = start_new_version(checklist)
    assessment = Assessment(training=make_training(), checklist=draft)
    with pytest.raises(ValidationError, match="published"):
        assessment.full_clean()


def test_a_second_reviewer_makes_each_item_the_median(make_training, checklist):
    training = make_training()
    assessment = assess(training, all_items(checklist, "3"))
    answer = assessment.answers.get(item__code="whole-person")
    answer.second_value = "1"
    answer.save()
    assert answer.consensus_value == "2"
    assert str(answer.consensus_label) == "2 – present"
    assert answer.reviewers_disagree
    assessment.refresh_from_db()
    assert assessment.score == pytest.approx(round(100 * (60 - 3) / 60, 1))


def test_reviewers_one_point_apart_are_not_flagged(make_training, checklist):
    assessment = assess(make_training(), all_items(checklist, "3"))
    answer = assessment.answers.get(item__code="whole-person")
    answer.second_value = "2"
    assert not answer.reviewers_disagree


def test_every_translation_of_a_training_shows_the_same_assessment(scored_training, locales):
    from practice_site.demo.translation import translate

    training_index = scored_training.get_parent()
    translate(training_index, locales["es"], {})
    spanish = translate(scored_training, locales["es"], {"Roots and Rhythms": "Raíces y ritmos"})
    card = scorecard_for(spanish)
    assert card is not None
    assert card.score == pytest.approx(98.3)
    # wagtail-localize's sync never copied or replaced the assessment.
    assert Assessment.objects.count() == 1


def test_a_newer_checklist_version_flags_re_review_and_keeps_the_old_score(
    scored_training, checklist
):
    draft = start_new_version(checklist)
    publish_version(draft, changelog="Clarified guidance.")
    card = scorecard_for(scored_training)
    assert card.version == 1
    assert card.re_review_due
    assert card.score == pytest.approx(98.3)  # nothing silently rescored


def test_carry_forward_copies_answers_to_unchanged_items_only(scored_training, checklist):
    draft = start_new_version(checklist)
    changed = draft.items.get(code="client-agency")
    changed.question = "Does it put client agency at the centre of the work?"
    changed.save()
    publish_version(draft, changelog="Rewrote the agency question.")
    old = Assessment.objects.get(training_key=scored_training.translation_key)

    new, carried = carry_forward(old)

    assert carried == 8
    assert new.checklist == draft
    assert new.answers.get(item__code="client-agency").value == "unknown"
    assert new.answers.get(item__code="whole-person").value == "3"
    assert new.answers.get(item__code="whole-person").evidence_note
    assert new.is_latest
    old.refresh_from_db()
    assert not old.is_latest
    assert old.score == pytest.approx(98.3)
    # The changed item is unknown (0 in the score) until it is re-assessed.
    assert new.score < old.score
    assert new.rereview_pending
    assert scorecard_for(scored_training).re_review_due
    answer = new.answers.get(item__code="client-agency")
    answer.value = "1"
    answer.save()
    card = scorecard_for(scored_training)
    assert card.version == 2
    assert not card.re_review_due


def test_a_raised_weight_carried_forward_never_raises_the_published_score(make_training, checklist):
    # The case: 81 became 86 when a changed item turned unknown and was left out.
    answers = all_items(checklist, "3")
    answers["client-agency"] = "1"
    training = make_training()
    old = assess(training, answers)
    published = old.score
    draft = start_new_version(checklist)
    item = draft.items.get(code="client-agency")
    item.weight = 3 if item.weight != 3 else 2
    item.save()
    publish_version(draft, changelog="Client agency matters more.")

    new, _carried = carry_forward(old)

    card = scorecard_for(training)
    assert card.score <= published
    assert card.re_review_due


def test_a_removed_weak_item_does_not_lift_the_score_before_the_re_review(make_training, checklist):
    items = sorted(checklist.items.all(), key=lambda item: item.weight)
    weak, reworded = items[-1].code, items[0].code  # the heaviest item is the weak one
    answers = all_items(checklist, "3")
    answers[weak] = "0"
    training = make_training()
    old = assess(training, answers)
    draft = start_new_version(checklist)
    draft.items.get(code=weak).delete()
    changed = draft.items.get(code=reworded)
    changed.question = changed.question + " (reworded)"
    changed.save()
    publish_version(draft, changelog="Dropped one question; reworded another.")

    new, _carried = carry_forward(old)

    # With the reworded item still unknown the new version already scores higher than the
    # old one: visitors keep seeing the old score, marked re-review due.
    new.refresh_from_db()
    assert new.score > old.score
    card = scorecard_for(training)
    assert card.version == 1
    assert card.score == old.score
    assert card.re_review_due
    answer = new.answers.get(item__code=reworded)
    answer.value = "3"
    answer.evidence_note = "Seen in module 2."
    answer.save()
    card = scorecard_for(training)
    assert card.version == 2
    assert card.score > old.score
    assert not card.re_review_due


def test_carry_forward_without_a_newer_version_is_refused(scored_training):
    old = Assessment.objects.get(training_key=scored_training.translation_key)
    with pytest.raises(ValidationError, match="no newer"):
        carry_forward(old)


def test_recomputing_an_unanswered_assessment_gives_insufficient_evidence(make_training, checklist):
    assessment = assess(make_training(), {})
    assessment = recompute_assessment(assessment)
    assert assessment.score is None
    assert assessment.band == "insufficient"
    assert Checklist.in_force() == checklist
