"""``import_trainings``: validate every row first, all or nothing, errors by line and column."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from practice_trainings.models import Provider, TrainingPage

HEADER = (
    "title,summary,format,provider,provider_website,frameworks,languages,sessions,"
    "cost,currency,ce_credits,sliding_scale,registration_url,last_reviewed"
)
GOOD_ROW = (
    "Listening Bodies,A weekend on somatic listening.,in_person,Harbour Collective,"
    "https://harbour.example,somatic-awareness;polyvagal-theory,en;es,"
    "2027-03-06T09:00/2027-03-06T17:00@Europe/London,320,GBP,8,yes,"
    "https://harbour.example/listening,2026-10-01"
)
SECOND_ROW = "Quiet Minds,Self-paced course.,self_paced,,,,en,,0,USD,,no,,"


def write(tmp_path, *lines):
    path = tmp_path / "trainings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_trainings", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_valid_file_creates_published_trainings_with_a_progress_bar(tmp_path, training_index):
    out, _err = run(write(tmp_path, HEADER, GOOD_ROW, SECOND_ROW))
    assert "Importing [" in out and "2/2" in out
    assert "Imported 2 training(s)" in out
    page = TrainingPage.objects.get(slug="listening-bodies")
    assert page.live
    assert page.get_parent().pk == training_index.pk
    assert page.provider.name == "Harbour Collective"
    assert sorted(page.frameworks.values_list("slug", flat=True)) == [
        "polyvagal-theory",
        "somatic-awareness",
    ]
    assert [lang.language for lang in page.languages_offered.all()] == ["en", "es"]
    session = page.sessions.get()
    assert session.time_zone == "Europe/London"
    assert session.starts_at.isoformat() == "2027-03-06T09:00:00+00:00"
    assert page.sliding_scale
    assert TrainingPage.objects.get(slug="quiet-minds").cost == 0


def test_a_dry_run_validates_and_imports_nothing(tmp_path, training_index):
    out, _err = run(write(tmp_path, HEADER, GOOD_ROW), "--dry-run")
    assert "1 training(s) are valid. Dry run" in out
    assert not TrainingPage.objects.exists()
    assert not Provider.objects.filter(name="Harbour Collective").exists()


def test_one_bad_row_imports_nothing_and_reports_each_problem_by_line_and_column(
    tmp_path, training_index
):
    bad = (
        "Broken,,carrier_pigeon,,not-a-url,astrology,xx,2027-13-40T09:00,cheap,XYZ,-2,maybe,"
        "ftp://x,yesterday"
    )
    path = write(tmp_path, HEADER, GOOD_ROW, bad, SECOND_ROW)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_trainings", path, stdout=StringIO(), stderr=err)
    report = err.getvalue()
    for column in (
        "summary",
        "format",
        "provider_website",
        "frameworks",
        "languages",
        "sessions",
        "cost",
        "currency",
        "ce_credits",
        "sliding_scale",
        "registration_url",
        "last_reviewed",
    ):
        assert f"line 3, column {column}:" in report, column
    assert "line 2" not in report
    assert not TrainingPage.objects.exists()


def test_unknown_and_missing_columns_are_reported_on_the_header_line(tmp_path, training_index):
    path = write(tmp_path, "title,colour", "A,red")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_trainings", path, stdout=StringIO(), stderr=err)
    assert "line 1, column colour: unknown column" in err.getvalue()
    assert "line 1, column summary: required column is missing" in err.getvalue()


def test_duplicate_and_existing_slugs_are_refused(tmp_path, training_index):
    path = write(tmp_path, HEADER, SECOND_ROW, SECOND_ROW)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_trainings", path, stdout=StringIO(), stderr=err)
    assert "line 3, column slug: “quiet-minds” is also used on line 2" in err.getvalue()
    run(write(tmp_path, HEADER, SECOND_ROW))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_trainings", write(tmp_path, HEADER, SECOND_ROW), stdout=StringIO(), stderr=err
        )
    assert "line 2, column slug: “quiet-minds” already exists" in err.getvalue()


def test_a_missing_file_is_a_clear_error(training_index):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_trainings", "/nonexistent/file.csv", stdout=StringIO())


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path, training_index):
    path = tmp_path / "latin1.csv"
    path.write_bytes("title,summary,format\nCaf\xe9,x,online\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_trainings", str(path), stdout=StringIO())


def test_without_a_training_index_the_command_asks_for_one(tmp_path, home):
    with pytest.raises(CommandError, match="--index"):
        call_command("import_trainings", write(tmp_path, HEADER, GOOD_ROW), stdout=StringIO())


def test_draft_imports_trainings_that_visitors_do_not_see(tmp_path, training_index):
    run(write(tmp_path, HEADER, SECOND_ROW), "--draft")
    page = TrainingPage.objects.get(title="Quiet Minds")
    assert not page.live
    assert page.has_unpublished_changes
