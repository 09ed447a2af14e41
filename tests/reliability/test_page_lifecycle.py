"""Ratings and comments through a post's life (the policy is in docs/operations.md, "Visitor data
and page lifecycle"): kept with the post across revisions, moves, unpublish/republish and
scheduling; not copied by copy, alias or translation; removed with the page they were left on;
the summary always equals the rating rows that remain, and nothing is left pointing nowhere."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone
from wagtail.models import Page

from practice_blog.models import BlogIndexPage, BlogPostPage, Comment, Rating, RatingSummary
from practice_blog.ratings import summary_for
from practice_blog.services import rate, rebuild_summaries
from tests.blog.conftest import visitor_named

from .conftest import post_json, ratings_url


def rate_by(page, *stars, prefix="v"):
    for n, value in enumerate(stars):
        rate(page, value, visitor_named(f"{prefix}{page.pk}-{n}", network=f"net-{n}"))


def comment_on(page, body="A kind word", status=Comment.Status.APPROVED):
    return Comment.objects.create(
        page=page,
        translation_key=page.translation_key,
        locale_id=page.locale_id,
        author_name="Robin",
        body=body,
        status=status,
    )


def assert_summaries_match_rows():
    """Every summary equals its rating rows, and no summary or row belongs to no page."""
    for summary in RatingSummary.objects.all():
        rows = Rating.objects.filter(scope=summary.scope)
        assert summary.count == rows.count(), summary
        assert summary.total == (rows.aggregate(t=Sum("stars"))["t"] or 0), summary
        if summary.count:
            assert Page.objects.filter(translation_key=summary.translation_key).exists()
    page_ids = set(Page.objects.values_list("pk", flat=True))
    assert set(Rating.objects.values_list("page_id", flat=True)) <= page_ids
    assert set(Comment.objects.values_list("page_id", flat=True)) <= page_ids


def test_new_revisions_and_reverting_to_an_old_one_keep_ratings_and_comments(post):
    rate_by(post, 5, 3)
    comment_on(post)
    first = post.latest_revision
    post.title = "A new title"
    post.save_revision().publish()
    first.publish()  # revert to the first revision
    post.refresh_from_db()
    assert post.title == "Choosing a trauma training"
    assert summary_for(post).count == 2
    assert post.comment_count == 1
    assert_summaries_match_rows()


def test_unpublish_hides_visitor_data_and_republish_brings_it_back(client, post):
    rate_by(post, 4)
    comment_on(post)
    post.unpublish()
    assert client.get(f"/api/v3/pages/{post.pk}/comments/").status_code == 404
    assert post_json(client, ratings_url(post), {"stars": 1}).status_code == 404
    assert Rating.objects.count() == 1 and Comment.objects.count() == 1
    post.get_latest_revision().publish()
    assert client.get(f"/api/v3/pages/{post.pk}/comments/").json()["count"] == 1
    assert summary_for(post).count == 1


def test_a_scheduled_republish_keeps_the_ratings(post):
    rate_by(post, 2)
    post.unpublish()
    revision = post.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(1))
    revision.publish()
    post.refresh_from_db()
    assert post.live
    assert summary_for(post).count == 1


def test_moving_a_post_keeps_its_ratings_and_comments(post, home):
    rate_by(post, 5)
    comment_on(post)
    other_index = home.add_child(instance=BlogIndexPage(title="Archive", slug="archive"))
    post.move(other_index, pos="last-child")
    post.refresh_from_db()
    assert post.get_parent().pk == other_index.pk
    assert summary_for(post).count == 1
    assert post.comment_count == 1
    assert_summaries_match_rows()


def test_a_copy_starts_without_ratings_or_comments(post):
    rate_by(post, 5, 4)
    comment_on(post)
    copy = post.copy(update_attrs={"slug": "copied", "title": "Copied"})
    copy = BlogPostPage.objects.get(pk=copy.pk)
    assert copy.translation_key != post.translation_key
    assert summary_for(copy).count == 0
    assert copy.comment_count == 0
    assert summary_for(post).count == 2
    assert Rating.objects.count() == 2 and Comment.objects.count() == 1


def test_an_alias_shows_the_original_ratings_but_the_api_refuses_its_id(client, post, home):
    rate_by(post, 3)
    alias = post.create_alias(parent=home, update_slug="alias")
    assert post_json(client, ratings_url(alias), {"stars": 5}).status_code == 404
    assert Rating.objects.count() == 1
    assert_summaries_match_rows()


def test_a_translation_shares_the_summary_but_not_the_comments(post, locales, settings):
    rate_by(post, 5)
    comment_on(post)
    translation = post.copy_for_translation(locales["es"], copy_parents=True)
    translation.save_revision().publish()
    translation = BlogPostPage.objects.get(pk=translation.pk)
    assert Rating.objects.count() == 1  # nothing copied
    assert summary_for(translation).count == 1  # one summary for every language
    assert translation.comment_count == 0  # comments stay in the language they were written in
    rate_by(translation, 1, prefix="es")
    assert summary_for(post).count == 2
    assert_summaries_match_rows()


def test_deleting_one_translation_removes_its_visitor_data_and_fixes_the_summary(post, locales):
    rate_by(post, 5, 5)
    translation = post.copy_for_translation(locales["es"], copy_parents=True)
    translation.save_revision().publish()
    translation = BlogPostPage.objects.get(pk=translation.pk)
    rate_by(translation, 1, 1, 1, prefix="es")
    comment_on(translation)
    assert summary_for(post).count == 5
    translation.delete()
    assert Rating.objects.count() == 2
    assert not Comment.objects.exists()
    summary = summary_for(post)
    assert (summary.count, summary.total) == (2, 10)
    assert_summaries_match_rows()


def test_deleting_a_subtree_leaves_no_ratings_comments_or_summaries(blog_index, post_factory):
    posts = [post_factory(), post_factory()]
    for post in posts:
        rate_by(post, 4, 2)
        reply_to = comment_on(post)
        Comment.objects.create(
            page=post,
            translation_key=post.translation_key,
            locale_id=post.locale_id,
            parent=reply_to,
            author_name="The practice",
            body="Thanks",
            status=Comment.Status.APPROVED,
            is_practice_reply=True,
        )
    blog_index.delete()
    assert not Rating.objects.exists()
    assert not Comment.objects.exists()
    assert not RatingSummary.objects.filter(count__gt=0).exists()
    assert_summaries_match_rows()


def test_recompute_after_lifecycle_changes_changes_nothing(post, locales, home):
    rate_by(post, 1, 2, 3)
    translation = post.copy_for_translation(locales["es"], copy_parents=True)
    translation.save_revision().publish()
    rate_by(BlogPostPage.objects.get(pk=translation.pk), 4, prefix="es")
    post.move(
        home.add_child(instance=BlogIndexPage(title="Elsewhere", slug="elsewhere")), "last-child"
    )
    before = list(RatingSummary.objects.order_by("scope").values("scope", "count", "total"))
    rebuild_summaries()
    after = list(RatingSummary.objects.order_by("scope").values("scope", "count", "total"))
    assert before == after


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_the_post_page_of_a_removed_post_is_404(client, post, action):
    rate_by(post, 5)
    url = post.url
    getattr(post, action)()
    assert client.get(url).status_code == 404


def test_rating_and_commenting_through_an_alias_page_count_for_the_original(client, post, home):
    from .conftest import comment_form

    alias = BlogPostPage.objects.get(pk=post.create_alias(parent=home, update_slug="alias").pk)
    assert client.post(alias.url + "rate/", {"stars": "5"}).status_code == 302
    assert client.post(alias.url + "comment/", comment_form()).status_code == 302
    assert Rating.objects.get().page_id == post.pk
    assert Comment.objects.get().page_id == post.pk
    assert summary_for(post).count == 1
    assert_summaries_match_rows()
    Comment.objects.update(status=Comment.Status.APPROVED)
    page = client.get(alias.url).content.decode()
    assert "Thank you for writing this." in page  # the original's comment, shown on the alias
