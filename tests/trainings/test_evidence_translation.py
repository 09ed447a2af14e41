"""Evidence notes are translated with wagtail-localize like every other text (issue 16 item 4)."""

import pytest
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from practice_trainings.evidence import import_translated_notes, notes_for, sync_evidence
from practice_trainings.models import Answer, Assessment, AssessmentEvidence, EvidenceNote
from practice_trainings.services import recompute_assessment, scorecard_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_training(scored_training, locales, django_capture_on_commit_callbacks):
    from practice_site.demo.translation import translate

    with django_capture_on_commit_callbacks(execute=True):
        translate(scored_training.get_parent(), locales["es"], {})
        return translate(scored_training, locales["es"], {})


def _assessment(training):
    return Assessment.objects.get(training_key=training.translation_key)


def _row(card, code):
    return next(row for row in card.items if row.code == code)


def test_assessing_mirrors_every_evidence_note_into_one_translatable_snippet(scored_training):
    assessment = _assessment(scored_training)
    evidence = AssessmentEvidence.objects.get(assessment=assessment)
    noted = Answer.objects.filter(assessment=assessment).exclude(evidence_note="")
    assert evidence.locale == scored_training.locale
    assert evidence.live
    assert {(n.answer_id, n.note) for n in evidence.notes.all()} == {
        (a.pk, a.evidence_note) for a in noted
    }


def test_a_changed_note_keeps_its_translation_key_and_a_cleared_one_leaves(scored_training):
    assessment = _assessment(scored_training)
    first, second = Answer.objects.filter(assessment=assessment).exclude(evidence_note="")[:2]
    key = EvidenceNote.objects.get(answer=first).translation_key
    Answer.objects.filter(pk=first.pk).update(evidence_note="Seen in the second module.")
    Answer.objects.filter(pk=second.pk).update(evidence_note="", value="unknown")
    recompute_assessment(assessment)
    note = EvidenceNote.objects.get(answer=first)
    assert (note.translation_key, note.note) == (key, "Seen in the second module.")
    assert not EvidenceNote.objects.filter(answer=second).exists()


def test_a_published_translation_is_what_the_spanish_page_shows(spanish_training, locales):
    assessment = _assessment(spanish_training)
    answer = Answer.objects.get(assessment=assessment, item__code="whole-person")
    import_translated_notes(assessment, locales["es"], {answer.pk: "Se ve en el programa."})
    spanish = _row(scorecard_for(spanish_training), "whole-person")
    english = _row(scorecard_for(spanish_training.get_translation(locales["en"])), "whole-person")
    assert (spanish.evidence_note, spanish.evidence_language) == ("Se ve en el programa.", "")
    assert (english.evidence_note, english.evidence_language) == (answer.evidence_note, "")
    # It went through wagtail-localize: a Translation with the translator's string.
    translation = Translation.objects.get(
        source__object_id=AssessmentEvidence.objects.get(
            assessment=assessment, locale=locales["en"]
        ).translation_key,
        target_locale=locales["es"],
    )
    assert StringTranslation.objects.filter(
        locale=locales["es"], data="Se ve en el programa."
    ).exists()
    assert translation.get_progress() == (
        EvidenceNote.objects.filter(evidence__locale=locales["en"]).count(),
        1,
    )


def test_an_untranslated_note_is_shown_marked_with_the_source_language(
    spanish_training, client, locales
):
    row = _row(scorecard_for(spanish_training), "whole-person")
    assert row.evidence_language == "en"
    html = client.get(spanish_training.url).content.decode()
    assert f'<span lang="en">{row.evidence_note}</span>' in html
    assert "(aún sin traducir)" in html


def test_a_draft_translation_is_not_shown_until_its_translator_publishes_it(
    spanish_training, locales
):
    assessment = _assessment(spanish_training)
    answer = Answer.objects.get(assessment=assessment, item__code="whole-person")
    import_translated_notes(assessment, locales["es"], {answer.pk: "Borrador."}, publish=False)
    assert notes_for(assessment, locales["es"])[0] == {}
    row = _row(scorecard_for(spanish_training), "whole-person")
    assert (row.evidence_note, row.evidence_language) == (answer.evidence_note, "en")


