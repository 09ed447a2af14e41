"""Evidence notes in every language, translated with wagtail-localize like every other text.

An answer's evidence note is written once, on the assessing screen, in the language of the
training's source page (the assessment is shared by every translation of the training). The notes
of an assessment are mirrored into one translatable snippet, :class:`AssessmentEvidence`, so
translators translate them in wagtail-localize's editor or a PO file, and the translation status
report counts them, exactly like a provider's accreditation or a checklist's questions.

- :func:`sync_evidence` keeps the source snippet in step with the answers (called when an
  assessment is recomputed after a note may have changed: an answer saved, the assessing screen
  or an import saving changed notes, answers carried forward; not when only a weight changed or
  the screen saved the same notes). When the snippet already has
  translations, wagtail-localize's source is refreshed, so translators see the changed notes as
  new segments; visitors keep the translator's published text until the translator publishes
  the update (the same rule as pages).
- :func:`notes_for` gives the notes a visitor reads in a language: the published translation, or
  the source text with its language, for the page to mark as not yet translated.
- :func:`import_translated_notes` records existing translations through wagtail-localize (a
  Translation and its StringTranslations, written by ``practice_core.manual_translation`` as
  the demo's translations are), used by the data migration that retired the separate
  "Evidence translations" screen and by the demo loader.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Locale

from .models import Answer, Assessment, AssessmentEvidence, EvidenceNote


def _source_locale(assessment: Assessment) -> Locale:
    return assessment.training.locale


def source_evidence(assessment: Assessment) -> AssessmentEvidence | None:
    """The assessment's evidence notes in its source language, if it has any."""
    return AssessmentEvidence.objects.filter(
        assessment=assessment, locale=_source_locale(assessment)
    ).first()


@transaction.atomic
def sync_evidence(assessment: Assessment) -> AssessmentEvidence | None:
    """Mirror the assessment's evidence notes into its source :class:`AssessmentEvidence`.

    A note keeps its translation key while its answer keeps a note, so a translation made
    earlier still matches it. Returns the source snippet (None when no answer has a note).
    """
    answers = [
        answer
        for answer in Answer.objects.filter(assessment=assessment).order_by(
            "item__sort_order", "item__pk"
        )
        if answer.evidence_note.strip()
    ]
    evidence = source_evidence(assessment)
    if evidence is None:
        if not answers:
            return None
        evidence = AssessmentEvidence(
            assessment=assessment, locale=_source_locale(assessment), live=True
        )
    existing = {note.answer_id: note for note in evidence.notes.all()} if evidence.pk else {}
    wanted = []
    changed = evidence.pk is None or set(existing) != {answer.pk for answer in answers}
    for order, answer in enumerate(answers):
        note = existing.get(answer.pk) or EvidenceNote(answer=answer, locale=evidence.locale)
        if note.note != answer.evidence_note or note.sort_order != order:
            changed = True
        note.note = answer.evidence_note
        note.sort_order = order
        wanted.append(note)
    if not changed:
        return evidence
    evidence.notes = wanted
    evidence.live = True
    evidence.save()
    _refresh_translation_source(evidence)
    return evidence


def _refresh_translation_source(evidence: AssessmentEvidence) -> None:
    """Let wagtail-localize see the changed source, when the notes are being translated."""
    from wagtail_localize.models import TranslationSource

    if TranslationSource.objects.filter(
        object_id=evidence.translation_key, specific_content_type=_content_type()
    ).exists():
        TranslationSource.update_or_create_from_instance(evidence)


def _content_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(AssessmentEvidence)


def notes_for(assessment: Assessment, locale) -> tuple[dict[int, str], str | None]:
    """The notes visitors read in ``locale``: ``({answer id: note}, source language)``.

    The first maps answers to their note in ``locale`` where a translator has published one; the
    second is the language of the untranslated notes (None when ``locale`` is the source
    language, so nothing needs marking). Two queries at most.
    """
    source = _source_locale(assessment)
    locale_id = getattr(locale, "pk", locale)
    if locale_id == source.pk:
        return {}, None
    translated = EvidenceNote.objects.filter(
        evidence__assessment=assessment, evidence__locale_id=locale_id, evidence__live=True
    ).values_list("answer_id", "note")
    return dict(translated), source.language_code


@transaction.atomic
def import_translated_notes(
    assessment: Assessment, locale: Locale, notes: dict[int, str], user=None, publish=True
) -> AssessmentEvidence | None:
    """Record translated evidence notes (answer id → text in ``locale``) with wagtail-localize.

    The result is what a translator would leave in the editor: a Translation of the source
    snippet with one StringTranslation per note, its target saved (and published when
    ``publish``). Notes of answers without one keep wagtail-localize's fallback (the source).
    """
    from practice_core.manual_translation import record_translation

    evidence = sync_evidence(assessment)
    if evidence is None:
        return None
    by_key = {str(note.translation_key): note.answer_id for note in evidence.notes.all()}

    def text_for(segment):
        # A note's segment path is "notes.<note translation key>.note".
        parts = segment.context.path.split(".")
        answer_id = by_key.get(parts[1]) if len(parts) == 3 else None
        return (notes.get(answer_id) or None) if answer_id is not None else None

    translation = record_translation(evidence, locale, text_for, user=user)
    translation.save_target(user=user, publish=publish)
    return evidence.get_translation(locale)
