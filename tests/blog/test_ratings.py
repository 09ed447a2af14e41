"""Ratings: one per visitor per post, changeable, summarised atomically."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings

from practice_blog.models import Rating, RatingSummary, average_of
from practice_blog.services import rate
from practice_core.throttles import Throttled

from .conftest import visitor_named

pytestmark = pytest.mark.django_db


def test_a_first_rating_creates_the_summary(post, visitor):
    summary, created = rate(post, 4, visitor)
    assert created is True
    assert summary.as_dict() == {
        "count": 1,
        "average": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    }


def test_re_rating_changes_the_rating_instead_of_adding_one(post, visitor):
    rate(post, 2, visitor)
    summary, created = rate(post, 5, visitor)
    assert created is False
    assert summary.count == 1
    assert summary.total == 5
    assert summary.distribution == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1}
    assert Rating.objects.count() == 1


def test_the_average_is_rounded_to_one_decimal(post, blog_settings):
    for n, stars in enumerate([5, 4, 4, 4]):
        summary, _ = rate(post, stars, visitor_named(f"v{n}", blog_settings, network=f"n{n}"))
    assert summary.average == 4.3  # 4.25 rounds half up


def test_average_of_nobody_is_none():
    assert average_of(0, 0) is None
    assert average_of(3, 13) == 4.3
    assert average_of(12, 52) == 4.3


@pytest.mark.parametrize("stars", [0, 6, -1, 3.5, "5", True, None])
def test_the_service_refuses_anything_but_whole_stars_from_1_to_5(post, visitor, stars):
    with pytest.raises(ValidationError):
        rate(post, stars, visitor)
    assert Rating.objects.count() == 0
    assert RatingSummary.objects.count() == 0


def test_the_database_refuses_stars_outside_1_to_5(post):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            page=post,
            translation_key=post.translation_key,
            locale=post.locale,
            scope=str(post.translation_key),
            voter_key="x",
            stars=6,
        )


def test_a_voter_can_rate_a_post_only_once_in_the_database(post, visitor):
    rate(post, 3, visitor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            page=post,
            translation_key=post.translation_key,
            locale=post.locale,
            scope=str(post.translation_key),
            voter_key=visitor.voter_key,
            stars=4,
        )


def test_ratings_are_shared_by_a_posts_translations(post, spanish_post, blog_settings):
    spanish = spanish_post
    rate(post, 5, visitor_named("a", blog_settings))
    summary, created = rate(spanish, 3, visitor_named("b", blog_settings))
    assert summary.count == 2
    # The same visitor rating the translation changes their one rating.
    summary, created = rate(spanish, 1, visitor_named("a", blog_settings))
    assert created is False
    assert summary.count == 2
    assert post.rating_summary == spanish.rating_summary


@override_settings(PRACTICE_BLOG={"RATINGS_PER_LOCALE": True})
def test_a_setting_gives_each_translation_its_own_ratings(post, spanish_post, blog_settings):
    spanish = spanish_post
    rate(post, 5, visitor_named("a", blog_settings))
    summary, created = rate(spanish, 3, visitor_named("a", blog_settings))
    assert created is True
    assert summary.count == 1
    assert post.rating_summary["count"] == 1
    assert post.rating_summary["average"] == 5.0


def test_ratings_are_throttled_per_network(post, blog_settings):
    blog_settings.rating_rate_limits = "2/minute"
    blog_settings.save()
    rate(post, 5, visitor_named("a", blog_settings, network="same"))
    rate(post, 4, visitor_named("b", blog_settings, network="same"))
    with pytest.raises(Throttled) as caught:
        rate(post, 3, visitor_named("c", blog_settings, network="same"))
    assert 1 <= caught.value.retry_after <= 60
    assert Rating.objects.count() == 2
    rate(post, 3, visitor_named("d", blog_settings, network="other"))


def test_publishing_or_reverting_a_revision_keeps_the_ratings(post, visitor):
    old_revision = post.get_latest_revision()
    rate(post, 4, visitor)
    post.title = "A new title"
    post.save_revision().publish()
    old_revision.publish()
    post.refresh_from_db()
    assert post.rating_summary["count"] == 1


def test_copying_a_post_does_not_copy_its_ratings(post, visitor, blog_index):
    rate(post, 4, visitor)
    copy = post.copy(update_attrs={"slug": "copied", "title": "Copied"})
    assert copy.specific.rating_summary["count"] == 0


def test_recompute_ratings_rebuilds_the_summaries_from_the_ratings(post, blog_settings):
    for n, stars in enumerate([5, 4, 1]):
        rate(post, stars, visitor_named(f"v{n}", blog_settings, network=f"n{n}"))
    RatingSummary.objects.update(count=99, total=0, count_5=0)
    call_command("recompute_ratings", stdout=StringIO())
    summary = RatingSummary.objects.get()
    assert (summary.count, summary.total, summary.count_5, summary.count_1) == (3, 10, 1, 1)


def test_recompute_ratings_applies_a_change_of_scope(post, spanish_post, blog_settings):
    spanish = spanish_post
    with override_settings(PRACTICE_BLOG={"RATINGS_PER_LOCALE": True}):
        rate(post, 5, visitor_named("a", blog_settings))
        rate(spanish, 3, visitor_named("a", blog_settings))
    call_command("recompute_ratings", stdout=StringIO())
    # Shared again: the visitor's latest rating stands, counted once.
    assert post.rating_summary["count"] == 1
    assert post.rating_summary["average"] == 3.0
