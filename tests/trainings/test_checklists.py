"""The checklist: seeded default, versions, immutability once published, translations."""

import pytest
from django.core.exceptions import ValidationError

from practice_trainings.models import Checklist, ChecklistItem, Framework
from practice_trainings.services import (
    ChecklistLocked,
    assert_checklist_editable,
    publish_version,
    start_new_version,
)


def test_the_default_checklist_has_the_seeds_nine_items_in_two_sections(checklist):
    items = list(checklist.items.all())
    assert checklist.version == 1
    assert checklist.is_published
    assert len(items) == 9
    assert [item.section for item in items].count("questions") == 4
    assert [item.section for item in items].count("dimensions") == 5
    assert items[0].question.startswith("Does the training honor the full human experience")


def test_the_five_frameworks_of_the_seed_are_seeded(seeded):
    assert set(Framework.objects.values_list("slug", flat=True)) == {
        "ptsd-models",
        "polyvagal-theory",
        "attachment-theory",
        "cognitive-behavioral-tools",
        "somatic-awareness",
    }


def test_a_new_version_copies_the_items_as_a_draft_numbered_n_plus_one(checklist):
    draft = start_new_version(checklist)
    assert draft.version == 2
    assert not draft.is_published
    assert [i.code for i in draft.items.all()] == [i.code for i in checklist.items.all()]
    assert Checklist.in_force() == checklist


def test_publishing_a_new_version_needs_a_changelog(checklist):
    draft = start_new_version(checklist)
    with pytest.raises(ValidationError, match="changelog"):
        publish_version(draft)
    publish_version(draft, changelog="Weighted agency higher.")
    assert Checklist.in_force() == draft
    assert draft.changelog == "Weighted agency higher."


def test_only_one_draft_version_at_a_time(checklist):
    start_new_version(checklist)
    with pytest.raises(ValidationError, match="already being drafted"):
        start_new_version(checklist)


def test_a_published_version_refuses_changes(checklist):
    with pytest.raises(ChecklistLocked, match="cannot be changed"):
        assert_checklist_editable(checklist)


def test_a_draft_version_can_be_edited(checklist):
    assert_checklist_editable(start_new_version(checklist))


def test_publishing_twice_is_refused(checklist):
    with pytest.raises(ChecklistLocked):
        publish_version(checklist)


@pytest.mark.parametrize("weight", [0, 4])
def test_a_weight_outside_one_to_three_is_a_validation_error(checklist, weight):
    item = ChecklistItem(
        checklist=checklist,
        code="x",
        section="s",
        section_title="S",
        question="Q?",
        weight=weight,
        locale=checklist.locale,
    )
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert "weight" in excinfo.value.message_dict


def test_the_checklist_in_force_is_shown_in_the_visitors_language_when_translated(
    checklist, locales
):
    spanish = checklist.copy_for_translation(locales["es"])
    spanish.title = "Lista"
    spanish.save()
    assert Checklist.in_force(locales["es"]) == spanish
    assert Checklist.in_force(locales["fr"]) == checklist


def test_a_translated_checklist_shares_codes_weights_and_essential_flags(checklist, locales):
    from practice_site.demo.translation import translate

    first = checklist.items.first()
    spanish = translate(checklist, locales["es"], {first.question: "¿Honra la experiencia humana?"})
    items = list(spanish.items.all())
    assert spanish.version == checklist.version
    assert spanish.is_published
    assert abs(spanish.published_at - checklist.published_at).total_seconds() < 1
    assert items[0].question == "¿Honra la experiencia humana?"
    assert [(i.code, i.weight, i.essential, i.translation_key) for i in items] == [
        (i.code, i.weight, i.essential, i.translation_key) for i in checklist.items.all()
    ]
