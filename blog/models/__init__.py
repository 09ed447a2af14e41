"""The blog's models, one module per concern.

Visitor data never lives on the page model: a page revision that is published or reverted brings
back every page field, and wagtail-localize replaces ParentalKey children on every sync. Ratings
and comments therefore point at ``wagtailcore.Page`` with a plain ForeignKey and carry the post's
``translation_key`` so they can be shared by, or told apart between, its translations.
"""

from .comments import Comment, CommentQuerySet
from .followers import Follower, FollowerDelivery
from .pages import (
    BlogIndexPage,
    BlogPostPage,
    BlogPostTag,
    estimate_reading_time,
    rating_summary_subquery,
    with_card_figures,
)
from .ratings import Rating, RatingSummary, average_of, ratings_per_locale
from .site_setting import BlogSettings, validate_rate_limits
from .snippets import Author, BlogCategory, ShownTag, TagName, localized, tag_names

__all__ = [
    "Author",
    "BlogCategory",
    "BlogIndexPage",
    "BlogPostPage",
    "BlogPostTag",
    "BlogSettings",
    "Comment",
    "CommentQuerySet",
    "Follower",
    "FollowerDelivery",
    "Rating",
    "RatingSummary",
    "ShownTag",
    "TagName",
    "average_of",
    "estimate_reading_time",
    "localized",
    "rating_summary_subquery",
    "ratings_per_locale",
    "tag_names",
    "validate_rate_limits",
    "with_card_figures",
]
