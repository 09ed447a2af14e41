"""What a host site changes in the trainings plugin without forking it (docs/extending.md)."""

from types import SimpleNamespace

import pytest
from wagtail import blocks, hooks
from wagtail.api import APIField

from practice_core.featured import featured_sections
from practice_trainings.models import TrainingPage

from .test_listing import directory  # noqa: F401 - three assessed trainings

pytestmark = pytest.mark.django_db


def test_a_block_from_the_description_hook_is_offered_in_a_training_description():
    def video_block():
        return [("video_note", blocks.TextBlock())]

    field = TrainingPage._meta.get_field("description")
    with hooks.register_temporarily("practice_trainings_description_blocks", video_block):
        assert "video_note" in field.stream_block.child_blocks
    assert "video_note" not in field.stream_block.child_blocks


def test_an_api_field_from_the_hook_follows_the_trainings_own():
    def hours_per_week():
        return [APIField("hours_per_week")]

    with hooks.register_temporarily("practice_trainings_training_api_fields", hours_per_week):
        names = [field.name for field in TrainingPage.api_fields]
    assert names[-1] == "hours_per_week"
    assert "checklist_score" in names


def test_the_featured_trainings_hook_chooses_what_the_home_page_features(
    home,
    training_index,
    directory,  # noqa: F811
):
    def none_this_month(index, request, trainings):
        return []

    with hooks.register_temporarily("practice_trainings_featured_trainings", none_this_month):
        sections = featured_sections(home, None)
    assert sections == []
    assert [t.title for t in featured_sections(home, None)[0]["items"]] == [
        "Alpha Somatics",
        "Beta Attachment",
        "Gamma PTSD",
    ]


def test_a_host_home_page_without_our_heading_field_still_gets_the_trainings_section(
    training_index,
    directory,  # noqa: F811
):
    host_home = SimpleNamespace(specific=SimpleNamespace())  # no featured_trainings_heading
    section = training_index.featured_for_home(host_home, None)
    assert len(section["items"]) == 3
