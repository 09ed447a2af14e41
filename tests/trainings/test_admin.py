"""The admin: assessments (answered on the assessing screen), checklist versions, the report
and its export."""

import pytest
from django.urls import reverse

from practice_trainings.models import Answer, Assessment, Checklist
from practice_trainings.services import publish_version, start_new_version

from .conftest import all_items


@pytest.fixture
def assessment(scored_training):
    return Assessment.objects.get(training_key=scored_training.translation_key)


def edit_data(assessment, **extra):
    return {
        "training": assessment.training_id,
        "reviewed_on": assessment.reviewed_on.isoformat(),
        "notes": "",
        "reviewer": "",
        "second_reviewer": "",
        **extra,
    }


def test_the_assessment_edit_form_has_no_answers_and_links_to_the_assessing_screen(
    admin_client, assessment
):
    response = admin_client.get(reverse("practice_trainings_assessment:edit", args=[assessment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "answers-TOTAL_FORMS" not in html
    assert reverse("practice_trainings_assessment:assess", args=[assessment.pk]) in html


def test_answers_posted_to_the_edit_form_are_ignored(admin_client, assessment):
    """Answers are given on the assessing screen only (one place that checks evidence)."""
    answer = assessment.answers.get(item__code="whole-person")
    data = edit_data(
        assessment,
        **{
            "answers-TOTAL_FORMS": "1",
            "answers-INITIAL_FORMS": "1",
            "answers-0-id": answer.pk,
            "answers-0-item": answer.item_id,
            "answers-0-value": "0",
        },
    )
    response = admin_client.post(
        reverse("practice_trainings_assessment:edit", args=[assessment.pk]), data
    )
    assert response.status_code == 302
    assert assessment.answers.get(item__code="whole-person").value == "3"


def test_creating_an_assessment_in_the_admin_adds_one_unknown_answer_per_item(
    admin_client, make_training, checklist
):
    training = make_training()
    data = {
        "training": training.pk,
        "checklist": checklist.pk,
        "reviewed_on": "2026-01-15",
    }
    response = admin_client.post(reverse("practice_trainings_assessment:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = Assessment.objects.get(training_key=training.translation_key)
    assert assessment.answers.count() == 9
    assert set(assessment.answers.values_list("value", flat=True)) == {"unknown"}
    assert assessment.band == "insufficient"


def test_a_weight_outside_one_to_three_is_refused_in_the_checklist_editor(admin_client, checklist):
    draft = start_new_version(checklist)
    url = reverse("wagtailsnippets_practice_trainings_checklist:edit", args=[draft.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    items = list(draft.items.all())
    data = {
        "title": draft.title,
        "introduction": draft.introduction,
        "changelog": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        for name in ("code", "section", "section_title", "question", "weight"):
            data[f"items-{index}-{name}"] = getattr(item, name)
        data[f"items-{index}-id"] = item.pk
        data[f"items-{index}-ORDER"] = index + 1
        data[f"items-{index}-essential"] = "on" if item.essential else ""
    data["items-0-weight"] = "5"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert draft.items.get(code=items[0].code).weight == items[0].weight
    data["items-0-weight"] = "2"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert draft.items.get(code=items[0].code).weight == 2


def test_editing_a_published_checklist_version_is_refused(admin_client, checklist):
    url = reverse("wagtailsnippets_practice_trainings_checklist:edit", args=[checklist.pk])
    items = list(checklist.items.all())
    data = {
        "title": "Changed title",
        "introduction": "",
        "changelog": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        for name in ("code", "section", "section_title", "question", "weight"):
            data[f"items-{index}-{name}"] = getattr(item, name)
        data[f"items-{index}-id"] = item.pk
        data[f"items-{index}-ORDER"] = index + 1
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "cannot be changed" in response.content.decode()
    checklist.refresh_from_db()
    assert checklist.title != "Changed title"


def test_the_new_version_and_publish_actions_work_from_the_admin(admin_client, checklist):
    response = admin_client.post(
        reverse("wagtailsnippets_practice_trainings_checklist:new_version", args=[checklist.pk])
    )
    assert response.status_code == 302
    draft = Checklist.objects.get(version=2)
    publish_url = reverse("wagtailsnippets_practice_trainings_checklist:publish", args=[draft.pk])
    response = admin_client.post(publish_url, {"changelog": ""})
    assert response.status_code == 422
    assert not Checklist.objects.get(pk=draft.pk).is_published
    response = admin_client.post(publish_url, {"changelog": "Sharper guidance."})
    assert response.status_code == 302
    assert Checklist.in_force().version == 2


def test_the_checklist_listing_offers_version_buttons(admin_client, checklist):
    response = admin_client.get(reverse("wagtailsnippets_practice_trainings_checklist:list"))
    assert response.status_code == 200
    assert "New version" in response.content.decode()


def test_carry_forward_from_the_admin_opens_the_new_assessment(admin_client, assessment, checklist):
    publish_version(start_new_version(checklist), changelog="v2")
    url = reverse("practice_trainings_assessment:carry_forward", args=[assessment.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response.status_code == 302
    new = Assessment.objects.get(checklist__version=2)
    assert response.url == reverse("practice_trainings_assessment:assess", args=[new.pk])


def test_the_report_lists_trainings_by_score_with_filters(
    admin_client, scored_training, make_training, assess_training, checklist
):
    weak = make_training(title="Weak one")
    assess_training(weak, {}, default="1")
    url = reverse("trainings_report")
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Roots and Rhythms") < html.index("Weak one")
    response = admin_client.get(url, {"band": "limited"})
    assert "Roots and Rhythms" not in response.content.decode()
    assert "Weak one" in response.content.decode()
    response = admin_client.get(url, {"coverage_range": "under-60"})
    assert "Weak one" not in response.content.decode()


def test_the_report_filters_re_review_due(admin_client, scored_training, checklist):
    publish_version(start_new_version(checklist), changelog="v2")
    response = admin_client.get(reverse("trainings_report"), {"re_review_due": "true"})
    assert "Roots and Rhythms" in response.content.decode()
    response = admin_client.get(reverse("trainings_report"), {"re_review_due": "false"})
    assert "Roots and Rhythms" not in response.content.decode()


def test_the_report_exports_csv_and_xlsx(admin_client, scored_training):
    response = admin_client.get(reverse("trainings_report"), {"export": "csv"})
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    assert "Roots and Rhythms" in body
    assert "98.3" in body
    # A byte-order mark first, so Excel reads the UTF-8 right ("Casa Raíz", not "Casa RaÃ­z").
    assert body.startswith("\ufeff")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    response = admin_client.get(reverse("trainings_report"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_report_needs_a_permission(client, django_user_model, scored_training):
    user = django_user_model.objects.create_user("editor", password="pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("trainings_report"))
    assert response.status_code in (302, 403)
    assert Answer.objects.exists()


def test_the_assessment_shows_reviewer_disagreements_and_re_review_status(
    admin_client, assessment, checklist
):
    answer = assessment.answers.get(item__code="inclusive")
    answer.second_value = "1"
    answer.save()
    publish_version(start_new_version(checklist), changelog="v2")
    html = admin_client.get(
        reverse("practice_trainings_assessment:edit", args=[assessment.pk])
    ).content.decode()
    assert "Reviewers disagree on:" in html
    assert "3 – central · 1 – limited; shown everywhere as 2 – present" in html
    assert "Re-review due:" in html
    assert reverse("practice_trainings_assessment:carry_forward", args=[assessment.pk]) in html


def test_the_assessment_list_offers_carry_forward_when_re_review_is_due(
    admin_client, assessment, checklist
):
    publish_version(start_new_version(checklist), changelog="v2")
    html = admin_client.get(reverse("practice_trainings_assessment:index")).content.decode()
    assert "Carry answers forward" in html
    assert "Re-review due" in html


def test_deleting_a_checklist_version_that_has_assessments_is_refused(
    admin_client, assessment, checklist
):
    url = reverse("wagtailsnippets_practice_trainings_checklist:delete", args=[checklist.pk])
    response = admin_client.post(url)
    assert response.status_code in (200, 302, 403)
    assert Checklist.objects.filter(pk=checklist.pk).exists()


def test_the_evidence_notes_are_listed_and_shown_read_only_in_the_admin(admin_client, assessment):
    from practice_trainings.models import AssessmentEvidence

    answer = assessment.answers.get(item__code="inclusive")
    answer.value, answer.evidence_note = "2", "Seen in the syllabus."
    answer.save()
    evidence = AssessmentEvidence.objects.get(assessment=assessment)
    listing = admin_client.get(
        reverse("wagtailsnippets_practice_trainings_assessmentevidence:list")
    )
    assert str(evidence) in listing.content.decode()
    edit = admin_client.get(
        reverse("wagtailsnippets_practice_trainings_assessmentevidence:edit", args=[evidence.pk])
    )
    assert edit.status_code == 200
    assert "Seen in the syllabus." in edit.content.decode()
    assert 'name="notes-0-note"' not in edit.content.decode()  # written on the assessing screen


def test_the_report_filters_by_reviewer(
    admin_client, django_user_model, scored_training, make_training, assess_training, checklist
):
    reviewer = django_user_model.objects.create_user("reviewer-one", password="pw")
    other = make_training(title="Reviewed by someone")
    assess_training(other, all_items(checklist, "2"), reviewer=reviewer)
    response = admin_client.get(reverse("trainings_report"), {"reviewer": reviewer.pk})
    html = response.content.decode()
    assert "Reviewed by someone" in html
    assert "Roots and Rhythms" not in html


# --- the training page's editor -----------------------------------------------------------------


@pytest.fixture
def spanish_frameworks(seeded, locales):
    """A Spanish translation of every seeded (English) framework."""
    from practice_trainings.models import Framework

    return [
        Framework.objects.create(
            name=f"{framework.name} (es)",
            slug=framework.slug,
            locale=locales["es"],
            translation_key=framework.translation_key,
        )
        for framework in Framework.objects.filter(locale=locales["en"])
    ]


def framework_choices(html):
    import re

    return {int(pk) for pk in re.findall(r'name="frameworks" value="(\d+)"', html)}


def ticked_frameworks(html):
    import re

    return {
        int(pk)
        for tag in re.findall(r'<input[^>]*name="frameworks"[^>]*>', html)
        if " checked" in tag
        for pk in re.findall(r'value="(\d+)"', tag)
    }


def training_edit_data(training, frameworks):
    """The edit form's POST data for a training without sessions or languages."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": training.title,
            "slug": training.slug,
            "summary": training.summary,
            "provider": training.provider_id or "",
            "instructors": "",
            "description": streamfield([]),
            "format": training.format,
            "location": "",
            "sessions": inline_formset([]),
            "total_hours": "",
            "languages_offered": inline_formset([]),
            "cost": "",
            "currency": "USD",
            "ce_credits": "",
            "ce_approving_body": "",
            "accessibility_notes": "",
            "audience": "",
            "prerequisites": "",
            "registration_url": "",
            "last_reviewed": "",
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["frameworks"] = [framework.pk for framework in frameworks]  # a repeated field
    return data


def test_the_training_editor_offers_only_the_frameworks_of_the_page_language(
    admin_client, make_training, spanish_frameworks, locales
):
    from practice_trainings.models import Framework

    training = make_training(title="Edited", languages=())
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[training.pk])).content.decode()
    english = set(Framework.objects.filter(locale=locales["en"]).values_list("pk", flat=True))
    assert english
    assert framework_choices(html) == english
    assert not framework_choices(html) & {framework.pk for framework in spanish_frameworks}


def test_the_training_editor_keeps_a_link_to_another_language_framework_on_save(
    admin_client, make_training, spanish_frameworks, locales
):
    from practice_trainings.models import Framework, TrainingPage

    training = make_training(title="Edited", frameworks=["ptsd-models"], languages=())
    english = Framework.objects.get(slug="ptsd-models", locale=locales["en"])
    foreign = spanish_frameworks[0]  # a link made before the editor was limited (or by a script)
    training.frameworks.add(foreign)
    training.save_revision().publish()
    url = reverse("wagtailadmin_pages:edit", args=[training.pk])

    html = admin_client.get(url).content.decode()
    assert foreign.pk in framework_choices(html)
    assert ticked_frameworks(html) == {english.pk, foreign.pk}
    others = {framework.pk for framework in spanish_frameworks[1:]}
    assert not framework_choices(html) & others

    response = admin_client.post(url, training_edit_data(training, [english, foreign]))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = TrainingPage.objects.get(pk=training.pk)
    assert set(saved.frameworks.values_list("pk", flat=True)) == {english.pk, foreign.pk}


def test_the_training_editor_refuses_a_framework_of_another_language_not_yet_linked(
    admin_client, make_training, spanish_frameworks, locales
):
    from practice_trainings.models import TrainingPage

    training = make_training(title="Edited", languages=())
    url = reverse("wagtailadmin_pages:edit", args=[training.pk])
    response = admin_client.post(url, training_edit_data(training, [spanish_frameworks[0]]))
    assert response.status_code == 200  # the form again, with the error
    assert list(response.context["form"].errors) == ["frameworks"]
    assert not TrainingPage.objects.get(pk=training.pk).frameworks.exists()


def test_a_new_training_is_offered_the_frameworks_of_its_directory_language(
    admin_client, training_index, spanish_frameworks, locales
):
    from practice_trainings.models import Framework

    url = reverse(
        "wagtailadmin_pages:add", args=["practice_trainings", "trainingpage", training_index.pk]
    )
    html = admin_client.get(url).content.decode()
    english = set(Framework.objects.filter(locale=locales["en"]).values_list("pk", flat=True))
    assert framework_choices(html) == english