def test_a_source_change_keeps_the_published_translation_until_it_is_republished(
    spanish_training, locales
):
    assessment = _assessment(spanish_training)
    answer = Answer.objects.get(assessment=assessment, item__code="whole-person")
    import_translated_notes(assessment, locales["es"], {answer.pk: "Se ve en el programa."})
    Answer.objects.filter(pk=answer.pk).update(evidence_note="Seen in the new syllabus.")
    recompute_assessment(assessment)
    # wagtail-localize's source now holds the new text for the translator to translate...
    source = TranslationSource.objects.get(
        object_id=AssessmentEvidence.objects.get(
            assessment=assessment, locale=locales["en"]
        ).translation_key
    )
    assert "Seen in the new syllabus." in source.content_json
    # ...while visitors keep the translation the translator published.
    assert _row(scorecard_for(spanish_training), "whole-person").evidence_note == (
        "Se ve en el programa."
    )
    import_translated_notes(assessment, locales["es"], {answer.pk: "Se ve en el nuevo programa."})
    assert _row(scorecard_for(spanish_training), "whole-person").evidence_note == (
        "Se ve en el nuevo programa."
    )


def test_the_api_names_the_language_of_an_untranslated_note(spanish_training, client):
    body = client.get(f"/api/v3/pages/{spanish_training.pk}/").json()
    items = {item["code"]: item for item in body["checklist_score"]["items"]}
    assert items["whole-person"]["evidence_language"] == "en"
    assert items["whole-person"]["evidence_note"]


def test_an_assessment_without_notes_has_no_evidence_to_translate(make_training, checklist):
    from tests.trainings.conftest import assess

    assessment = assess(make_training(), {})
    assert sync_evidence(assessment) is None
    assert not AssessmentEvidence.objects.filter(assessment=assessment).exists()


def test_nobody_adds_or_deletes_evidence_notes_by_hand(scored_training, admin_client):
    evidence = AssessmentEvidence.objects.get(assessment=_assessment(scored_training))
    add = reverse("wagtailsnippets_practice_trainings_assessmentevidence:add")
    assert admin_client.get(add).status_code in (
        302,
        403,
    )
    delete = reverse(
        "wagtailsnippets_practice_trainings_assessmentevidence:delete", args=[evidence.pk]
    )
    admin_client.post(delete)
    assert AssessmentEvidence.objects.filter(pk=evidence.pk).exists()


def test_the_old_evidence_translations_screen_is_gone(admin_client):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("trainings_evidence_translation:index")


@pytest.fixture
def sync_calls(monkeypatch):
    """The assessments whose evidence snippet was brought in step (the real function runs)."""
    from practice_trainings import evidence

    calls = []
    real = evidence.sync_evidence

    def spy(assessment):
        calls.append(assessment.pk)
        return real(assessment)

    monkeypatch.setattr(evidence, "sync_evidence", spy)
    return calls


def test_a_weight_change_rescores_without_touching_the_evidence_notes(
    scored_training, checklist, sync_calls
):
    from practice_trainings.services import recompute_checklist

    assert recompute_checklist(checklist) == 1
    assert sync_calls == []


def test_saving_the_same_notes_again_leaves_the_evidence_snippet_alone(scored_training, sync_calls):
    from practice_trainings.services import save_answers

    assessment = _assessment(scored_training)
    save_answers(assessment, list(assessment.answers.all()), publish=True)
    assert sync_calls == []


def test_saving_a_changed_note_brings_the_evidence_snippet_in_step(scored_training, sync_calls):
    from practice_trainings.services import save_answers

    assessment = _assessment(scored_training)
    answers = list(assessment.answers.exclude(evidence_note=""))
    answers[0].evidence_note = "Seen in the third module."
    save_answers(assessment, answers, publish=True)
    assert sync_calls == [assessment.pk]
    assert EvidenceNote.objects.get(answer=answers[0]).note == "Seen in the third module."
