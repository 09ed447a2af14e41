"""Import assessments from a CSV file: validate every row first, then record all or nothing.

One row per training × checklist item (the format is documented in docs/trainings-guide.md and
by ``COLUMNS`` below): a spreadsheet an owner fills by copying the template's block of items once
per training. Items are named by their stable ``code``; answers are the assessing screen's
values (``0``–``3``, ``na``, ``unknown``). Each training becomes one new assessment against the
checklist version in force, recorded by the assessing screen's own service
(:func:`practice_trainings.services.save_answers`): same answer rules, same consensus, score
recomputed, caches following through the content version.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_core.csv_import import ImportPlan, RowError, read_rows
from practice_core.permissions import may_change_locale

from .forms import reviewer_choices
from .models import Answer, Assessment, Checklist, TrainingPage
from .models.assessments import SOURCE_CHOICES
from .scoring import NOT_APPLICABLE, UNKNOWN
from .services import ensure_answers, save_answers, score_answers

REQUIRED = ("training", "item", "answer", "checklist_version")
#: Said once per training: on every row of it, or on some rows and left empty on the others.
ASSESSMENT_COLUMNS = (
    "checklist_version",
    "reviewer",
    "second_reviewer",
    "third_reviewer",
    "reviewed_on",
)
COLUMNS = (
    "training",
    "item",
    "question",  # for the person filling the file in; not read
    "answer",
    "evidence_note",
    "evidence_url",
    "source",
    "checked_on",
    "second_answer",
    "third_answer",
    *ASSESSMENT_COLUMNS,
)
#: The CSV column of each answer field (for problems found by ``Answer.full_clean``).
ANSWER_COLUMNS = {
    "value": "answer",
    "second_value": "second_answer",
    "third_value": "third_answer",
    "evidence_note": "evidence_note",
    "evidence_url": "evidence_url",
    "source": "source",
    "checked_on": "checked_on",
}
ANSWER_SPELLINGS = {"n/a": NOT_APPLICABLE, "": UNKNOWN}


def template_csv(checklist: Checklist) -> str:
    """The import's header and one row per item of ``checklist`` (training left to fill in)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in checklist.items.order_by("sort_order", "pk"):
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            item=item.code,
            question=item.question,
            answer=UNKNOWN,
            checklist_version=checklist.version,
        )
        writer.writerow(row[name] for name in COLUMNS)
    return out.getvalue()


def may_assess_training(user, page) -> bool:
    """May ``user`` assess this training page: is it in a language they may work in? (As on
    the assessing screen, the assessment permissions decide the rest: a member of the
    "Reviewers" group assesses trainings without editing their pages.) ``None`` is the command
    line, which may do everything."""
    return user is None or may_change_locale(user, page.locale_id)


class _Trainings:
    """Finds the training a cell names: its page ID, or its slug when one training has it."""

    def __init__(self):
        self.found = {}

    def __call__(self, value):
        if value not in self.found:
            self.found[value] = self._find(value)
        return self.found[value]

    @staticmethod
    def _find(value):
        pages = TrainingPage.objects.select_related("locale")
        if value.isdigit():
            page = pages.filter(pk=int(value)).first()
            if page is None:
                return None, _("no training has the page ID %(id)s") % {"id": value}
            return page, ""
        matches = list(pages.filter(slug=value).order_by("path"))
        if not matches:
            return None, _("no training has the ID or slug “%(value)s”") % {"value": value}
        if len({page.translation_key for page in matches}) > 1:
            return None, _(
                "several trainings have the slug “%(value)s”; give the page ID instead"
            ) % {"value": value}
        return matches[0], ""


def _answer(raw: str) -> str:
    value = raw.lower()
    return ANSWER_SPELLINGS.get(value, value)


def _date(text, line, column, errors):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(RowError(line, column, _("use a date such as 2026-03-01")))
        return None


