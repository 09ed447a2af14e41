"""Importing assessments from a CSV file (one row per training × checklist item): every problem
by line and column, all or nothing, recorded as the assessing screen records them; the
command, the template and a race between two imports."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from practice_core import versions
from practice_trainings.assessment_importer import (
    COLUMNS,
    create_assessments,
    template_csv,
    validate_csv,
)
from practice_trainings.models import Assessment, Checklist
from practice_trainings.services import publish_version, start_new_version

HEADER = "training,item,answer,evidence_note,source,second_answer,checklist_version,reviewer"


@pytest.fixture
def reviewer(django_user_model, seeded):
    user = django_user_model.objects.create_user("rita", first_name="Rita", password="pw")
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def training(make_training):
    return make_training(title="Listening Bodies")


def rows(training, *lines):
    """CSV text: the header, then ``item,answer,...`` lines for ``training`` (by page ID)."""
    return "\n".join([HEADER, *(f"{training.pk},{line}" for line in lines)]) + "\n"


def test_a_valid_file_records_one_published_assessment_per_training_with_its_score(
    training, reviewer, checklist
):
    text = rows(
        training,
        "whole-person,3,Module 2 covers body and culture.,syllabus,,1,rita",
        "inclusive,n/a,,,,,",
        "ways-of-knowing,1,,,,,",
    )
    plan = validate_csv(text)
    assert plan.errors == []
    version = versions.current()
    [assessment] = create_assessments(plan)
    assessment = Assessment.objects.get(pk=assessment.pk)
    assert not assessment.is_draft and assessment.is_latest
    assert assessment.reviewer == reviewer
    answers = {a.item.code: a for a in assessment.answers.select_related("item")}
    assert len(answers) == checklist.items.count()  # the items not in the file are unknown
    assert answers["whole-person"].value == "3"
    assert answers["whole-person"].evidence_note == "Module 2 covers body and culture."
    assert answers["inclusive"].value == "na"
    assert answers["ways-of-knowing"].value == "1"
    named = {"whole-person", "inclusive", "ways-of-knowing"}
    assert {a.value for code, a in answers.items() if code not in named} == {"unknown"}
    assert assessment.score is not None
    assert versions.current() != version  # caches keyed on the content version follow


def test_the_draft_option_records_drafts_visitors_do_not_see(training, reviewer, checklist):
    plan = validate_csv(rows(training, "whole-person,1,,,,1,rita"))
    [assessment] = create_assessments(plan, publish=False)
    assessment.refresh_from_db()
    assert assessment.is_draft and not assessment.is_latest


def test_every_problem_is_listed_by_line_and_column(make_training, training, reviewer, checklist):
    other = make_training(title="Quiet Minds")
    text = "\n".join(
        [
            HEADER,
            f"{training.pk},whole-person,3,,,,1,rita",  # 2: a 3 without evidence
            f"{training.pk},no-such-item,1,,,,1,rita",  # 3: unknown item
            "999999,whole-person,1,,,,1,rita",  # 4: unknown training
            f"{training.pk},inclusive,7,,,,1,rita",  # 5: bad value
            f"{training.pk},inclusive,1,,,,1,rita",  # 6: fine
            f"{training.pk},inclusive,2,note,,,1,rita",  # 7: duplicate of line 6
            f"{other.slug},whole-person,1,,moon,,1,rita",  # 8: bad source
            f"{other.slug},inclusive,1,,,,2,nobody",  # 9: version not in force, unknown reviewer
            f"{other.slug},ways-of-knowing,1,,,0,1,rita",  # 10: second answer, no second reviewer
        ]
    )
    plan = validate_csv(text)
    problems = {(error.line, error.column) for error in plan.errors}
    assert {
        (2, "evidence_note"),
        (3, "item"),
        (4, "training"),
        (5, "answer"),
        (7, "item"),
        (8, "source"),
        (9, "checklist_version"),
        (9, "reviewer"),
        (10, "second_answer"),
    } <= problems
    assert (6, "answer") not in problems
    assert "version 2 is not the checklist in force (version 1)" in " ".join(
        str(error) for error in plan.errors
    )
    with pytest.raises(ValueError):
        create_assessments(plan)
    assert not Assessment.objects.exists()


def test_a_header_without_the_required_columns_or_with_unknown_ones_is_refused(seeded):
    plan = validate_csv("training,colour\n1,red\n")
    problems = {(error.line, error.column, error.message) for error in plan.errors}
    assert (1, "colour", "unknown column") in problems
    assert (1, "item", "required column is missing") in problems
    assert (1, "checklist_version", "required column is missing") in problems


def test_a_training_named_by_its_translation_is_the_same_training_and_a_duplicate_row(
    training, reviewer, checklist, locales, translated_home
):
    spanish_index = training.get_parent().specific.copy_for_translation(locales["es"])
    spanish_index.save_revision().publish()
    spanish = training.copy_for_translation(locales["es"])
    spanish.save_revision().publish()
    text = "\n".join(
        [
            HEADER,
            f"{training.pk},whole-person,1,,,,1,rita",
            f"{spanish.pk},whole-person,0,,,,1,rita",
        ]
    )
    plan = validate_csv(text)
    assert [(error.line, error.column) for error in plan.errors] == [(3, "item")]


def test_a_training_that_already_has_an_assessment_against_the_version_is_refused(
    training, reviewer, checklist, assess_training
):
    assess_training(training, {"whole-person": "1"})
    plan = validate_csv(rows(training, "whole-person,2,seen,,,1,rita"))
    assert [(error.line, error.column) for error in plan.errors] == [(2, "training")]
    assert "already has an assessment against version 1" in plan.errors[0].message


def test_a_training_in_a_language_the_user_may_not_edit_is_a_problem_on_its_row(
    training, reviewer, checklist, locales, translated_home
):
    """The check behind every row (the screen refuses users limited to some languages outright,
    since an assessment is shared by every language): a user who may work in French only may
    not assess through the Spanish page, and may through the French one."""
    from practice_site.translators import ensure_translator_teams

    ensure_translator_teams()
    user = django_user_in("Translators: French")
    for code in ("es", "fr"):
        index = training.get_parent().specific.copy_for_translation(locales[code])
        index.save_revision().publish()
        page = training.copy_for_translation(locales[code])
        page.save_revision().publish()
        plan = validate_csv(rows(page, "whole-person,1,,,,1,rita"), user=user)
        if code == "es":
            assert [(error.line, error.column) for error in plan.errors] == [(2, "training")]
            assert "which you may not edit" in plan.errors[0].message
        else:
            assert plan.errors == []


def django_user_in(group_name):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("limited", password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_rows_of_one_training_must_agree_on_its_reviewer(
    training, reviewer, checklist, django_user_model
):
    other = django_user_model.objects.create_user("otto", password="pw")
    other.groups.add(Group.objects.get(name="Reviewers"))
    plan = validate_csv(rows(training, "whole-person,1,,,,1,rita", "inclusive,1,,,,1,otto"))
    assert [(error.line, error.column) for error in plan.errors] == [(3, "reviewer")]


def test_a_reviewer_outside_the_reviewers_group_is_refused(training, checklist, django_user_model):
    django_user_model.objects.create_user("outsider", password="pw")
    plan = validate_csv(rows(training, "whole-person,1,,,,1,outsider"))
    assert [(error.line, error.column) for error in plan.errors] == [(2, "reviewer")]


def test_a_file_made_for_an_older_version_is_refused_once_a_new_one_is_in_force(
    training, reviewer, checklist
):
    draft = start_new_version(checklist)
    publish_version(draft, changelog="Reworded.")
    plan = validate_csv(rows(training, "whole-person,1,,,,1,rita"))
    assert [(error.line, error.column) for error in plan.errors] == [(2, "checklist_version")]


def test_the_consensus_of_two_reviewers_is_what_the_assessing_screen_records(
    training, reviewer, checklist, django_user_model
):
    second = django_user_model.objects.create_user("sam", password="pw")
    second.groups.add(Group.objects.get(name="Reviewers"))
    header = HEADER + ",second_reviewer"
    text = f"{header}\n{training.pk},whole-person,2,Seen in module 1.,syllabus,0,1,rita,sam\n"
    [assessment] = create_assessments(validate_csv(text))
    answer = assessment.answers.get(item__code="whole-person")
    assert (answer.value, answer.second_value, answer.consensus_value) == ("2", "0", "1")
    assert answer.reviewers_disagree
    assert Assessment.objects.get(pk=assessment.pk).second_reviewer == second


def test_a_plan_made_before_another_import_recorded_the_training_records_nothing(
    make_training, training, reviewer, checklist
):
    """Two imports at once: the one that comes second finds the assessment the first made
    (the one-assessment-per-version constraint) and records none of its rows."""
    other = make_training(title="Quiet Minds")
    text = "\n".join(
        [HEADER, f"{other.pk},whole-person,1,,,,1,rita", f"{training.pk},whole-person,1,,,,1,rita"]
    )
    first, second = validate_csv(text), validate_csv(rows(training, "inclusive,0,,,,1,rita"))
    create_assessments(second)
    with pytest.raises(Exception, match="meanwhile"):
        create_assessments(first)
    assert Assessment.objects.count() == 1
    assert not Assessment.objects.filter(training_key=other.translation_key).exists()


def test_the_template_lists_every_item_of_the_checklist_in_force(checklist):
    lines = template_csv(checklist).splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 1 + checklist.items.count()
    assert lines[1].startswith(",whole-person,")
    assert lines[1].endswith(",1,,,,")


def test_the_command_imports_a_file_with_a_byte_order_mark(tmp_path, training, reviewer, checklist):
    path = tmp_path / "assessments.csv"
    path.write_text("\ufeff" + rows(training, "whole-person,1,,,,1,rita"), encoding="utf-8")
    out = StringIO()
    call_command("import_assessments", str(path), stdout=out, stderr=StringIO())
    assert "Imported 1 assessment(s)." in out.getvalue()
    assert Assessment.objects.get().answers.get(item__code="whole-person").value == "1"


def test_the_command_lists_problems_and_imports_nothing(tmp_path, training, reviewer, checklist):
    path = tmp_path / "assessments.csv"
    path.write_text(
        rows(training, "whole-person,1,,,,1,rita", "inclusive,9,,,,1,rita"), encoding="utf-8"
    )
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_assessments", str(path), stdout=StringIO(), stderr=err)
    assert "line 3, column answer" in err.getvalue()
    assert not Assessment.objects.exists()


def test_the_command_dry_run_records_nothing(tmp_path, training, reviewer, checklist):
    path = tmp_path / "assessments.csv"
    path.write_text(rows(training, "whole-person,1,,,,1,rita"), encoding="utf-8")
    out = StringIO()
    call_command("import_assessments", str(path), "--dry-run", stdout=out)
    assert "1 assessment(s) are valid. Dry run" in out.getvalue()
    assert not Assessment.objects.exists()
    assert Checklist.in_force() == checklist


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_of_one_training_at_the_same_moment_record_one_assessment(
    training, reviewer, checklist
):
    """Both imports checked the file before either wrote: the one-assessment-per-version
    constraint makes the second wait for the first, then refuse its whole file."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connections

    text = rows(training, "whole-person,1,,,,1,rita")
    plans = [validate_csv(text), validate_csv(text)]
    assert [plan.errors for plan in plans] == [[], []]
    barrier = threading.Barrier(2)
    outcomes = []

    def worker(plan):
        try:
            barrier.wait(timeout=10)
            create_assessments(plan)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert "recorded" in outcomes and len(outcomes) == 2
    assert "meanwhile" in next(outcome for outcome in outcomes if outcome != "recorded")
    assert Assessment.objects.count() == 1
    assert Assessment.objects.get().answers.count() == checklist.items.count()
