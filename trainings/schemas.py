"""Typed shapes of what the trainings API returns (pydantic, shared by api.py and api_fields)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field
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
    evidence_language: str = Field(
        "",
        description="The language of evidence_note when it is not yet translated into the "
        "requested page's language; empty when it is.",
    )
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
                    evidence_language=row.evidence_language,
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
    re_review_due: bool = False


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


# --------------------------------------------------------------------------------------------
# Page detail fields: description blocks, provider, frameworks, sessions, languages
# --------------------------------------------------------------------------------------------

DESCRIPTION_IMAGE_RENDITION = "max-1200x1200"


class TrainingRendition(BaseModel):
    url: str
    width: int
    height: int


class TrainingImage(BaseModel):
    """An image with its alternative text (empty when decorative) and one rendition."""

    id: int
    title: str
    alt: str
    rendition: TrainingRendition


class ModuleValue(BaseModel):
    title: str
    summary: str  # HTML


class TrainingQuoteValue(BaseModel):
    quote: str
    attribution: str


class TrainingParagraphBlock(BaseModel):
    """Rich text as HTML ready to insert (internal links resolved)."""

    type: Literal["paragraph"]
    id: str
    value: str


class TrainingModuleBlock(BaseModel):
    type: Literal["module"]
    id: str
    value: ModuleValue


class TrainingQuoteBlock(BaseModel):
    type: Literal["quote"]
    id: str
    value: TrainingQuoteValue


class TrainingImageBlock(BaseModel):
    type: Literal["image"]
    id: str
    value: TrainingImage


TrainingDescriptionBlockOut = Annotated[
    TrainingParagraphBlock | TrainingModuleBlock | TrainingQuoteBlock | TrainingImageBlock,
    Field(discriminator="type"),
]


def training_image(image) -> TrainingImage:
    rendition = image.get_rendition(DESCRIPTION_IMAGE_RENDITION)
    if getattr(image, "decorative", False):
        alt = ""
    else:
        alt = getattr(image, "contextual_alt_text", None) or image.title
    return TrainingImage(
        id=image.pk,
        title=image.title,
        alt=alt,
        rendition=TrainingRendition(
            url=rendition.url, width=rendition.width, height=rendition.height
        ),
    )


def description_block(block):
    block_id = str(block.id or "")
    value = block.value
    if block.block_type == "paragraph":
        return TrainingParagraphBlock(type="paragraph", id=block_id, value=str(value))
    if block.block_type == "module":
        return TrainingModuleBlock(
            type="module",
            id=block_id,
            value=ModuleValue(title=value["title"], summary=str(value["summary"])),
        )
    if block.block_type == "quote":
        return TrainingQuoteBlock(
            type="quote",
            id=block_id,
            value=TrainingQuoteValue(quote=value["quote"], attribution=value["attribution"] or ""),
        )
    if block.block_type == "image" and value is not None:
        return TrainingImageBlock(type="image", id=block_id, value=training_image(value))
    return None


class TrainingDescriptionField(serializers.Field):
    """A training's description as typed blocks ``{"type", "id", "value"}``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> list[TrainingDescriptionBlockOut]:
        blocks = (description_block(block) for block in value)
        return [block for block in blocks if block is not None]


class ProviderRef(BaseModel):
    """A training's provider, in the page's language when translated."""

    name: str
    website: str
    accreditation: str


class FrameworkRef(BaseModel):
    name: str
    slug: str


class SessionOut(BaseModel):
    """A scheduled session; times are absolute (UTC offset included), ``time_zone`` is where
    the session takes place, for display."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    time_zone: str


class LanguageOffered(BaseModel):
    code: str
    name: str


class _ReadOnly(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class ProviderField(_ReadOnly):
    def to_representation(self, value) -> ProviderRef:
        return ProviderRef(**value)


class FrameworksField(_ReadOnly):
    def to_representation(self, value) -> list[FrameworkRef]:
        return [FrameworkRef(**item) for item in value]


class SessionsField(_ReadOnly):
    def to_representation(self, value) -> list[SessionOut]:
        return [SessionOut(**item) for item in value]


class LanguagesOfferedField(_ReadOnly):
    def to_representation(self, value) -> list[LanguageOffered]:
        return [LanguageOffered(**item) for item in value]


class LabelsField(_ReadOnly):
    """A list of (translated) labels."""

    def to_representation(self, value) -> list[str]:
        return [str(label) for label in value]


class ProviderOut(BaseModel):
    """A training provider, public details only."""

    id: int
    locale: str
    name: str
    website: str
    accreditation: str


class FrameworkOut(BaseModel):
    """A therapeutic framework trainings are filtered by (``?framework=<slug>``)."""

    id: int
    locale: str
    name: str
    slug: str
    description: str


class ProviderList(BaseModel):
    count: int
    items: list[ProviderOut]


class FrameworkList(BaseModel):
    count: int
    items: list[FrameworkOut]
