"""Migration trainings.0012 moves the old "Evidence translations" rows into wagtail-localize."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("trainings", "0011_third_reviewer")]
AFTER = [("trainings", "0012_evidence_through_wagtail_localize")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_evidence_translations_become_published_wagtail_localize_translations(
    scored_training, locales
):
    from wagtail_localize.models import StringTranslation, Translation

    from trainings.models import Answer, Assessment, AssessmentEvidence
    from trainings.services import scorecard_for

    assessment = Assessment.objects.get(training_key=scored_training.translation_key)
    answer = Answer.objects.filter(assessment=assessment).exclude(evidence_note="").first()
    try:
        old_apps = _migrate(BEFORE)
        old_apps.get_model("trainings", "EvidenceTranslation").objects.create(
            answer_id=answer.pk, locale_id=locales["fr"].pk, evidence_note="Vu dans le programme."
        )
    finally:
        _migrate(AFTER)

    french = AssessmentEvidence.objects.get(assessment=assessment, locale=locales["fr"])
    assert french.live
    assert french.notes.get(answer=answer).note == "Vu dans le programme."
    assert Translation.objects.filter(
        source__object_id=french.translation_key, target_locale=locales["fr"]
    ).exists()
    assert StringTranslation.objects.filter(
        locale=locales["fr"], data="Vu dans le programme."
    ).exists()
    # An answer the old screen had not translated stays the source, for the page to mark.
    others = french.notes.exclude(answer=answer)
    assert all(note.note == note.answer.evidence_note for note in others)
    assert scorecard_for(scored_training).items  # the English page still reads its notes
