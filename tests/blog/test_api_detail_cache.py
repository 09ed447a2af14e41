"""The post's API detail: its visitor-independent extras are cached per published revision,
its rating summary and comment count never are (performance issue)."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from practice_blog import schemas
from practice_blog.models import BlogPostPage, Comment
from practice_blog.ratings import post_figures
from practice_site.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db

# Wagtail's own lookup of the page (view restrictions, site, its root's translations, the page,
# its specific row: seven queries) plus one for the rating summary and comment count.
WARM_POST_DETAIL_QUERIES = 8


def detail(client, page, **params):
    response = client.get(f"/api/v3/pages/{page.pk}/", params)
    assert response.status_code == 200, response.content
    return response.json()


def paragraphs(data):
    return [block["value"] for block in data["body"] if block["type"] == "paragraph"]


def publish_paragraph(post, html):
    post = BlogPostPage.objects.get(pk=post.pk)
    post.body = [("paragraph", html)]
    post.save_revision().publish()
    return post


def test_a_warm_post_detail_reads_its_extras_from_the_cache(client, post, author):
    post.authors.add(author)
    post.save_revision().publish()
    first = detail(client, post)
    with CaptureQueriesContext(connection) as queries:
        second = detail(client, post)
    assert second == first
    assert len(queries) <= WARM_POST_DETAIL_QUERIES
    assert first["authors"][0]["name"] == "Dana Reyes"


def test_the_cached_extras_are_what_a_fresh_serialisation_gives(client, post):
    detail(client, post)
    live = BlogPostPage.objects.get(pk=post.pk)
    assert cache.get(schemas.post_extras_key(live)) == schemas.build_post_extras(live)


def test_a_published_change_shows_at_once(client, post):
    detail(client, post)
    publish_paragraph(post, "<p>Revised advice.</p>")
    assert paragraphs(detail(client, post)) == ["<p>Revised advice.</p>"]


def test_a_draft_neither_reads_nor_fills_the_live_entry(client, post):
    live_paragraphs = paragraphs(detail(client, post))
    page = BlogPostPage.objects.get(pk=post.pk)
    page.body = [("paragraph", "<p>Unpublished thoughts.</p>")]
    page.save_revision()
    draft = BlogPostPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert schemas.post_extras_key(draft) is None
    draft_body = schemas.post_extras(draft)["body"]
    assert [block["value"] for block in draft_body] == ["<p>Unpublished thoughts.</p>"]
    assert paragraphs(detail(client, post)) == live_paragraphs


def test_ratings_and_approved_comments_show_at_once(client, post):
    assert detail(client, post)["rating_summary"]["count"] == 0
    response = client.post(
        f"/api/v3/pages/{post.pk}/ratings/", json.dumps({"stars": 4}), "application/json"
    )
    assert response.status_code == 201
    comment = Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Sam",
        body="Helpful.",
        status=Comment.Status.PENDING,
    )
    data = detail(client, post)
    assert data["rating_summary"]["count"] == 1
    assert data["rating_summary"]["average"] == 4.0
    assert data["comment_count"] == 0
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert detail(client, post)["comment_count"] == 1


def test_each_language_has_its_own_entry(post):
    live = BlogPostPage.objects.get(pk=post.pk)
    with translation.override("en"):
        english = schemas.post_extras_key(live)
    with translation.override("fr"):
        french = schemas.post_extras_key(live)
    assert english != french
    # Publishing the post (a new content version) gives a new key at once.
    live.save_revision().publish()
    with translation.override("en"):
        assert schemas.post_extras_key(BlogPostPage.objects.get(pk=post.pk)) != english


def test_an_unreachable_cache_does_not_break_the_detail(client, post, monkeypatch):
    expected = detail(client, post)
    cache.clear()

    # What production's cache does while Redis is down (practice_site.cache): a miss.
    unreachable = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    monkeypatch.setattr("practice_core.cache.cache", unreachable)
    assert detail(client, post) == expected


def test_the_figures_of_an_unrated_post_take_one_query(post, django_assert_num_queries):
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Sam",
        body="First!",
        status=Comment.Status.APPROVED,
    )
    with django_assert_num_queries(1):
        summary, comments = post_figures(post)
    assert summary.as_dict() == {
        "count": 0,
        "average": None,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
    }
    assert comments == 1


def test_a_headless_preview_of_a_post_with_authors_shows_the_draft(client, post, author):
    from practice_site.preview import make_preview_token

    post.authors.add(author)
    post.save_revision().publish()
    detail(client, post)
    page = BlogPostPage.objects.get(pk=post.pk)
    page.body = [("paragraph", "<p>Unpublished thoughts.</p>")]
    page.save_revision()
    response = client.get("/api/v3/preview/", {"token": make_preview_token(page)})
    assert response.status_code == 200, response.content
    assert paragraphs(response.json()) == ["<p>Unpublished thoughts.</p>"]
    assert [a["name"] for a in response.json()["authors"]] == ["Dana Reyes"]
    assert paragraphs(detail(client, post)) != ["<p>Unpublished thoughts.</p>"]