def validate_csv(text: str, user=None) -> ImportPlan:
    """Check every row of ``text`` for import by ``user`` (None: the command line).

    A plan's row is one training: ``{"line", "lines", "training", "checklist", "reviewers",
    "reviewed_on", "answers": {item id: answer fields}, "score"}``.
    """
    plan = ImportPlan()
    rows = read_rows(text, plan, COLUMNS, REQUIRED)
    checklist = Checklist.in_force()
    items = {item.code: item for item in checklist.items.all()} if checklist else {}
    reviewers = {}
    find_training = _Trainings()
    trainings = {}  # translation key → the plan row being built
    seen = {}  # (translation key, item code) → line
    sources = {code for code, _label in SOURCE_CHOICES}

    def reviewer(username, line, column, errors):
        if not username:
            return None
        if username not in reviewers:
            reviewers[username] = reviewer_choices().filter(username=username).first()
        if reviewers[username] is None:
            errors.append(
                RowError(
                    line,
                    column,
                    _("“%(name)s” is not a user in the “Reviewers” group") % {"name": username},
                )
            )
        return reviewers[username]

    for line, values in rows:
        errors = []
        for name in ("training", "item"):
            if not values.get(name):
                errors.append(RowError(line, name, _("is required")))
        version = values.get("checklist_version", "")
        if checklist is None:
            errors.append(
                RowError(line, "checklist_version", _("no checklist version is published yet"))
            )
        elif version and version != str(checklist.version):
            errors.append(
                RowError(
                    line,
                    "checklist_version",
                    _(
                        "version %(given)s is not the checklist in force (version %(version)s): "
                        "download the template again and answer its questions"
                    )
                    % {"given": version, "version": checklist.version},
                )
            )
        page = None
        if values.get("training"):
            page, problem = find_training(values["training"])
            if problem:
                errors.append(RowError(line, "training", problem))
            elif not may_assess_training(user, page):
                errors.append(
                    RowError(
                        line,
                        "training",
                        _("“%(title)s” is in %(language)s, which you may not edit")
                        % {"title": page.title, "language": page.locale.get_display_name()},
                    )
                )
                page = None
            elif checklist and Assessment.objects.filter(
                training_key=page.translation_key, checklist=checklist
            ):
                errors.append(
                    RowError(
                        line,
                        "training",
                        _(
                            "“%(title)s” already has an assessment against version %(version)s; "
                            "change it on its assessing screen"
                        )
                        % {"title": page.title, "version": checklist.version},
                    )
                )
                page = None
        item = None
        if values.get("item") and checklist is not None:
            item = items.get(values["item"])
            if item is None:
                errors.append(
                    RowError(
                        line,
                        "item",
                        _("no item “%(code)s” in checklist version %(version)s")
                        % {"code": values["item"], "version": checklist.version},
                    )
                )
        if page is not None and item is not None:
            key = (page.translation_key, item.code)
            if key in seen:
                errors.append(
                    RowError(
                        line,
                        "item",
                        _("“%(code)s” of this training is also on line %(line)s")
                        % {"code": item.code, "line": seen[key]},
                    )
                )
                item = None
            else:
                seen[key] = line
        answer = Answer(
            value=_answer(values.get("answer", "")),
            second_value=_answer(values.get("second_answer", "")) or "",
            third_value=_answer(values.get("third_answer", "")) or "",
            evidence_note=values.get("evidence_note", ""),
            evidence_url=values.get("evidence_url", ""),
            source=values.get("source", "").lower(),
            checked_on=_date(values.get("checked_on", ""), line, "checked_on", errors),
        )
        # An empty second or third answer is "no such reviewer's answer", not unknown.
        answer.second_value = "" if not values.get("second_answer") else answer.second_value
        answer.third_value = "" if not values.get("third_answer") else answer.third_value
        if answer.source and answer.source not in sources:
            errors.append(
                RowError(
                    line,
                    "source",
                    _("“%(value)s” is not one of %(choices)s")
                    % {"value": answer.source, "choices": ", ".join(sorted(sources))},
                )
            )
            answer.source = ""
        try:
            answer.full_clean(exclude=["assessment", "item", "checked_on"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    errors.append(RowError(line, ANSWER_COLUMNS.get(name, name), message))
        people = {
            name: reviewer(values.get(name, ""), line, name, errors)
            for name in ("reviewer", "second_reviewer", "third_reviewer")
        }
        reviewed_on = _date(values.get("reviewed_on", ""), line, "reviewed_on", errors)
        if page is None or item is None:
            plan.errors.extend(errors)
            continue
        row = trainings.get(page.translation_key)
        if row is None:
            row = trainings[page.translation_key] = {
                "line": line,
                "lines": [],
                "training": page,
                "checklist": checklist,
                "said": {},
                "answers": {},
            }
        # What is said once per training must not differ from one of its rows to another.
        for name in ASSESSMENT_COLUMNS:
            given = values.get(name, "")
            if not given:
                continue
            first = row["said"].setdefault(name, (given, line))
            if first[0] != given:
                errors.append(
                    RowError(
                        line,
                        name,
                        _("“%(value)s” differs from line %(line)s (“%(first)s”) of this training")
                        % {"value": given, "line": first[1], "first": first[0]},
                    )
                )
        plan.errors.extend(errors)
        if errors:
            continue
        row["lines"].append(line)
        row.setdefault("people", {}).update({k: v for k, v in people.items() if v is not None})
        if reviewed_on is not None:
            row["reviewed_on"] = reviewed_on
        row["answers"][item.pk] = answer

    for row in trainings.values():
        people = row.get("people", {})
        if "checklist_version" not in row["said"]:
            plan.errors.append(
                RowError(
                    row["line"],
                    "checklist_version",
                    _("say which checklist version “%(title)s” was assessed against")
                    % {"title": row["training"].title},
                )
            )
        if "reviewer" not in row["said"]:
            plan.errors.append(
                RowError(
                    row["line"],
                    "reviewer",
                    _("say who assessed “%(title)s” (a user in the “Reviewers” group)")
                    % {"title": row["training"].title},
                )
            )
        for column, person in (
            ("second_answer", "second_reviewer"),
            ("third_answer", "third_reviewer"),
        ):
            field_name = "second_value" if column == "second_answer" else "third_value"
            if person not in row["said"]:
                for item_id, answer in row["answers"].items():
                    if getattr(answer, field_name):
                        plan.errors.append(
                            RowError(
                                _line_of(row, item_id),
                                column,
                                _("give the %(column)s of this training to say whose answer it is")
                                % {"column": person},
                            )
                        )
        row["reviewers"] = people
        values = {item_id: answer.consensus_value for item_id, answer in row["answers"].items()}
        row["score"] = score_answers(list(items.values()), values)
        row["answered"] = sum(1 for value in values.values() if value != UNKNOWN)
        row["total"] = len(items)
        plan.rows.append(row)
    plan.rows.sort(key=lambda row: row["line"])
    plan.errors.sort(key=lambda error: error.line)
    return plan


def _line_of(row, item_id) -> int:
    ids = list(row["answers"])
    return row["lines"][ids.index(item_id)]


@transaction.atomic
def create_assessments(plan: ImportPlan, publish=True, progress=None) -> list[Assessment]:
    """Record the planned assessments (call only when ``plan.errors`` is empty), each through
    the assessing screen's service; all of them, or none (``ValidationError`` says why)."""
    if plan.errors:
        raise ValueError("refusing to import a plan with errors")
    created = []
    for number, row in enumerate(plan.rows, start=1):
        page, checklist = row["training"], row["checklist"]
        in_force = Checklist.in_force()
        if in_force is None or in_force.pk != checklist.pk:
            raise ValidationError(
                _("A new checklist version was published meanwhile; check the file again.")
            )
        people = row["reviewers"]
        try:
            # A savepoint: another import recording the same training at the same moment makes
            # this insert fail on the one-assessment-per-version constraint, not duplicate it.
            with transaction.atomic():
                assessment = Assessment.objects.create(
                    training=page,
                    checklist=checklist,
                    reviewer=people.get("reviewer"),
                    second_reviewer=people.get("second_reviewer"),
                    third_reviewer=people.get("third_reviewer"),
                    reviewed_on=row.get("reviewed_on") or timezone.localdate(),
                    is_draft=True,
                )
        except IntegrityError:
            raise ValidationError(
                _(
                    "“%(title)s” was given an assessment against version %(version)s meanwhile; "
                    "check the file again."
                )
                % {"title": page.title, "version": checklist.version}
            ) from None
        ensure_answers(assessment)
        answers = list(assessment.answers.all())
        for answer in answers:
            given = row["answers"].get(answer.item_id)
            if given is not None:
                for name in ANSWER_COLUMNS:
                    setattr(answer, name, getattr(given, name))
        save_answers(assessment, answers, publish=publish)
        created.append(assessment)
        if progress is not None:
            progress(number, len(plan.rows))
    return created
