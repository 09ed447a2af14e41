"""The blog's demo content: posts, comments and ratings others rely on, with plausible dates.

The demo is loaded once for the module (``demo_site`` in tests/conftest.py).
"""

import pytest
from django.utils import timezone

from practice_blog.models import BlogPostPage, Comment, Rating

HOST = "127.0.0.1:8000"

# serialized_rollback: the migrated state is kept, to put back after the module's demo.
pytestmark = pytest.mark.django_db(serialized_rollback=True)


def test_the_blog_demo_has_posts_comments_and_ratings(demo_site, client):
    english_posts = BlogPostPage.objects.filter(locale__language_code="en", live=True)
    assert english_posts.count() >= 4
    assert Comment.objects.filter(status=Comment.Status.PENDING).exists()
    assert Comment.objects.filter(is_practice_reply=True, status="approved").exists()
    assert Rating.objects.count() >= 30
    spanish = BlogPostPage.objects.get(
        locale__language_code="es",
        translation_key=english_posts.get(slug__startswith="choosing").translation_key,
    )
    assert spanish.title.startswith("Elegir una formación")
    assert spanish.live

    response = client.get(spanish.url, HTTP_HOST=HOST)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Terapeuta y responsable clínica" in content
    response = client.get("/en/journal/", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert "out of 5" in response.content.decode()


def test_comments_come_after_their_post_and_before_today(demo_site):
    now = timezone.now()
    for comment in Comment.objects.select_related("page"):
        post = comment.page.specific
        assert post.publication_date <= timezone.localdate(comment.created), comment
        assert comment.created <= now, comment
        if comment.parent_id:
            assert comment.parent.created < comment.created, comment
        if comment.moderated_at:
            assert comment.created <= comment.moderated_at <= now, comment


def test_ratings_come_after_their_post_and_before_today(demo_site):
    now = timezone.now()
    for rating in Rating.objects.select_related("page"):
        post = rating.page.specific
        assert (
            post.publication_date <= timezone.localdate(rating.created) <= timezone.localdate(now)
        )
        assert rating.created == rating.updated


def test_pending_comments_are_recent_and_approved_ones_were_moderated(demo_site):
    for comment in Comment.objects.filter(status=Comment.Status.PENDING):
        assert (timezone.now() - comment.created).days < 14, comment
        assert comment.moderated_at is None
    for comment in Comment.objects.filter(status=Comment.Status.APPROVED):
        assert comment.moderated_at is not None, comment


def test_a_spanish_visitor_reads_a_comment_written_in_spanish(demo_site, client):
    spanish = Comment.objects.get(locale__language_code="es", author_name="Marisol")
    content = client.get(spanish.page.url, HTTP_HOST=HOST).content.decode()
    assert spanish.body in content
