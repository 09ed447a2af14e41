"""What editors do to checklists and assessments, one function per action.

Every stored score is derived here from ``practice_trainings.scoring.compute_score``; admin views,
the
import command, the demo and signals all go through these functions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_core import versions

from .models import Answer, Assessment, Checklist, ChecklistItem
from .models.assessments import ANSWER_LABELS, BAND_LABELS
from .scoring import UNKNOWN, ScoredItem, answer_points, compute_score

CHECKLIST_ITEM_COPY_FIELDS = [
    "code",
    "section",
    "section_title",
    "question",
    "guidance_not_evident",
    "guidance_limited",
    "guidance_present",
    "guidance_central",
    "weight",
    "essential",
    "sort_order",
]


class ChecklistLocked(ValidationError):
    """Raised when something tries to change a published checklist version."""


# --- checklist versions -------------------------------------------------------------------------


def newest_published_version() -> int | None:
    return (
        Checklist.objects.published().order_by("-version").values_list("version", flat=True).first()
    )


def assert_checklist_editable(checklist: Checklist) -> None:
    """Refuse changes to a published version: assessments made against it must keep meaning."""
    if checklist.pk and Checklist.objects.filter(pk=checklist.pk, published_at__isnull=False):
        raise ChecklistLocked(
            _(
                "Version %(version)s is published and cannot be changed. Use “New version” to "
                "draft version %(next)s with a changelog."
            )
            % {"version": checklist.version, "next": checklist.version + 1}
        )


def assert_source_language(checklist: Checklist, message: str) -> None:
    """Refuse version-level actions on a translation: versions are made in the source language."""
    from wagtail.models import Locale

    from .models.checklists import default_language_code

    source_code = default_language_code()
    if checklist.locale.language_code != source_code:
        source = Locale.objects.filter(language_code=source_code).first()
        raise ValidationError(
            message % {"language": source.get_display_name() if source else source_code}
        )


@transaction.atomic
def start_new_version(checklist: Checklist) -> Checklist:
    """Draft version N+1 of a published checklist, copying its title and items.

    The draft is in the same locale as ``checklist`` (the source language); it has its own
    translation key, so it is translated afresh once published.
    """
    assert_source_language(
        checklist,
        _(
            "New versions are drafted from the %(language)s version (the source language); "
            "translations follow once it is published."
        ),
    )
    if not checklist.is_published:
        raise ValidationError(_("Only a published version can be the basis of a new version."))
    existing_draft = Checklist.objects.filter(
        locale=checklist.locale, published_at__isnull=True
    ).first()
    if existing_draft is not None:
        raise ValidationError(
            _("Version %(version)s is already being drafted; publish or delete it first.")
            % {"version": existing_draft.version}
        )
    newest = Checklist.objects.order_by("-version").values_list("version", flat=True).first()
    draft = Checklist.objects.create(
        locale=checklist.locale,
        title=checklist.title,
        introduction=checklist.introduction,
        version=(newest or checklist.version) + 1,
        changelog="",
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            checklist=draft,
            locale=checklist.locale,
            **{name: getattr(item, name) for name in CHECKLIST_ITEM_COPY_FIELDS},
        )
        for item in checklist.items.all()
    )
    return draft


@transaction.atomic
def publish_version(checklist: Checklist, changelog: str | None = None) -> Checklist:
    """Publish a draft version; from now on it is immutable and is the checklist in force.

    A version after the first needs a changelog. Existing assessments are not rescored: they
    stay attached to the version they were made against and show as "re-review due".
    """
    assert_source_language(
        checklist,
        _(
            "Versions are published in %(language)s (the source language); a translation follows "
            "the version it translates."
        ),
    )
    if checklist.is_published:
        raise ChecklistLocked(
            _("Version %(version)s is already published.") % {"version": checklist.version}
        )
    if changelog is not None:
        checklist.changelog = changelog
    if checklist.version > 1 and not checklist.changelog.strip():
        raise ValidationError({"changelog": _("Say what changed in this version (changelog).")})
    if not checklist.items.exists():
        raise ValidationError(_("A checklist needs at least one item before it is published."))
    checklist.published_at = timezone.now()
    # Bypass the edit guard on purpose: this is the one sanctioned transition.
    Checklist.objects.filter(pk=checklist.pk).update(
        published_at=checklist.published_at, changelog=checklist.changelog
    )
    versions.bump()  # update() sends no signal; the checklist in force changed
    return checklist


@dataclass(frozen=True)
class ItemChange:
    """One row of the difference between two checklist versions, for the owner.

    ``kind`` is "added", "removed" or "changed"; ``changes`` lists (what, before, after) for a
    changed item: the question, its weight, whether it is essential, its section.
    """

    kind: str
    code: str
    question: str
    changes: tuple = ()

    @property
    def kind_label(self) -> str:
        return {
            "added": _("New question"),
            "removed": _("Question removed"),
            "changed": _("Question changed"),
        }[self.kind]


def checklist_diff(old: Checklist, new: Checklist) -> list[ItemChange]:
    """What changed from ``old`` to ``new``, item by item (matched by their stable code).

    Unchanged items are left out: every row listed is an item whose answers are not carried
    forward and must be re-assessed (see :func:`carry_forward`).
    """
    before = {item.code: item for item in old.items.all()}
    after = {item.code: item for item in new.items.all()}
    rows = []
    for code, item in after.items():
        previous = before.get(code)
        if previous is None:
            rows.append(ItemChange("added", code, item.question))
            continue
        changes = []
        if previous.question.strip() != item.question.strip():
            changes.append((_("Question"), previous.question, item.question))
        if previous.weight != item.weight:
            changes.append((_("Weight"), str(previous.weight), str(item.weight)))
        if previous.essential != item.essential:
            yes_no = {True: _("essential"), False: _("not essential")}
            changes.append((_("Essential"), yes_no[previous.essential], yes_no[item.essential]))
        if previous.section != item.section:
            changes.append((_("Section"), previous.section_title, item.section_title))
        if changes:
            rows.append(ItemChange("changed", code, item.question, tuple(changes)))
    for code, item in before.items():
        if code not in after:
            rows.append(ItemChange("removed", code, item.question))
    return rows


def previous_version(checklist: Checklist) -> Checklist | None:
    """The published version before ``checklist``, in the same language when translated."""
    return (
        Checklist.objects.published()
        .filter(version__lt=checklist.version, locale_id=checklist.locale_id)
        .order_by("-version")
        .first()
    )


# --- assessments --------------------------------------------------------------------------------


def ensure_answers(assessment: Assessment) -> None:
    """Give the assessment one answer (initially unknown) per item of its checklist."""
    answered = set(assessment.answers.values_list("item_id", flat=True))
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item=item, value=UNKNOWN)
        for item in assessment.checklist.items.all()
        if item.pk not in answered
    )
    versions.bump()  # bulk_create() sends no signal


#: What the assessing screen (and the assessments import) write of each answer.
ANSWER_FIELDS = [
    "value",
    "second_value",
    "third_value",
    "evidence_note",
    "evidence_url",
    "source",
    "checked_on",
]


@transaction.atomic
def save_answers(assessment: Assessment, answers, publish: bool) -> Assessment:
    """Save an assessment's answers (already checked with ``Answer.full_clean``) as a draft or
    published, and rescore it: what the assessing screen's "Save draft" and "Publish" do, and
    what the assessments import does. Every answer is saved, or none.

    A published assessment stays published (a "draft" save of it keeps it live).
    """
    answers = list(answers)
    # One writer at a time per assessment.
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    stored_notes = dict(
        Answer.objects.filter(assessment=assessment).values_list("pk", "evidence_note")
    )
    Answer.objects.bulk_update(answers, ANSWER_FIELDS)
    assessment.is_draft = assessment.is_draft and not publish
    Assessment.objects.filter(pk=assessment.pk).update(is_draft=assessment.is_draft)
    notes_changed = any(stored_notes.get(answer.pk) != answer.evidence_note for answer in answers)
    # Raises the content version (caches follow); the notes' snippet only when they changed.
    recompute_assessment(assessment, notes_changed=notes_changed)
    return assessment


def score_answers(items, values_by_item_id):
    """Run the score function on checklist items and answer values keyed by item id."""
    scored_items = [ScoredItem(i.code, i.section, i.weight, i.essential) for i in items]
    answers = {i.code: values_by_item_id.get(i.pk, UNKNOWN) for i in items}
    return compute_score(scored_items, answers)


def recompute_assessment(assessment: Assessment, notes_changed: bool = True) -> Assessment:
    """Store the score, coverage, band and section scores derived from the answers, and
    whether a carried-forward assessment still waits for its changed items to be answered.

    The evidence notes' translatable snippet is brought in step too (``sync_evidence``), unless
    the caller knows no note changed (``notes_changed=False``: a weight changed, the assessment's
    own fields were edited, or the assessing screen saved the same notes): a rescore alone never
    touches it, since its notes do not depend on the score.
    """
    items = list(assessment.checklist.items.all())
    answers = list(Answer.objects.filter(assessment=assessment))
    values = {answer.item_id: answer.consensus_value for answer in answers}
    result = score_answers(items, values)
    pending = False
    if assessment.carried_from_id:
        unchanged = {
            item.content_signature()
            for item in ChecklistItem.objects.filter(
                checklist__assessments=assessment.carried_from_id
            )
        }
        pending = any(
            values.get(item.pk, UNKNOWN) == UNKNOWN and item.content_signature() not in unchanged
            for item in items
        )
    Assessment.objects.filter(pk=assessment.pk).update(
        score=result.score,
        coverage=result.coverage,
        band=result.band,
        strongest_section=result.strongest_section or "",
        section_scores=[
            {"section": s.section, "score": s.score, "coverage": s.coverage}
            for s in result.sections
        ],
        rereview_pending=pending,
    )
    assessment.score = result.score
    assessment.coverage = result.coverage
    assessment.band = result.band
    assessment.strongest_section = result.strongest_section or ""
    assessment.rereview_pending = pending
    assessment.is_latest = refresh_latest(assessment.training_key) == assessment.pk
    versions.bump()  # update() sends no signal; listings and scorecards show these figures
    if notes_changed:
        from .evidence import sync_evidence

        sync_evidence(assessment)
    return assessment


def refresh_latest(training_key) -> int | None:
    """Mark the assessment visitors see, and return its primary key (None when none is left).

    That is the assessment against the newest checklist version, with one exception that keeps
    a published score honest: while an assessment carried forward to a new version still has
    changed items unanswered (``rereview_pending``) and scores higher than the assessment it
    was carried from, visitors keep seeing the older one (marked "re-review due"). A score
    never rises because a new version's questions have not been answered yet.
    """
    everything = Assessment.objects.filter(training_key=training_key)
    assessments = everything.filter(is_draft=False)  # visitors never see a draft
    latest = assessments.order_by("-checklist__version", "-reviewed_on", "-pk").first()
    if latest is not None and latest.rereview_pending and latest.carried_from_id:
        previous = assessments.filter(pk=latest.carried_from_id).first()
        honest = previous is None or previous.score is None
        if not honest and (latest.score is None or latest.score > previous.score):
            latest = previous
    everything.exclude(pk=getattr(latest, "pk", None)).filter(is_latest=True).update(
        is_latest=False
    )
    if latest is None:
        return None
    if not latest.is_latest:
        assessments.filter(pk=latest.pk).update(is_latest=True)
    return latest.pk


@transaction.atomic
def carry_forward(assessment: Assessment, checklist: Checklist | None = None, reviewer=None):
    """Start an assessment against a newer version, copying answers to unchanged items.

    An item is unchanged when its code, section, question, weight and essential flag are equal.
    Changed and new items start as unknown, so the new score never silently reuses an answer to
    a different question. Until they are answered the new assessment is ``rereview_pending``
    and visitors see whichever of the two scores is lower (see :func:`refresh_latest`).
    Returns (new assessment, number of answers carried forward).
    """
    checklist = checklist or Checklist.in_force(assessment.checklist.locale)
    if checklist is None or checklist.version <= assessment.checklist.version:
        raise ValidationError(_("There is no newer published checklist version to carry to."))
    if Assessment.objects.filter(training_key=assessment.training_key, checklist=checklist):
        raise ValidationError(
            _("This training already has an assessment against version %(version)s.")
            % {"version": checklist.version}
        )
    new = Assessment.objects.create(
        training=assessment.training,
        training_key=assessment.training_key,
        checklist=checklist,
        reviewer=reviewer or assessment.reviewer,
        reviewed_on=timezone.localdate(),
        carried_from=assessment,
    )
    old_answers = {answer.item.code: answer for answer in assessment.answers.select_related("item")}
    carried = 0
    new_answers = []
    for item in checklist.items.all():
        old = old_answers.get(item.code)
        if old is not None and old.item.content_signature() == item.content_signature():
            carried += 1
            new_answers.append(
                Answer(
                    assessment=new,
                    item=item,
                    value=old.value,
                    second_value=old.second_value,
                    third_value=old.third_value,
                    evidence_note=old.evidence_note,
                    evidence_url=old.evidence_url,
                    source=old.source,
                    checked_on=old.checked_on,
                )
            )
        else:
            new_answers.append(Answer(assessment=new, item=item, value=UNKNOWN))
    Answer.objects.bulk_create(new_answers)
    recompute_assessment(new)
    return new, carried


def recompute_checklist(checklist: Checklist) -> int:
    """Recompute every assessment made against ``checklist`` (after its weights changed)."""
    count = 0
    for assessment in Assessment.objects.filter(checklist=checklist).select_related("checklist"):
        recompute_assessment(assessment, notes_changed=False)  # weights never change notes
        count += 1
    return count


# --- what visitors see --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorecardItem:
    code: str
    section: str
    section_title: str
    question: str
    weight: int
    essential: bool
    value: str
    value_label: str
    points: float | None
    evidence_note: str
    evidence_url: str
    source: str
    source_label: str
    #: The language of ``evidence_note`` when it is not yet translated into the page's ("").
    evidence_language: str
    checked_on: datetime.date | None
    reviewers_disagree: bool


@dataclass(frozen=True)
class ScorecardSection:
    code: str
    title: str
    score: float | None
    coverage: float


@dataclass(frozen=True)
class Scorecard:
    """A training's latest assessment as visitors see it, texts in the page's language."""

    assessment: Assessment
    score: float | None
    coverage: float
    band: str
    band_label: str
    version: int
    reviewed_on: datetime.date | None
    re_review_due: bool
    sections: tuple[ScorecardSection, ...]
    items: tuple[ScorecardItem, ...]

    @property
    def coverage_percent(self) -> int:
        return round(self.coverage * 100)


def localized_items(checklist: Checklist, locale) -> dict:
    """The checklist's items keyed by translation key, in ``locale`` when translated."""
    translated = checklist.localized_for(locale)
    return {item.translation_key: item for item in translated.items.all()}


