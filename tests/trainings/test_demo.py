"""The trainings demo: what others rely on, and data that holds together (checklist versions
published before the assessments using them, sessions that match a programme's length, reviewers
who disagree). The demo is loaded once for the module (``demo_site`` in tests/conftest.py).
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from practice_trainings.models import Answer, Assessment, Checklist, TrainingPage

HOST = "127.0.0.1:8000"

# serialized_rollback: the migrated state is kept, to put back after the module's demo.
pytestmark = pytest.mark.django_db(serialized_rollback=True)


def test_the_trainings_demo_is_complete(demo_site, client):
    english = TrainingPage.objects.filter(locale__language_code="en")
    assert english.count() >= 8
    assert len(set(english.values_list("format", flat=True))) == 4
    assert Assessment.objects.filter(is_latest=True).count() == english.count()
    bands = set(Assessment.objects.filter(is_latest=True).values_list("band", flat=True))
    assert {"strong", "partial", "limited", "insufficient"} <= bands
    assert Checklist.in_force().version == 2
    assert Assessment.objects.filter(is_latest=True, checklist__version=1).count() == 1
    spanish = TrainingPage.objects.filter(locale__language_code="es")
    for slug in ("rooted-bodies", "attachment-across-cultures"):
        source = english.get(slug=slug)
        assert spanish.filter(translation_key=source.translation_key, live=True).exists()
    # every translation shares its training's assessment
    assert (
        Assessment.objects.filter(
            training_key__in=spanish.values("translation_key"), is_latest=True
        ).count()
        == spanish.count()
    )
    assert Checklist.objects.filter(version=2, locale__language_code="es").exists()

    assert client.get("/en/trainings/", HTTP_HOST=HOST).status_code == 200
    assert client.get("/es/formaciones/", HTTP_HOST=HOST).status_code == 200
    methodology = client.get("/es/como-puntuamos-las-formaciones/", HTTP_HOST=HOST)
    assert "Dimensiones integradoras" in methodology.content.decode()
    home = client.get("/en/", HTTP_HOST=HOST).content.decode()
    assert "Rooted Bodies" in home


def test_every_checklist_version_was_published_before_the_assessments_using_it(demo_site):
    versions = list(Checklist.objects.filter(locale__language_code="en").order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].published_at < versions[1].published_at <= timezone.now()
    for assessment in Assessment.objects.select_related("checklist"):
        assert timezone.localdate(assessment.checklist.published_at) <= assessment.reviewed_on
        assert assessment.reviewed_on <= timezone.localdate()
    for translation in Checklist.objects.exclude(locale__language_code="en"):
        source = next(v for v in versions if v.translation_key == translation.translation_key)
        assert translation.published_at == source.published_at


def test_an_assessment_against_the_old_version_predates_the_new_one(demo_site):
    old = Assessment.objects.get(is_latest=True, checklist__version=1)
    newest = Checklist.objects.get(version=2, locale__language_code="en")
    assert old.reviewed_on < timezone.localdate(newest.published_at)
    assert old.re_review_due


def test_session_dates_match_each_programme(demo_site):
    for training in TrainingPage.objects.filter(locale__language_code="en"):
        sessions = list(training.sessions.order_by("starts_at"))
        if training.format == "self_paced":
            assert sessions == [], training.slug
            continue
        assert sessions, training.slug
        assert all(s.starts_at > timezone.now() for s in sessions), training.slug
        assert all(s.starts_at < s.ends_at for s in sessions), training.slug
        # In days, rounded: a change to or from summer time moves the clock an hour.
        span = round((sessions[-1].starts_at - sessions[0].starts_at).total_seconds() / 86400)
        hours = sum((s.ends_at - s.starts_at).total_seconds() / 3600 for s in sessions)
        summary = training.summary.lower()
        if "five-day" in summary:
            assert (len(sessions), span) == (5, 4), training.slug
        if "two-day" in summary:
            assert (len(sessions), span) == (2, 1), training.slug
        if "six-month" in summary:
            assert len(sessions) == 6 and 140 <= span <= 183, training.slug
        # Listed sessions never add up to more than the programme's hours.
        assert Decimal(str(hours)) <= training.total_hours, training.slug


def test_the_reviewers_disagree_on_one_item_of_relational_repair_intensive(demo_site):
    assessment = Assessment.objects.get(training__slug="relational-repair-intensive")
    assert assessment.reviewer_id != assessment.second_reviewer_id
    disagreeing = [
        answer.item.code
        for answer in Answer.objects.filter(assessment=assessment).select_related("item")
        if answer.reviewers_disagree
    ]
    assert disagreeing == ["flexible-tools"]


def test_every_strong_answer_has_evidence(demo_site):
    strong = Answer.objects.filter(value__in=["2", "3"])
    assert strong.exists()
    assert not strong.filter(evidence_note="", evidence_url="").exists()
