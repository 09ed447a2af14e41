"""The blog index is served from the whole-page cache to visitors without a session, and shows
a new post, rating or comment at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice_blog.models import Comment
from practice_blog.services import rate

from .conftest import visitor_named

pytestmark = pytest.mark.django_db


def test_a_warm_index_is_served_from_the_cache(client, post_factory, blog_index):
    post_factory(title="Listed")
    client.get(blog_index.url)
    with CaptureQueriesContext(connection) as queries:
        content = client.get(blog_index.url).content.decode()
    assert "Listed" in content
    assert not any("practice_blog_blogpostpage" in q["sql"] for q in queries)


def test_a_new_rating_and_an_approved_comment_show_at_once(
    client, post_factory, blog_index, blog_settings
):
    post = post_factory(title="Rated")
    assert "No ratings yet" in client.get(blog_index.url).content.decode()
    rate(post, 4, visitor_named("v1", blog_settings))
    assert "4.0 out of 5 · 1 rating" in client.get(blog_index.url).content.decode()
    comment = Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="A",
        body="Held",
        status=Comment.Status.PENDING,
    )
    assert "0 comments" in client.get(blog_index.url).content.decode()
    comment.moderate(Comment.Status.APPROVED, None)
    assert "1 comment" in client.get(blog_index.url).content.decode()


def test_a_newly_published_post_appears(client, post_factory, blog_index):
    post_factory(title="First post")
    client.get(blog_index.url)
    post_factory(title="Second post")
    assert "Second post" in client.get(blog_index.url).content.decode()


def test_pages_and_filters_are_cached_apart(client, post_factory, blog_index):
    blog_index.posts_per_page = 1
    blog_index.save_revision().publish()
    older = post_factory(title="Older", days_ago=3)
    older.tags.add("grief")
    older.save_revision().publish()
    post_factory(title="Newer", days_ago=1)
    for _ in range(2):  # the second round comes from the cache
        assert "Newer" in client.get(blog_index.url).content.decode()
        assert "Older" in client.get(blog_index.url, {"page": 2}).content.decode()
        tagged = client.get(blog_index.url, {"tag": "grief"}).content.decode()
        assert "Older" in tagged and "Newer" not in tagged
    # Other parameters are not cached (and still work).
    assert client.get(blog_index.url, {"utm_source": "x"}).status_code == 200
    assert client.get(blog_index.url, {"page": 9}).status_code == 404
