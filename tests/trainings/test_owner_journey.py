"""The owner's whole path through the admin, as issue 15's "done when" states it: assess a new
training, publish a new checklist version, re-assess, and visitors see the published score.
Every step goes through the admin screens' own links and forms (no service called directly)."""

import re

import pytest
from django.urls import reverse

from practice_trainings.models import Assessment, Checklist


def api_score(client, training):
    return client.get(f"/api/v3/pages/{training.pk}/").json()["checklist_score"]


def link_in(html, url):
    assert url in html, url
    return url


def screen_answers(html):
    """The assessing screen's answer fields, keyed by item code: (prefix, checked value)."""
    found = {}
    for block in html.split('<fieldset class="assess__question')[1:]:
        code = re.search(r'id="question-([\w-]+)"', block).group(1)
        prefix = re.search(r'name="(a\d+)-value"', block).group(1)
        checked = re.search(r'name="a\d+-value" value="(\w+)" checked', block)
        found[code] = (prefix, checked.group(1) if checked else "")
    return found


def answer_all(html, values):
    """POST data answering every question on the screen: ``values`` by code, else kept."""
    data = {}
    for code, (prefix, checked) in screen_answers(html).items():
        value = values.get(code, checked)
        data[f"{prefix}-value"] = value
        data[f"{prefix}-second_value"] = ""
        data[f"{prefix}-evidence_note"] = (
            f"Module 2 of the syllabus covers {code}." if value in ("2", "3") else ""
        )
        data[f"{prefix}-evidence_url"] = ""
        data[f"{prefix}-source"] = "syllabus" if value in ("2", "3") else ""
        data[f"{prefix}-checked_on"] = ""
    return data


def checklist_form(checklist, **weights):
    items = list(checklist.items.order_by("sort_order"))
    data = {
        "title": checklist.title,
        "introduction": checklist.introduction,
        "changelog": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        for name in ("code", "section", "section_title", "question", "weight"):
            data[f"items-{index}-{name}"] = getattr(item, name)
        data[f"items-{index}-weight"] = weights.get(item.code, item.weight)
        data[f"items-{index}-id"] = item.pk
        data[f"items-{index}-ORDER"] = index + 1
        data[f"items-{index}-essential"] = "on" if item.essential else ""
    return data


@pytest.mark.django_db
def test_assess_a_new_training_publish_a_new_version_and_re_assess_from_the_admin(
    admin_client, client, make_training, checklist
):
    training = make_training(title="Casa Raíz intensive")
    assert api_score(client, training) is None

    # 1. Assess the new training: add an assessment, which opens the assessing screen.
    response = admin_client.post(
        reverse("practice_trainings_assessment:add"),
        {"training": training.pk, "checklist": checklist.pk, "reviewed_on": "2026-11-02"},
    )
    first = Assessment.objects.get(training_key=training.translation_key)
    assess_url = reverse("practice_trainings_assessment:assess", args=[first.pk])
    assert response.url == assess_url
    html = admin_client.get(assess_url).content.decode()
    assert "0 of 9 questions answered" in html
    data = answer_all(html, dict.fromkeys(screen_answers(html), "2"))
    data["action"] = "publish"
    assert admin_client.post(assess_url, data).status_code == 302
    published = api_score(client, training)
    assert published["checklist_version"] == 1
    assert published["score"] == pytest.approx(66.7)
    assert published["re_review_due"] is False

    # 2. Publish a new checklist version from the checklist's edit screen: one weight raised.
    edit_v1 = reverse("wagtailsnippets_practice_trainings_checklist:edit", args=[checklist.pk])
    html = admin_client.get(edit_v1).content.decode()
    new_version = link_in(
        html,
        reverse("wagtailsnippets_practice_trainings_checklist:new_version", args=[checklist.pk]),
    )
    response = admin_client.post(new_version)
    draft = Checklist.objects.get(version=2)
    assert response.url == reverse(
        "wagtailsnippets_practice_trainings_checklist:edit", args=[draft.pk]
    )
    raised = next(item for item in draft.items.order_by("sort_order") if item.weight < 3)
    response = admin_client.post(response.url, checklist_form(draft, **{raised.code: 3}))
    assert response.status_code == 302
    html = admin_client.get(
        reverse("wagtailsnippets_practice_trainings_checklist:edit", args=[draft.pk])
    ).content.decode()
    compare = link_in(
        html, reverse("wagtailsnippets_practice_trainings_checklist:compare", args=[draft.pk])
    )
    diff = admin_client.get(compare).content.decode()
    assert "What changed from version 1 to version 2" in diff and "Weight" in diff
    publish = link_in(
        html, reverse("wagtailsnippets_practice_trainings_checklist:publish", args=[draft.pk])
    )
    response = admin_client.post(publish, {"changelog": "Whole-person care weighs more."})
    assert response.status_code == 302
    assert Checklist.in_force().version == 2
    # Visitors keep the version 1 score, marked re-review due: never a higher one.
    kept = api_score(client, training)
    assert kept["checklist_version"] == 1
    assert kept["score"] == published["score"]
    assert kept["re_review_due"] is True

    # 3. Re-assess: the assessment list offers "Carry answers forward", which opens the
    # assessing screen of the new assessment with the changed question unanswered.
    html = admin_client.get(reverse("practice_trainings_assessment:index")).content.decode()
    carry = link_in(html, reverse("practice_trainings_assessment:carry_forward", args=[first.pk]))
    response = admin_client.post(carry)
    second = Assessment.objects.get(training_key=training.translation_key, checklist=draft)
    assess_url = reverse("practice_trainings_assessment:assess", args=[second.pk])
    assert response.url == assess_url
    html = admin_client.get(assess_url).content.decode()
    answers = screen_answers(html)
    assert answers[raised.code][1] == "unknown"
    assert all(value == "2" for code, (_p, value) in answers.items() if code != raised.code)
    while_pending = api_score(client, training)
    assert while_pending["score"] <= published["score"]
    data = answer_all(html, {raised.code: "3"})
    data["action"] = "publish"
    assert admin_client.post(assess_url, data).status_code == 302

    # 4. The published score is the new version's, and no re-review is due any more.
    final = api_score(client, training)
    assert final["checklist_version"] == 2
    assert final["re_review_due"] is False
    # Every item at 2 but the one whose weight was raised, now answered 3.
    items = list(draft.items.all())
    earned = sum(item.weight * (3 if item.code == raised.code else 2) for item in items)
    possible = sum(item.weight * 3 for item in items)
    assert final["score"] == pytest.approx(round(100 * earned / possible, 1))
    page = client.get(training.url).content.decode()
    badge = f'<span class="score-badge__number">{final["score"]:.0f}</span>'
    assert badge in page
