"""Trainings → Import assessments: upload, a preview with every problem by line and column, then
an all-or-nothing import; the template download; per role; bad files are form errors."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_trainings.models import Assessment
from tests.security.conftest import ROLES, refused, users  # noqa: F401 - shared role fixtures

from .test_assessment_import import HEADER

URL = "/admin/trainings/import-assessments/"
TEMPLATE_URL = "/admin/trainings/import-assessments/template.csv"


@pytest.fixture
def reviewer(django_user_model, seeded):
    user = django_user_model.objects.create_user("rita", first_name="Rita", password="pw")
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def training(make_training):
    return make_training(title="Listening Bodies")


def csv_upload(*lines, bom=True, encoding="utf-8"):
    text = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    return SimpleUploadedFile("assessments.csv", text.encode(encoding), content_type="text/csv")


def check(client, file, publish=True):
    data = {"file": file, "action": "preview"}
    if publish:
        data["publish"] = "on"
    return client.post(URL, data)


def good_file(training):
    return csv_upload(
        HEADER,
        f"{training.pk},whole-person,3,Module 2 covers it.,syllabus,,1,rita",
        f"{training.pk},inclusive,1,,,,,",
    )


def test_upload_preview_then_import_records_the_assessment(
    admin_client, training, reviewer, checklist
):
    assert reverse("trainings_assessments_import") == URL
    assert admin_client.get(URL).status_code == 200
    response = check(admin_client, good_file(training))
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 assessment is ready to import." in page
    assert "Listening Bodies" in page and "Rita" in page
    assert "2 of 9" in page
    assert not Assessment.objects.exists()  # a preview records nothing
    response = admin_client.post(
        URL, {"csv_text": response.context["text"], "publish": "on", "action": "import"}
    )
    assert response.status_code == 302
    assert response.url == reverse("practice_trainings_assessment:index")
    assessment = Assessment.objects.get()
    assert not assessment.is_draft
    assert assessment.answers.get(item__code="whole-person").value == "3"


def test_every_problem_is_shown_by_line_and_column_and_nothing_is_recorded(
    admin_client, training, reviewer, checklist
):
    file = csv_upload(HEADER, f"{training.pk},whole-person,3,,,,1,rita", "42424242,x,1,,,,1,rita")
    response = check(admin_client, file)
    assert response.status_code == 422
    page = response.content.decode()
    assert "problems found: nothing was imported" in page
    problems = {(p.line, p.column) for p in response.context["problems"]}
    assert {(2, "evidence_note"), (3, "training")} <= problems
    response = admin_client.post(
        URL, {"csv_text": response.context["text"], "publish": "on", "action": "import"}
    )
    assert response.status_code == 422
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            csv_upload(HEADER, "1,whole-person,1,é,,,1,rita", bom=False, encoding="cp1252"),
            "not UTF-8",
        ),
        (SimpleUploadedFile("a.csv", b"", content_type="text/csv"), "The submitted file is empty."),
        (csv_upload("training,item\x00,answer"), "not a text file"),
        (
            SimpleUploadedFile("a.csv", b"\x89PNG\r\n\x1a\n\x00", content_type="text/csv"),
            "not UTF-8",
        ),
        (csv_upload("training,item,answer,checklist_version", '1,"unclosed'), "problem"),
    ],
    ids=["windows-1252", "empty", "nul-bytes", "binary", "unclosed-quote"],
)
def test_a_bad_file_is_a_form_error_not_a_500(admin_client, checklist, file, message):
    response = check(admin_client, file)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_template_download_is_a_csv_of_the_checklist_in_force_with_a_bom(
    admin_client, checklist
):
    response = admin_client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "checklist-version-1.csv" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode() + b"training,item,question,answer")
    assert response.content.decode("utf-8-sig").count("\r\n") == 1 + checklist.items.count()


@pytest.mark.parametrize("role", ROLES)
def test_the_import_menu_screen_template_and_import_per_role(
    client,
    users,  # noqa: F811
    training,
    reviewer,
    checklist,
    role,
):
    """Admins and editors (who hold the assessment permissions) may import; a moderator (no
    assessment permissions) and translators of this or another language (assessments are shared
    by every language) are refused everywhere: menu, screen, template, preview and import."""
    client.force_login(users[role])
    menu = client.get("/admin/").content.decode()
    screen = client.get(URL)
    template = client.get(TEMPLATE_URL)
    preview = check(client, good_file(training))
    text = preview.context["text"] if preview.status_code == 200 else ""
    imported = client.post(
        URL,
        {"csv_text": text or "x", "publish": "on", "action": "import"},
    )
    if role in ("admin", "editor"):
        assert URL in menu
        assert screen.status_code == 200 and template.status_code == 200
        assert preview.status_code == 200, preview.content.decode()[:500]
        assert imported.status_code == 302
        assert Assessment.objects.count() == 1
    else:
        assert URL not in menu
        assert refused(screen) and refused(template), role
        assert refused(preview) and refused(imported), role
        assert not Assessment.objects.exists()


def test_a_member_of_the_reviewers_group_imports_without_editing_pages(
    client, training, reviewer, checklist
):
    """Reviewers assess trainings (the group's assessment permissions) without page rights,
    as on the assessing screen: the menu, the template, the preview and the import are theirs."""
    client.force_login(reviewer)
    assert URL in client.get("/admin/").content.decode()
    assert client.get(TEMPLATE_URL).status_code == 200
    preview = check(client, good_file(training))
    assert preview.status_code == 200, preview.content.decode()[:300]
    response = client.post(
        URL, {"csv_text": preview.context["text"], "publish": "on", "action": "import"}
    )
    assert response.status_code == 302
    assert Assessment.objects.get().reviewer == reviewer
