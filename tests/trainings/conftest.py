"""Fixtures for the trainings plugin: a directory under the home page, trainings, assessments."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from practice_trainings.models import (
    Answer,
    Assessment,
    Checklist,
    Framework,
    Provider,
    TrainingIndexPage,
    TrainingLanguage,
    TrainingPage,
    TrainingSession,
)
from practice_trainings.services import ensure_answers, recompute_assessment

_counter = itertools.count(1)


@pytest.fixture
def seeded(locales):
    """The data migration's checklist and frameworks (re-seeded if a flush removed them)."""
    from importlib import import_module

    from django.apps import apps

    import_module("practice_trainings.migrations.0002_default_checklist").seed(apps, None)


@pytest.fixture
def checklist(seeded):
    """The default checklist seeded by the data migration (version 1, nine items)."""
    return Checklist.in_force()


@pytest.fixture
def training_index(home, seeded):
    index = TrainingIndexPage(title="Trainings", slug="trainings", per_page=5)
    home.add_child(instance=index)
    index.save_revision().publish()
    return TrainingIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def provider(locales):
    return Provider.objects.create(
        name="Riverbank Institute", website="https://riverbank.example", locale=locales["en"]
    )


@pytest.fixture
def make_training(training_index, provider):
    """Create and publish a training page under the index; keyword arguments set its fields."""

    def make(
        title=None, frameworks=(), languages=("en",), starts_in_days=None, parent=None, **fields
    ):
        number = next(_counter)
        title = title or f"Training {number}"
        fields.setdefault("summary", f"Summary of {title}.")
        fields.setdefault("provider", provider)
        page = TrainingPage(title=title, slug=f"training-{number}", **fields)
        (parent or training_index).add_child(instance=page)
        for slug in frameworks:
            page.frameworks.add(Framework.objects.get(slug=slug, locale=page.locale))
        for code in languages:
            page.languages_offered.add(TrainingLanguage(language=code))
        if starts_in_days is not None:
            start = timezone.now() + datetime.timedelta(days=starts_in_days)
            page.sessions.add(
                TrainingSession(
                    starts_at=start, ends_at=start + datetime.timedelta(hours=3), time_zone="UTC"
                )
            )
        page.save_revision().publish()
        return TrainingPage.objects.get(pk=page.pk)

    return make


def assess(training, answers, checklist=None, **fields):
    """Assess ``training``: ``answers`` maps item code → value ("0".."3", "na", "unknown").

    Any item not named is answered with ``default`` (fields.pop("default", "unknown")).
    """
    checklist = checklist or Checklist.in_force()
    default = fields.pop("default", "unknown")
    assessment = Assessment.objects.create(training=training, checklist=checklist, **fields)
    ensure_answers(assessment)
    rows = list(Answer.objects.filter(assessment=assessment).select_related("item"))
    for answer in rows:
        answer.value = str(answers.get(answer.item.code, default))
        if answer.value in ("2", "3"):
            answer.evidence_note = f"Seen in the syllabus for {answer.item.code}."
            answer.source = "syllabus"
    # One bulk write and one rescore (saving each answer would rescore nine times).
    Answer.objects.bulk_update(rows, ["value", "evidence_note", "source"])
    return recompute_assessment(Assessment.objects.get(pk=assessment.pk))


@pytest.fixture
def assess_training():
    return assess


def all_items(checklist, value):
    return {item.code: value for item in checklist.items.all()}


@pytest.fixture
def scored_training(make_training, checklist):
    """A training assessed "3" everywhere except one item at "2": a strong score."""
    training = make_training(
        title="Roots and Rhythms",
        frameworks=["polyvagal-theory", "somatic-awareness"],
        languages=("en", "es"),
        starts_in_days=20,
        format="hybrid",
        cost=Decimal("450.00"),
        currency="USD",
        ce_credits=Decimal("12"),
        ce_approving_body="Board of Example",
        sliding_scale=True,
        location="Oakland, CA",
        total_hours=Decimal("24"),
        registration_url="https://riverbank.example/register",
    )
    answers = all_items(checklist, "3")
    answers["ways-of-knowing"] = "2"
    assess(training, answers)
    return training
