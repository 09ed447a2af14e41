"""Privacy commands, and visitor data surviving wagtail-localize translation and sync."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from practice_blog.models import Author, BlogCategory, BlogPostPage, Comment, Rating, RatingSummary
from practice_blog.services import rate, submit_comment
from practice_site.demo.translation import translate

from .conftest import visitor_named

pytestmark = pytest.mark.django_db


def comment_on(post, email="", **fields):
    return Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name=fields.pop("author_name", "Robin"),
        body=fields.pop("body", "A comment"),
        email=email,
        **fields,
    )


def test_erase_visitor_data_deletes_that_persons_comments_and_replies(post):
    mine = comment_on(post, email="Robin@Example.org", status=Comment.Status.APPROVED)
    comment_on(post, parent=mine, author_name="Practice", is_practice_reply=True)
    other = comment_on(post, email="someone@example.org")
    out = StringIO()
    call_command("erase_visitor_data", "--email", "robin@example.org", stdout=out)
    assert list(Comment.objects.all()) == [other]
    assert "Deleted 1 comments and 1 replies" in out.getvalue()


def test_erase_visitor_data_refuses_a_non_address(post):
    with pytest.raises(CommandError):
        call_command("erase_visitor_data", "--email", "nonsense", stdout=StringIO())


def test_purge_forgets_old_voter_hashes_and_emails_but_keeps_the_figures(post, blog_settings):
    rate(post, 5, visitor_named("old", blog_settings))
    rate(post, 3, visitor_named("new", blog_settings))
    old_comment = comment_on(post, email="old@example.org")
    new_comment = comment_on(post, email="new@example.org", body="Newer")
    long_ago = timezone.now() - timedelta(days=400)
    Rating.objects.filter(voter_key="test:old").update(updated=long_ago)
    Comment.objects.filter(pk=old_comment.pk).update(created=long_ago)

    call_command("purge_visitor_data", stdout=StringIO())

    keys = set(Rating.objects.values_list("voter_key", flat=True))
    assert "test:old" not in keys
    assert "test:new" in keys
    assert any(key.startswith("forgotten:") for key in keys)
    old_comment.refresh_from_db()
    new_comment.refresh_from_db()
    assert old_comment.email == ""
    assert new_comment.email == "new@example.org"
    assert RatingSummary.objects.get().count == 2
    # Running it again changes nothing more.
    call_command("purge_visitor_data", stdout=StringIO())
    assert Rating.objects.filter(voter_key__startswith="forgotten:").count() == 1


def test_translating_and_syncing_a_post_leaves_ratings_and_comments_alone(
    post, translated_home, locales, blog_settings, django_capture_on_commit_callbacks
):
    rate(post, 4, visitor_named("a", blog_settings))
    submit_comment(
        post, author_name="Robin", body="Thanks", visitor=visitor_named("a", blog_settings)
    )
    comment_on(post, status=Comment.Status.APPROVED, body="Approved one")
    index = post.get_parent().specific
    translate(index, locales["es"], {"Journal": "Diario"})
    spanish = translate(post, locales["es"], {"Choosing a trauma training": "Elegir una formación"})
    assert spanish.title == "Elegir una formación"

    post.title = "Choosing a trauma training, revised"
    post.save_revision().publish()
    translate(post, locales["es"], {"Choosing a trauma training, revised": "Elegir, revisado"})

    assert Rating.objects.count() == 1
    assert Rating.objects.get().page_id == post.pk
    assert Comment.objects.count() == 2
    assert set(Comment.objects.values_list("page_id", flat=True)) == {post.pk}
    spanish = BlogPostPage.objects.get(pk=spanish.pk)
    assert spanish.rating_summary["count"] == 1  # shared by translation_key
    assert spanish.comment_count == 0  # comments stay in their own language


def test_translated_authors_and_categories_keep_their_translation_key(locales):
    author = Author.objects.create(name="Dana", role="Counsellor", locale=locales["en"])
    category = BlogCategory.objects.create(name="Training", slug="training", locale=locales["en"])
    spanish_author = translate(author, locales["es"], {"Counsellor": "Terapeuta"})
    spanish_category = translate(category, locales["es"], {"Training": "Formación"})
    assert spanish_author.role == "Terapeuta"
    assert spanish_author.translation_key == author.translation_key
    assert spanish_category.name == "Formación"
