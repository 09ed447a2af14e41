"""The rendered comment list is cached per post and language, and never shows a stale list."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice_blog.models import Comment
from practice_blog.viewsets import ApproveBulkAction


def pending_comment(post, body="Thank you for this."):
    return Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Sam",
        body=body,
        status=Comment.Status.PENDING,
    )


def comment_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return [
        q["sql"] for q in queries.captured_queries if 'FROM "practice_blog_comment"' in q["sql"]
    ], response


def test_a_warm_post_page_does_not_query_its_comment_list(client, post):
    client.get(post.url)
    queries, response = comment_queries(client, post.url)
    # Only the counts in the rating query touch comments; the list itself comes from the cache.
    assert not any('"practice_blog_comment"."body"' in sql for sql in queries)
    assert "No comments yet." in response.content.decode()


def test_approving_a_comment_shows_it_although_the_list_was_cached(client, post):
    comment = pending_comment(post)
    assert "Thank you for this." not in client.get(post.url).content.decode()
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "Thank you for this." in client.get(post.url).content.decode()


def test_bulk_approval_in_the_admin_refreshes_the_cached_list(client, post, admin_user):
    comments = [pending_comment(post, body=f"Comment {n}") for n in range(3)]
    client.get(post.url)
    ApproveBulkAction.execute_action(comments, user=admin_user)
    content = client.get(post.url).content.decode()
    assert all(f"Comment {n}" in content for n in range(3))


def test_deleting_a_comment_removes_it_from_the_cached_list(client, post):
    comment = pending_comment(post, body="Soon gone")
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "Soon gone" in client.get(post.url).content.decode()
    comment.delete()
    assert "Soon gone" not in client.get(post.url).content.decode()


def test_a_preview_never_uses_the_cached_list(client, post):
    approved = pending_comment(post, body="Visible in previews too")
    approved.status = Comment.Status.APPROVED
    approved.save()
    client.get(post.url)
    request = client.get(post.url).wsgi_request
    request.is_preview = True
    response = post.serve_preview(request, post.default_preview_mode)
    response.render()
    assert "Visible in previews too" in response.content.decode()
