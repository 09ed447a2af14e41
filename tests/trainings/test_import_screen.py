"""The import screen (Trainings → Import trainings): upload, a preview with every problem by line
and column, then an all-or-nothing import; per role; bad files are form errors, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_trainings import conf
from practice_trainings.models import TrainingIndexPage, TrainingPage
from tests.security.conftest import ROLES, refused, users  # noqa: F401 - shared role fixtures

from .test_import import GOOD_ROW, HEADER, SECOND_ROW

URL = "/admin/trainings/import/"


def upload(content, name="trainings.csv", encoding="utf-8"):
    raw = content if isinstance(content, bytes) else content.encode(encoding)
    return SimpleUploadedFile(name, raw, content_type="text/csv")


def csv_file(*lines, bom=True, encoding="utf-8"):
    text = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    return upload(text, encoding=encoding)


def check(client, index, file, publish=True):
    data = {"directory": index.pk, "file": file, "action": "preview"}
    if publish:
        data["publish"] = "on"
    return client.post(URL, data)


def test_upload_preview_then_import_creates_every_training(admin_client, training_index):
    assert reverse("trainings_import") == URL
    assert admin_client.get(URL).status_code == 200
    # An Excel "CSV UTF-8" file starts with a byte-order mark: it is read right.
    response = check(admin_client, training_index, csv_file(HEADER, GOOD_ROW, SECOND_ROW))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 trainings are ready to import" in page
    assert "Listening Bodies" in page and "Quiet Minds" in page
    assert not TrainingPage.objects.exists()  # a preview imports nothing
    text = response.context["text"]
    response = admin_client.post(
        URL,
        {"csv_text": text, "directory": training_index.pk, "publish": "on", "action": "import"},
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[training_index.pk])
    titles = set(TrainingPage.objects.live().values_list("title", flat=True))
    assert titles == {"Listening Bodies", "Quiet Minds"}
    assert TrainingPage.objects.get(slug="listening-bodies").get_parent().pk == training_index.pk


def test_unticking_publish_imports_drafts(admin_client, training_index):
    response = check(admin_client, training_index, csv_file(HEADER, SECOND_ROW), publish=False)
    response = admin_client.post(
        URL,
        {"csv_text": response.context["text"], "directory": training_index.pk, "action": "import"},
    )
    assert response.status_code == 302
    assert not TrainingPage.objects.get(title="Quiet Minds").live


def test_every_problem_is_listed_by_line_and_column_and_nothing_is_imported(
    admin_client, training_index
):
    bad = GOOD_ROW.replace("in_person", "on_the_moon").replace(",320,", ",lots,")
    worse = "Untitled,,self_paced,,,unknown-model,xx,,0,USD,,maybe,,2026-13-40"
    response = check(admin_client, training_index, csv_file(HEADER, bad, SECOND_ROW, worse))
    assert response.status_code == 422
    page = response.content.decode()
    assert "problems found: nothing was imported" in page
    problems = {(p.line, p.column) for p in response.context["problems"]}
    assert {(2, "format"), (2, "cost"), (4, "summary"), (4, "frameworks"), (4, "languages")} <= (
        problems
    )
    assert {(4, "sliding_scale"), (4, "last_reviewed")} <= problems
    assert "<code>format</code>" in page and "on_the_moon" in page
    # Even confirming the same text directly imports nothing.
    response = admin_client.post(
        URL,
        {"csv_text": response.context["text"], "directory": training_index.pk, "action": "import"},
    )
    assert response.status_code == 422
    assert not TrainingPage.objects.exists()


def test_missing_and_unknown_columns_are_reported_on_the_header_line(admin_client, training_index):
    response = check(admin_client, training_index, csv_file("title,colour", "A,red"))
    assert response.status_code == 422
    problems = {(p.line, p.column, p.message) for p in response.context["problems"]}
    assert (1, "colour", "unknown column") in problems
    assert (1, "summary", "required column is missing") in problems
    assert (1, "format", "required column is missing") in problems


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            csv_file(HEADER, GOOD_ROW.replace("Listening", "Écoute"), bom=False, encoding="cp1252"),
            "not UTF-8 text",
        ),
        (upload(""), "The submitted file is empty."),
        (upload("\n\n"), "Choose a CSV file"),
        (upload("title,summary\x00,format\n"), "not a text file"),
        (upload(b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.csv"), "not UTF-8 text"),
    ],
    ids=["windows-1252", "empty", "blank-lines", "nul-bytes", "binary"],
)
def test_a_bad_file_is_a_clear_form_error_not_a_500(admin_client, training_index, file, message):
    response = check(admin_client, training_index, file)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TrainingPage.objects.exists()


def test_a_huge_file_is_a_clear_form_error(admin_client, training_index):
    rows = [HEADER] + [SECOND_ROW.replace("Quiet Minds", f"Quiet Minds {n}") for n in range(60000)]
    file = csv_file(*rows)
    assert file.size > conf.get("IMPORT_MAX_BYTES")
    response = check(admin_client, training_index, file)
    assert response.status_code == 422
    assert "larger than 2 MB" in response.content.decode()
    assert not TrainingPage.objects.exists()


def test_an_unclosed_quote_is_a_problem_on_its_line_not_a_500(admin_client, training_index):
    response = check(admin_client, training_index, csv_file(HEADER, SECOND_ROW, 'X,"unclosed'))
    assert response.status_code == 422
    assert not TrainingPage.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_import_screen_per_role(client, users, training_index, locales, role):  # noqa: F811
    """Editors and moderators may add pages to the English directory; a translator only to their
    own language's directory (the Spanish one here), never to another's."""
    spanish = training_index.copy_for_translation(locales["es"])
    spanish.save_revision().publish()
    spanish = TrainingIndexPage.objects.get(pk=spanish.pk)
    client.force_login(users[role])
    english = check(client, training_index, csv_file(HEADER, SECOND_ROW))
    in_spanish = check(client, spanish, csv_file(HEADER, SECOND_ROW))
    if role in ("admin", "editor", "moderator"):
        assert english.status_code == 200, english.status_code
        assert "1 training is ready to import" in english.content.decode()
    elif role == "translator_es":
        assert english.status_code == 422  # the English directory is not offered to them
        assert in_spanish.status_code == 200
        assert client.get(URL).status_code == 200
    else:
        assert refused(english) and refused(in_spanish), role
        assert client.get(URL).status_code == 403
    if role == "translator_es":
        response = client.post(
            URL,
            {
                "csv_text": in_spanish.context["text"],
                "directory": spanish.pk,
                "action": "import",
            },
        )
        assert response.status_code == 302
        assert TrainingPage.objects.get(title="Quiet Minds").locale == locales["es"]
    assert not TrainingPage.objects.filter(locale=training_index.locale).exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_import_menu_item_per_role(client, users, training_index, locales, role):  # noqa: F811
    """Shown to whoever may add pages to a training directory in their languages: here the
    English and Spanish directories, so not to the French translator."""
    spanish = training_index.copy_for_translation(locales["es"])
    spanish.save_revision().publish()
    client.force_login(users[role])
    shown = URL in client.get("/admin/").content.decode()
    assert shown == (role != "translator_fr"), role


def test_the_import_menu_item_asks_once_not_directory_by_directory(
    rf,
    users,  # noqa: F811
    training_index,
    home,
    monkeypatch,
    django_assert_num_queries,
):
    from practice_trainings.wagtail_hooks import ImportMenuItem

    for number in range(4):
        home.add_child(instance=TrainingIndexPage(title=f"Directory {number}", slug=f"d{number}"))
    request = rf.get("/admin/")
    request.user = users["editor"]
    item = ImportMenuItem("Import trainings", URL)
    item.is_shown(request)  # Wagtail keeps the user's page permissions for the request

    def one_by_one(*args, **kwargs):
        raise AssertionError("a permission test per directory")

    monkeypatch.setattr(TrainingIndexPage, "permissions_for_user", one_by_one)
    with django_assert_num_queries(1):
        assert item.is_shown(request)