def answer_text(value) -> str:
    """An answer as stored text: "2", "na" or "unknown"."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def build_scorecard(
    assessment: Assessment,
    answers,
    localized: dict,
    newest: int | None,
    notes=None,
    notes_language: str | None = None,
):
    """``notes`` maps answer id → evidence note in the visitor's language, where translated;
    the other notes are in ``notes_language`` (None: they are in the visitor's language)."""
    notes = notes or {}
    rows = []
    sections = {}
    for answer in answers:
        item = answer.item
        shown = localized.get(item.translation_key, item)
        value = answer.consensus_value
        try:
            points = answer_points(value)
        except ValueError:
            points = None
        label = ANSWER_LABELS.get(value, value)
        rows.append(
            ScorecardItem(
                code=item.code,
                section=item.section,
                section_title=shown.section_title,
                question=shown.question,
                weight=item.weight,
                essential=item.essential,
                value=answer_text(value),
                value_label=str(label),
                points=points,
                evidence_note=notes.get(answer.pk, answer.evidence_note),
                evidence_language=""
                if answer.pk in notes or not answer.evidence_note
                else (notes_language or ""),
                evidence_url=answer.evidence_url,
                source=answer.source,
                source_label=str(answer.get_source_display()) if answer.source else "",
                checked_on=answer.checked_on,
                reviewers_disagree=answer.reviewers_disagree,
            )
        )
        sections.setdefault(item.section, shown.section_title)
    section_rows = tuple(
        ScorecardSection(
            code=entry["section"],
            title=sections.get(entry["section"], entry["section"]),
            score=entry["score"],
            coverage=entry["coverage"],
        )
        for entry in assessment.section_scores
    )
    return Scorecard(
        assessment=assessment,
        score=assessment.score,
        coverage=assessment.coverage,
        band=assessment.band,
        band_label=str(BAND_LABELS.get(assessment.band, assessment.band)),
        version=assessment.checklist.version,
        reviewed_on=assessment.reviewed_on,
        re_review_due=assessment.rereview_pending
        or (newest is not None and assessment.checklist.version < newest),
        sections=section_rows,
        items=tuple(rows),
    )


def scorecard_for(page) -> Scorecard | None:
    """The latest assessment of ``page``'s training, or None if it has not been assessed."""
    assessment = (
        Assessment.objects.filter(training_key=page.translation_key, is_latest=True)
        .select_related("checklist", "checklist__locale", "training__locale")
        .first()
    )
    if assessment is None:
        return None
    answers = list(
        assessment.answers.select_related("item").order_by("item__sort_order", "item__pk")
    )
    localized = localized_items(assessment.checklist, page.locale)
    from .evidence import notes_for

    notes, notes_language = notes_for(assessment, page.locale_id)
    return build_scorecard(
        assessment, answers, localized, newest_published_version(), notes, notes_language
    )
