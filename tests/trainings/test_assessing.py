"""The assessing screen: radio groups with guidance, evidence beside, progress, live score,
draft and publish, all-or-nothing saving, reviewers from the "Reviewers" group, per role."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from practice_trainings.models import Assessment
from tests.security.conftest import users  # noqa: F401 - the role matrix's users

from .conftest import assess


def form_data(assessment, **overrides):
    """The screen's fields as posted, every answer unchanged unless overridden by item code."""
    data = {}
    for answer in assessment.answers.select_related("item"):
        prefix = f"a{answer.pk}"
        data[f"{prefix}-value"] = answer.value
        data[f"{prefix}-second_value"] = answer.second_value
        data[f"{prefix}-third_value"] = answer.third_value
        data[f"{prefix}-evidence_note"] = answer.evidence_note
        data[f"{prefix}-evidence_url"] = answer.evidence_url
        data[f"{prefix}-source"] = answer.source
        data[f"{prefix}-checked_on"] = ""
        for name, value in overrides.get(answer.item.code, {}).items():
            data[f"{prefix}-{name}"] = value
    return data


@pytest.fixture
def draft(make_training, checklist):
    assessment = assess(make_training(title="Fresh training"), {})
    Assessment.objects.filter(pk=assessment.pk).update(is_draft=True, is_latest=False)
    assessment.refresh_from_db()
    return assessment


def test_each_question_is_a_radio_group_with_its_own_guidance_and_evidence_beside(
    admin_client, draft, checklist
):
    item = checklist.items.exclude(guidance_present="").first()
    html = admin_client.get(
        reverse("practice_trainings_assessment:assess", args=[draft.pk])
    ).content.decode()
    assert 'role="radiogroup"' in html
    assert html.count('type="radio"') == 6 * checklist.items.count()
    assert item.guidance_present in html
    assert "whole-person: Does" not in html  # no internal codes as labels
    assert html.count("evidence_note") >= checklist.items.count()
    assert f"0 of {checklist.items.count()} questions answered" in html


def test_the_live_score_comes_from_the_score_function_without_saving(admin_client, draft):
    url = reverse("practice_trainings_assessment:score_preview", args=[draft.pk])
    data = form_data(draft, **{"whole-person": {"value": "3"}, "inclusive": {"value": "0"}})
    result = admin_client.post(url, data).json()
    total = draft.answers.count()
    assert result["answered"] == 2
    assert result["progress"] == f"2 of {total} questions answered"
    assert result["score"] is not None
    draft.refresh_from_db()
    assert draft.score is None  # nothing saved


