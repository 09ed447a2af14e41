"""The assessing screen: every checklist question of one assessment on one page.

Each question is a radio group whose options carry that question's own guidance for 0–3 (from
the checklist), with the evidence fields beside it, a progress line ("7 of 9 answered") and the
score as it would be with the answers on screen (``score_preview``, computed by the one score
function on the server). "Save draft" keeps a new assessment away from visitors; "Publish"
makes it the training's score. Either saves every answer or none (errors by question).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Answer, Assessment
from .models.assessments import ANSWER_LABELS, BAND_LABELS, SOURCE_CHOICES
from .scoring import NOT_APPLICABLE, UNKNOWN
from .services import ensure_answers, save_answers, score_answers


@dataclass
class QuestionRow:
    """One question on the screen: the answer, its options with guidance, its errors."""

    answer: Answer
    options: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"a{self.answer.pk}"


def _options(answer):
    item = answer.item
    guidance = {points: text for points, _label, text in item.guidance}
    rows = [
        (str(points), ANSWER_LABELS[str(points)], guidance.get(points, "")) for points in range(4)
    ]
    rows.append((NOT_APPLICABLE, ANSWER_LABELS[NOT_APPLICABLE], _("This question does not apply.")))
    rows.append((UNKNOWN, ANSWER_LABELS[UNKNOWN], _("Counts as 0 in the score until answered.")))
    return rows


def _load(assessment) -> list[Answer]:
    if assessment.answers.count() != assessment.checklist.items.count():
        ensure_answers(assessment)
    return list(assessment.answers.select_related("item").order_by("item__sort_order", "item__pk"))


def _read(answer: Answer, data) -> dict:
    """Put the posted fields of ``answer`` on it; return the errors of what could not be read."""
    prefix = f"a{answer.pk}"
    errors = {}
    answer.value = data.get(f"{prefix}-value", answer.value) or UNKNOWN
    answer.second_value = data.get(f"{prefix}-second_value", "")
    answer.third_value = data.get(f"{prefix}-third_value", "")
    answer.evidence_note = data.get(f"{prefix}-evidence_note", "").strip()
    answer.evidence_url = data.get(f"{prefix}-evidence_url", "").strip()
    answer.source = data.get(f"{prefix}-source", "")
    raw_date = data.get(f"{prefix}-checked_on", "").strip()
    answer.checked_on = None
    if raw_date:
        try:
            answer.checked_on = datetime.date.fromisoformat(raw_date)
        except ValueError:
            errors["checked_on"] = [_("Enter a date such as 2026-03-01.")]
    return errors


def _value(answer) -> str:
    """The answer's consensus, or unknown while what is on screen is off the scale."""
    try:
        return answer.consensus_value
    except ValueError:
        return UNKNOWN


def _progress(answers) -> tuple[int, int, str]:
    total = len(answers)
    answered = sum(1 for answer in answers if _value(answer) != UNKNOWN)
    text = ngettext(
        "%(answered)s of %(total)s question answered",
        "%(answered)s of %(total)s questions answered",
        total,
    ) % {"answered": answered, "total": total}
    return answered, total, text


def _score_text(result) -> str:
    if result.score is None:
        return _("No score yet: answer at least one question that applies.")
    return _("Score %(score)s/100, %(band)s, evidence for %(coverage)s%% of the checklist.") % {
        "score": f"{result.score:.0f}",
        "band": BAND_LABELS.get(result.band, result.band),
        "coverage": round(result.coverage * 100),
    }


def _refused(request):
    from .views import _refused as refused

    return refused(
        request, "practice_trainings.change_assessment", _("You may not change assessments.")
    )


def assess(request, pk):
    """The assessing screen (GET) and saving it as a draft or publishing it (POST)."""
    refused = _refused(request)
    if refused:
        return refused
    assessment = get_object_or_404(
        Assessment.objects.select_related("checklist", "training"), pk=pk
    )
    answers = _load(assessment)
    rows = [QuestionRow(answer, _options(answer)) for answer in answers]
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        for row in rows:
            row.errors = _read(row.answer, request.POST)
            try:
                row.answer.full_clean(exclude=["assessment", "item"])
            except ValidationError as error:
                for name, messages_ in error.message_dict.items():
                    row.errors.setdefault(name, []).extend(messages_)
        failing = [row for row in rows if row.errors]
        if not failing and action in ("draft", "publish"):
            save_answers(assessment, [row.answer for row in rows], publish=action == "publish")
            if assessment.is_draft:
                messages.success(request, _("Draft saved. Visitors do not see it yet."))
            else:
                messages.success(
                    request,
                    _("Published: the training's page, card, comparison and API show it."),
                )
            return redirect(reverse("practice_trainings_assessment:assess", args=[assessment.pk]))
        status = 422
        if action not in ("draft", "publish"):
            messages.error(request, _("Choose “Save draft” or “Publish”."))
        else:
            messages.error(
                request,
                ngettext(
                    "Nothing was saved: %(count)s question needs attention.",
                    "Nothing was saved: %(count)s questions need attention.",
                    len(failing),
                )
                % {"count": len(failing)},
            )
    values = {answer.item_id: _value(answer) for answer in answers}
    result = score_answers([answer.item for answer in answers], values)
    answered, total, progress_text = _progress(answers)
    return TemplateResponse(
        request,
        "practice_trainings/admin/assess.html",
        {
            "assessment": assessment,
            "rows": rows,
            "sources": SOURCE_CHOICES,
            "second_choices": [("", _("No second answer"))]
            + [(code, label) for code, label in ANSWER_LABELS.items()],
            "third_choices": [("", _("No third answer"))]
            + [(code, label) for code, label in ANSWER_LABELS.items()],
            "progress_text": progress_text,
            "answered": answered,
            "total": total,
            "score_text": _score_text(result),
            "preview_url": reverse(
                "practice_trainings_assessment:score_preview", args=[assessment.pk]
            ),
            "edit_url": reverse("practice_trainings_assessment:edit", args=[assessment.pk]),
            "header_title": _("Assess: %(training)s") % {"training": assessment.training.title},
        },
        status=status,
    )


def score_preview(request, pk):
    """The score and progress the answers on screen would give (POST of the screen's form);
    nothing is saved. JSON: ``score``, ``band``, ``coverage``, ``progress``, ``summary``."""
    refused = _refused(request)
    if refused:
        return refused
    if request.method != "POST":
        return JsonResponse({"error": _("Send the form's answers with POST.")}, status=405)
    assessment = get_object_or_404(Assessment.objects.select_related("checklist"), pk=pk)
    answers = list(assessment.answers.select_related("item"))
    for answer in answers:
        _read(answer, request.POST)
        if any(value not in ANSWER_LABELS for value in answer.reviewer_values):
            return JsonResponse({"error": _("An answer is not on the 0–3 scale.")}, status=422)
    values = {answer.item_id: answer.consensus_value for answer in answers}
    result = score_answers([answer.item for answer in answers], values)
    answered, total, progress_text = _progress(answers)
    return JsonResponse(
        {
            "score": result.score,
            "band": result.band,
            "coverage": result.coverage,
            "answered": answered,
            "total": total,
            "progress": progress_text,
            "summary": _score_text(result),
        }
    )
