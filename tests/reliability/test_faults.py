"""Faults: Redis going away, and a write failing half-way.

While Redis is unreachable pages keep serving (the default cache degrades to a miss), and the
writes that need a throttle are refused with a clear 503 (fail closed) instead of a 500 or an
uncounted write. When Redis answers again writes resume without a restart.
"""

import socket
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import DatabaseError

from practice_blog import services
from practice_blog.models import Comment, Rating, RatingSummary

from .conftest import comment_form, comments_url, post_json, ratings_url

OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_caches(location):
    return {
        "default": {
            "BACKEND": "practice_site.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": OPTIONS,
        },
        "throttles": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "OPTIONS": OPTIONS,
        },
    }


def redis_is_running(port=6379) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_down(settings):
    """Both caches pointed at a Redis port nobody listens on."""
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    yield settings
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_pages_keep_serving_while_redis_is_down(client, post, redis_down):
    assert client.get(post.url).status_code == 200
    assert client.get(post.get_parent().url).status_code == 200
    assert client.get(f"/api/v3/pages/{post.pk}/").status_code == 200


def test_the_rating_form_is_refused_politely_with_503_while_redis_is_down(client, post, redis_down):
    response = client.post(post.url + "rate/", {"stars": "4"})
    assert response.status_code == 503
    assert "technical problem" in response.content.decode()
    assert response["Retry-After"]
    assert not Rating.objects.exists()


def test_the_comment_form_is_refused_politely_with_503_while_redis_is_down(
    client, post, redis_down
):
    response = client.post(post.url + "comment/", comment_form())
    assert response.status_code == 503
    page = response.content.decode()
    assert "technical problem" in page
    assert "Thank you for writing this." in page  # the visitor's text is kept in the form
    assert not Comment.objects.exists()


def test_api_writes_are_503_problem_json_with_retry_after_while_redis_is_down(
    client, post, redis_down
):
    for url, data in [
        (ratings_url(post), {"stars": 5}),
        (comments_url(post), {"author_name": "Robin", "body": "Hello"}),
    ]:
        response = post_json(client, url, data)
        assert response.status_code == 503
        assert response["Content-Type"].startswith("application/problem+json")
        assert int(response["Retry-After"]) > 0
        assert "retry" in response.json()["detail"].lower()
    assert not Rating.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_writes_resume_when_redis_is_back_without_a_restart(client, post, settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    assert post_json(client, ratings_url(post), {"stars": 5}).status_code == 503
    try:
        settings.CACHES = redis_caches("redis://127.0.0.1:6379/9")  # Redis is back
        caches["throttles"].clear()
        assert post_json(client, ratings_url(post), {"stars": 5}).status_code == 201
        assert client.post(post.url + "comment/", comment_form()).status_code == 302
        assert Rating.objects.count() == 1
        assert Comment.objects.count() == 1
    finally:
        caches["throttles"].clear()
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_redis_failing_after_the_rating_is_written_rolls_the_rating_back(post, visitor):
    """The throttle counter is written inside the rating's transaction."""
    unavailable = services.throttles.ThrottlesUnavailable
    with (
        mock.patch("practice_core.throttles.record", side_effect=unavailable),
        pytest.raises(unavailable),
    ):
        services.rate(post, 4, visitor)
    assert not Rating.objects.exists()
    assert not RatingSummary.objects.filter(count__gt=0).exists()


def test_redis_failing_after_the_comment_is_written_rolls_the_comment_back(post, visitor):
    unavailable = services.throttles.ThrottlesUnavailable
    with (
        mock.patch("practice_core.throttles.record", side_effect=unavailable),
        pytest.raises(unavailable),
    ):
        services.submit_comment(post, author_name="Robin", body="Hello", visitor=visitor)
    assert not Comment.objects.exists()


def test_a_summary_update_failing_after_the_rating_insert_leaves_no_rating(post, visitor):
    real_filter = RatingSummary.objects.filter

    class Exploding:
        """The summary's queryset as it is, except that its update fails."""

        def __init__(self, queryset):
            self.queryset = queryset

        def __getattr__(self, name):
            return getattr(self.queryset, name)

        def update(self, **kwargs):
            raise DatabaseError("disk full")

    def filter_then_fail(*args, **kwargs):
        if "pk" in kwargs:
            return Exploding(real_filter(*args, **kwargs))
        return real_filter(*args, **kwargs)

    with (
        mock.patch.object(RatingSummary.objects, "filter", side_effect=filter_then_fail),
        pytest.raises(DatabaseError),
    ):
        services.rate(post, 4, visitor)
    assert not Rating.objects.exists()
    assert not RatingSummary.objects.filter(count__gt=0).exists()


def test_a_failed_rating_through_the_api_is_a_clean_error_and_the_next_one_counts(client, post):
    with (
        mock.patch.object(Rating.objects, "create", side_effect=DatabaseError("connection lost")),
        pytest.raises(DatabaseError),
    ):
        post_json(client, ratings_url(post), {"stars": 2})
    assert not Rating.objects.exists()
    assert post_json(client, ratings_url(post), {"stars": 2}).status_code == 201
    summary = RatingSummary.objects.get()
    assert (summary.count, summary.total, summary.count_2) == (1, 2, 1)