def test_a_draft_is_saved_without_visitors_seeing_it_then_published(admin_client, client, draft):
    url = reverse("practice_trainings_assessment:assess", args=[draft.pk])
    answers = {code: {"value": "1"} for code in draft.answers.values_list("item__code", flat=True)}
    response = admin_client.post(url, {**form_data(draft, **answers), "action": "draft"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_draft and not draft.is_latest
    assert draft.score is not None
    assert "Not assessed yet" in client.get(draft.training.url).content.decode()

    admin_client.post(url, {**form_data(draft), "action": "publish"})
    draft.refresh_from_db()
    assert not draft.is_draft and draft.is_latest
    assert "Not assessed yet" not in client.get(draft.training.url).content.decode()


def test_one_bad_answer_saves_nothing_and_says_which_question(admin_client, draft):
    url = reverse("practice_trainings_assessment:assess", args=[draft.pk])
    data = form_data(
        draft,
        **{
            "whole-person": {"value": "1"},
            "inclusive": {"value": "3", "evidence_note": ""},
        },
    )
    response = admin_client.post(url, {**data, "action": "publish"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "An answer of 2 or 3 needs evidence" in html
    assert "Nothing was saved: 1 question needs attention." in html
    assert draft.answers.get(item__code="whole-person").value == "unknown"
    draft.refresh_from_db()
    assert draft.is_draft


def test_an_answer_off_the_scale_is_a_form_error_not_a_500(admin_client, draft):
    url = reverse("practice_trainings_assessment:assess", args=[draft.pk])
    data = form_data(draft, **{"whole-person": {"value": "7", "checked_on": "yesterday"}})
    response = admin_client.post(url, {**data, "action": "publish"})
    assert response.status_code == 422
    preview = reverse("practice_trainings_assessment:score_preview", args=[draft.pk])
    assert admin_client.post(preview, data).status_code == 422


def test_adding_an_assessment_opens_the_assessing_screen_as_a_draft(
    admin_client, make_training, checklist
):
    training = make_training(title="Brand new")
    response = admin_client.post(
        reverse("practice_trainings_assessment:add"),
        {
            "training": training.pk,
            "checklist": checklist.pk,
            "reviewed_on": "2026-03-01",
            "notes": "",
        },
    )
    assessment = Assessment.objects.get(training_key=training.translation_key)
    assert response.status_code == 302
    assert response.url == reverse("practice_trainings_assessment:assess", args=[assessment.pk])
    assert assessment.is_draft


def test_reviewers_are_chosen_from_the_reviewers_group(admin_client, draft, django_user_model):
    reviewer = django_user_model.objects.create_user("rev", first_name="Rita", password="pw")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    django_user_model.objects.create_user("other", first_name="Otto", password="pw")
    html = admin_client.get(
        reverse("practice_trainings_assessment:edit", args=[draft.pk])
    ).content.decode()
    assert "Rita" in html
    assert "Otto" not in html


def test_the_training_chooser_opens_at_the_trainings_directory(
    admin_client, training_index, checklist
):
    html = admin_client.get(reverse("practice_trainings_assessment:add")).content.decode()
    assert reverse("wagtailadmin_choose_page_child", args=[training_index.pk]) in html


def test_coverage_is_a_percentage_in_the_assessments_list(admin_client, make_training, checklist):
    assess(make_training(), {"whole-person": "1", "inclusive": "1"})
    html = admin_client.get(reverse("practice_trainings_assessment:index")).content.decode()
    assert " %</td>" in html or " %" in html
    assert "0.3" not in html.split("<tbody>")[1].split("</tbody>")[0]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("editor", True),
        ("moderator", False),
        ("translator_es", False),
        ("translator_fr", False),
    ],
)
def test_the_assessing_screen_per_role(client, users, draft, role, allowed):  # noqa: F811
    client.force_login(users[role])
    url = reverse("practice_trainings_assessment:assess", args=[draft.pk])
    response = client.get(url)
    assert (response.status_code == 200) is allowed
    data = {**form_data(draft, **{"whole-person": {"value": "1"}}), "action": "publish"}
    response = client.post(url, data)
    assert (response.status_code == 302) is allowed
    preview = client.post(
        reverse("practice_trainings_assessment:score_preview", args=[draft.pk]), data
    )
    assert (preview.status_code == 200) is allowed
    draft.refresh_from_db()
    assert draft.is_draft is not allowed


def test_every_trainings_screen_is_in_one_trainings_sidebar_menu(admin_client, checklist):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    menu = html[html.index('"name": "trainings"') :] if '"name": "trainings"' in html else html
    assert '"name": "trainings"' in html or "&quot;name&quot;: &quot;trainings&quot;" in html
    for label in (
        "Training directory",
        "Assessments",
        "Trainings by score",
        "Checklist",
        "Evidence notes",
    ):
        assert label in menu


def test_the_training_directory_menu_item_opens_the_explorer_at_the_directory(
    admin_client, training_index
):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_explore", args=[training_index.pk]) in html


def test_a_third_reviewers_answers_are_saved_and_settle_the_consensus(admin_client, draft):
    url = reverse("practice_trainings_assessment:assess", args=[draft.pk])
    html = admin_client.get(url).content.decode()
    assert "Third reviewer&#x27;s answer" in html or "Third reviewer's answer" in html
    data = form_data(
        draft,
        **{
            "whole-person": {
                "value": "3",
                "second_value": "1",
                "third_value": "0",
                "evidence_note": "Module 1 of the syllabus.",
            }
        },
    )
    response = admin_client.post(url, {**data, "action": "draft"})
    assert response.status_code == 302
    answer = draft.answers.get(item__code="whole-person")
    assert (answer.value, answer.second_value, answer.third_value) == ("3", "1", "0")
    assert answer.consensus_value == "1"
    page = admin_client.get(url).content.decode()
    assert "Reviewers disagree; shown everywhere as 1 – limited." in page


def test_a_third_reviewers_two_without_evidence_saves_nothing(admin_client, draft):
    url = reverse("practice_trainings_assessment:assess", args=[draft.pk])
    data = form_data(draft, **{"whole-person": {"value": "0", "third_value": "2"}})
    response = admin_client.post(url, {**data, "action": "draft"})
    assert response.status_code == 422
    assert "needs evidence" in response.content.decode()
    assert draft.answers.get(item__code="whole-person").third_value == ""
