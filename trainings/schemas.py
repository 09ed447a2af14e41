"""Typed shapes of what the trainings API returns (pydantic, shared by api.py and api_fields)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from pydantic import BaseModel
from rest_framework import serializers


class ChecklistScoreSection(BaseModel):
    section: str
    title: str
    score: float | None
    coverage: float


class ChecklistScoreItem(BaseModel):
    code: str
    section: str
    question: str
    weight: int
    essential: bool
    answer: str
    points: float | None
    evidence_note: str
    evidence_url: str
    source: str
    reviewers_disagree: bool


class ChecklistScore(BaseModel):
    """A training's checklist score: ``coverage`` is a fraction 0..1, ``band`` a band code."""

    score: float | None
    coverage: float
    band: str
    band_label: str
    checklist_version: int
    reviewed_on: datetime.date | None
    re_review_due: bool
    sections: list[ChecklistScoreSection]
    items: list[ChecklistScoreItem]

    @classmethod
    def from_scorecard(cls, card) -> ChecklistScore:
        return cls(
            score=card.score,
            coverage=card.coverage,
            band=card.band,
            band_label=str(card.band_label),
            checklist_version=card.version,
            reviewed_on=card.reviewed_on,
            re_review_due=card.re_review_due,
            sections=[
                ChecklistScoreSection(
                    section=s.code, title=s.title, score=s.score, coverage=s.coverage
                )
                for s in card.sections
            ],
            items=[
                ChecklistScoreItem(
                    code=row.code,
                    section=row.section,
                    question=row.question,
                    weight=row.weight,
                    essential=row.essential,
                    answer=row.value,
                    points=row.points,
                    evidence_note=row.evidence_note,
                    evidence_url=row.evidence_url,
                    source=row.source,
                    reviewers_disagree=row.reviewers_disagree,
                )
                for row in card.items
            ],
        )


class ChecklistScoreField(serializers.Field):
    """Exposes ``TrainingPage.checklist_score`` through ``api_fields`` with a typed schema.

    Wagtail's API v3 types an ``APIField(serializer=...)`` from the return annotation of
    ``to_representation``, so the OpenAPI document describes the score precisely.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> ChecklistScore:
        return ChecklistScore.from_scorecard(value)


class TrainingSummary(BaseModel):
    """One training in ``GET /api/v3/trainings/``."""

    id: int
    title: str
    locale: str
    url: str | None
    summary: str
    format: str
    provider: str | None
    frameworks: list[str]
    languages: list[str]
    next_start: datetime.datetime | None
    cost: Decimal | None
    currency: str
    ce_credits: Decimal | None
    sliding_scale: bool
    scholarships: bool
    score: float | None
    coverage: float | None
    band: str | None
    checklist_version: int | None


class ChecklistItemOut(BaseModel):
    code: str
    section: str
    section_title: str
    question: str
    weight: int
    essential: bool
    guidance: dict[str, str]


class ChecklistOut(BaseModel):
    """The checklist in force, in the requested language when translated."""

    title: str
    version: int
    locale: str
    published_at: datetime.datetime | None
    introduction: str
    changelog: str
    items: list[ChecklistItemOut]
