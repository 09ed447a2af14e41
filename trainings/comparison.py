"""Side-by-side comparison of 2 to 4 trainings: every attribute and checklist item as rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .listing import attach_frameworks
from .models import Answer, Assessment, Checklist, TrainingPage
from .services import localized_items

MIN_COMPARED = 2
MAX_COMPARED = 4


@dataclass
class Comparison:
    """What the comparison page shows; ``error`` is set instead when the selection is unusable."""

    trainings: list = field(default_factory=list)
    item_rows: list = field(default_factory=list)
    error: str = ""
    missing: list = field(default_factory=list)


def parse_ids(raw: str) -> tuple[list[int], str]:
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    ids = []
    for part in parts:
        if not part.isdigit() or len(part) > 12:
            return [], _("“%(value)s” is not a training number.") % {"value": part}
        if int(part) not in ids:
            ids.append(int(part))
    if len(ids) < MIN_COMPARED:
        return [], _("Choose at least two trainings to compare.")
    if len(ids) > MAX_COMPARED:
        return [], _("You can compare at most four trainings at a time.")
    return ids, ""


def build_comparison(index, raw_ids: str) -> Comparison:
    """Load the chosen trainings below ``index`` with their scores, in a fixed number of queries."""
    ids, error = parse_ids(raw_ids or "")
    if error:
        return Comparison(error=error)
    return load_comparison(index, ids)


def load_comparison(index, ids: list[int]) -> Comparison:
    """The comparison of ``ids`` (as :func:`parse_ids` returns them) below ``index``; an error
    naming the ids that are not live, public trainings of this directory."""
    found = {
        page.pk: page
        for page in index.trainings().filter(pk__in=ids).prefetch_related("languages_offered")
    }
    missing = [pk for pk in ids if pk not in found]
    if missing:
        return Comparison(
            error=_("These trainings are not in this directory: %(ids)s.")
            % {"ids": ", ".join(str(pk) for pk in missing)},
            missing=missing,
        )
    trainings = attach_frameworks([found[pk] for pk in ids])
    assessments = {
        a.training_key: a
        for a in Assessment.objects.filter(
            training_key__in=[t.translation_key for t in trainings], is_latest=True
        ).select_related("checklist")
    }
    answers = {}
    items = {}
    for answer in Answer.objects.filter(assessment__in=assessments.values()).select_related("item"):
        answers[(answer.assessment_id, answer.item.code)] = answer
        items.setdefault(answer.item.code, answer.item)
    # Item texts come from the checklist in force, in the page's language, when it has the code.
    in_force = Checklist.in_force(index.locale)
    texts = {}
    if in_force is not None:
        texts = {item.code: item for item in localized_items(in_force, index.locale).values()}
    TrainingPage.objects.mark_re_review_due(trainings)
    for training in trainings:
        training.assessment = assessments.get(training.translation_key)
    ordered_codes = sorted(items, key=lambda code: (items[code].sort_order, code))
    rows = []
    for code in ordered_codes:
        shown = texts.get(code, items[code])
        cells = []
        for training in trainings:
            answer = None
            if training.assessment is not None:
                answer = answers.get((training.assessment.pk, code))
            # The consensus answer, as on the training's page, in the API and in the score.
            cells.append(
                {
                    "value": answer.consensus_value if answer else "",
                    "label": answer.consensus_label if answer else _("Not assessed"),
                    "evidence": answer.evidence_note if answer else "",
                    "reviewers_disagree": answer.reviewers_disagree if answer else False,
                }
            )
        rows.append({"code": code, "question": shown.question, "cells": cells})
    return Comparison(trainings=trainings, item_rows=rows)
