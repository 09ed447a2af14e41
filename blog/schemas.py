"""Typed shapes of the blog's API data (pydantic, via django-ninja's Schema).

The page detail endpoint of Wagtail's API v3 types a plain property as ``Any``; declaring the
post's ``rating_summary`` and ``comment_count`` through these fields gives the OpenAPI document
their real shape (v3 reads the return annotation of ``to_representation``).
"""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt, StrictStr
from rest_framework.fields import ReadOnlyField

StarKey = Literal["1", "2", "3", "4", "5"]


class RatingSummarySchema(Schema):
    """How a post has been rated: how many ratings, their average (one decimal) and spread."""

    count: int
    average: float | None
    distribution: dict[StarKey, int]


class RatingIn(Schema):
    """A visitor's rating: whole stars from 1 to 5, nothing else."""

    model_config = ConfigDict(extra="forbid")

    stars: Annotated[StrictInt, Field(ge=1, le=5)]


class CommentIn(Schema):
    """A visitor's comment. The email is optional, never shown and never returned."""

    model_config = ConfigDict(extra="forbid")

    author_name: Annotated[StrictStr, Field(min_length=1, max_length=80)]
    body: Annotated[StrictStr, Field(min_length=1, max_length=3000)]
    email: Annotated[StrictStr, Field(max_length=254)] | None = None


class CommentOut(Schema):
    """An approved comment as the public sees it (no email, no moderation details)."""

    id: int
    author_name: str
    body: str
    created: datetime
    parent_id: int | None
    is_practice_reply: bool
    locale: str

    @staticmethod
    def resolve_locale(obj) -> str:
        return obj.locale.language_code


class CommentAccepted(Schema):
    status: Literal["pending", "approved"]


class RatingSummaryField(ReadOnlyField):
    """Serialises ``BlogPostPage.rating_summary`` for the API, typed for the OpenAPI document."""

    def to_representation(self, value) -> RatingSummarySchema:
        return value


class CommentCountField(ReadOnlyField):
    """Serialises ``BlogPostPage.comment_count`` (approved comments in the post's language)."""

    def to_representation(self, value) -> int:
        return value
