"""New ratings and approved comments purge the post from a configured frontend cache."""

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from practice_blog import services
from practice_blog.models import Comment
from tests.blog.conftest import visitor_named

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def recording_cache(settings):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.blog.test_cache_purge.RecordingBackend"}
    }
    return PURGED


def test_a_rating_purges_the_post_and_its_api_detail(
    post, recording_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.rate(post, 4, visitor_named("ana"))
    assert post.get_full_url() in recording_cache
    assert any(url.endswith(f"/api/v3/pages/{post.pk}/") for url in recording_cache)


def test_approving_a_comment_purges_the_post_but_a_pending_one_does_not(
    post, recording_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = Comment.objects.create(
            page=post,
            translation_key=post.translation_key,
            locale=post.locale,
            author_name="Sam",
            body="Thanks",
        )
    assert recording_cache == []
    with django_capture_on_commit_callbacks(execute=True):
        comment.status = Comment.Status.APPROVED
        comment.save()
    assert any(url.endswith(f"/api/v3/pages/{post.pk}/comments/") for url in recording_cache)


def test_nothing_is_purged_without_a_frontend_cache(
    post, settings, django_capture_on_commit_callbacks
):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True):
        services.rate(post, 5, visitor_named("bo"))
    assert PURGED == []
