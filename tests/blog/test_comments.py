"""Comments: validation, anti-spam, moderation defaults, notifications, the HTML form."""

import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from practice_blog.forms import sign_timestamp
from practice_blog.models import Comment
from practice_blog.services import CommentsClosed, DuplicateComment, submit_comment
from practice_core.throttles import Throttled

from .conftest import visitor_named

pytestmark = pytest.mark.django_db


def submit(post, visitor, **fields):
    data = {"author_name": "Robin", "body": "Thank you for writing this.", **fields}
    return submit_comment(post, visitor=visitor, **data)


def test_a_comment_is_held_for_moderation_by_default(post, visitor):
    comment = submit(post, visitor)
    assert comment.status == Comment.Status.PENDING
    assert comment.translation_key == post.translation_key
    assert comment.locale_id == post.locale_id


def test_a_site_setting_can_publish_comments_at_once(post, visitor, blog_settings):
    blog_settings.auto_approve_comments = True
    blog_settings.save()
    assert submit(post, visitor).status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"author_name": ""}, "author_name"),
        ({"author_name": "   "}, "author_name"),
        ({"body": ""}, "body"),
        ({"body": "x" * 3001}, "body"),
        ({"body": "nul\x00byte"}, "body"),
        ({"author_name": "nul\x00"}, "author_name"),
        ({"email": "not-an-email"}, "email"),
        ({"author_name": "n" * 81}, "author_name"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(post, visitor, fields, field):
    with pytest.raises(ValidationError) as caught:
        submit(post, visitor, **fields)
    assert field in caught.value.message_dict
    assert Comment.objects.count() == 0


def test_a_body_of_exactly_3000_characters_is_accepted(post, visitor):
    assert len(submit(post, visitor, body="y" * 3000).body) == 3000


def test_more_than_two_links_marks_a_comment_as_spam(post, visitor):
    body = "see https://a.example https://b.example and www.c.example"
    assert submit(post, visitor, body=body).status == Comment.Status.SPAM


def test_two_links_are_fine(post, visitor):
    body = "see https://a.example and https://b.example"
    assert submit(post, visitor, body=body).status == Comment.Status.PENDING


def test_the_same_comment_twice_is_refused_as_a_duplicate(post, visitor):
    submit(post, visitor)
    with pytest.raises(DuplicateComment):
        submit(post, visitor)
    assert Comment.objects.count() == 1


def test_comments_closed_on_the_post_are_refused(post, visitor):
    post.comments_closed = True
    post.save_revision().publish()
    with pytest.raises(CommentsClosed):
        submit(post, visitor)
    assert Comment.objects.count() == 0


def test_comments_close_automatically_after_the_configured_days(post_factory, visitor):
    visitor.blog_settings.close_comments_after_days = 30
    visitor.blog_settings.save()
    old = post_factory(days_ago=31)
    recent = post_factory(days_ago=29)
    with pytest.raises(CommentsClosed):
        submit(old, visitor)
    assert submit(recent, visitor).pk


def test_comments_are_throttled_per_network(post, blog_settings):
    for n in range(3):
        submit(post, visitor_named(f"v{n}", blog_settings, network="net"), body=f"Note {n}")
    with pytest.raises(Throttled):
        submit(post, visitor_named("v9", blog_settings, network="net"), body="One more")
    assert Comment.objects.count() == 3


def test_replies_only_go_to_approved_top_level_comments_of_the_same_post(
    post, post_factory, visitor
):
    other = post_factory()
    pending = submit(other, visitor, body="Elsewhere")
    with pytest.raises(ValidationError) as caught:
        submit(post, visitor, parent=pending, body="A reply")
    assert "parent" in caught.value.message_dict


def test_the_practice_is_emailed_about_each_new_comment(
    post, visitor, django_capture_on_commit_callbacks
):
    visitor.blog_settings.notification_email = "practice@example.org"
    visitor.blog_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(post, visitor)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["practice@example.org"]
    assert "Thank you for writing this." in mail.outbox[0].body


def test_no_email_without_a_notification_address(post, visitor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(post, visitor)
    assert mail.outbox == []


# -- the HTML form ------------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "author_name": "Robin",
        "email": "robin@example.org",
        "body": "Thank you for writing this.\nIt helped.",
        "website": "",
        "started": sign_timestamp(time.time() - 30),
    }
    data.update(overrides)
    return data


def test_the_form_stores_a_pending_comment_and_redirects_with_a_notice(client, post):
    response = client.post(post.url + "comment/", form_data(), follow=True)
    assert response.redirect_chain[-1][0].endswith("#comment-status")
    assert "awaiting moderation" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.email == "robin@example.org"
    # Email addresses are never shown; the pending comment only to its author (test_confirmations).
    assert "robin@example.org" not in response.content.decode()
    from django.test import Client

    assert "It helped." not in Client().get(post.url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"website": "http://spam.example"}, 400, "could not be accepted"),
        ({"started": "tampered"}, 400, "could not be accepted"),
        ({"started": lambda: sign_timestamp(time.time())}, 400, "That was quick"),
        ({"started": lambda: sign_timestamp(time.time() - 3 * 3600)}, 400, "expired"),
        ({"author_name": ""}, 400, "This field is required"),
        ({"body": ""}, 400, "This field is required"),
        ({"body": "x" * 3001}, 400, "at most 3000 characters"),
        ({"body": "nul\x00"}, 400, "Null characters are not allowed"),
        ({"email": "nope"}, 400, "valid email"),
    ],
)
def test_bad_form_input_shows_an_error_and_stores_nothing(client, post, overrides, status, message):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    response = client.post(post.url + "comment/", form_data(**overrides))
    assert response.status_code == status
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_megabyte_payload_gets_a_clear_error(client, post):
    response = client.post(post.url + "comment/", form_data(body="x" * 1_000_000))
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_a_throttled_visitor_gets_a_polite_message(client, post):
    for n in range(3):
        assert client.post(post.url + "comment/", form_data(body=f"Note {n}")).status_code == 302
    response = client.post(post.url + "comment/", form_data(body="Note 4"))
    assert response.status_code == 429
    assert "please wait a little" in response.content.decode()
    assert Comment.objects.count() == 3


def test_a_closed_post_refuses_comments_clearly(client, post):
    post.comments_closed = True
    post.save_revision().publish()
    page = client.get(post.url).content.decode()
    assert "Comments are closed on this post." in page
    assert 'class="comment-form"' not in page
    response = client.post(post.url + "comment/", form_data())
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_a_get_on_the_form_urls_is_not_allowed(client, post):
    assert client.get(post.url + "comment/").status_code == 405
    assert client.get(post.url + "rate/").status_code == 405


@pytest.mark.parametrize("stars", ["0", "6", "-1", "3.5", "true", "", None])
def test_bad_stars_in_the_rating_form_show_an_error(client, post, stars):
    data = {} if stars is None else {"stars": stars}
    response = client.post(post.url + "rate/", data)
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5 stars." in response.content.decode()
    from practice_blog.models import Rating

    assert Rating.objects.count() == 0


def test_the_rating_form_saves_and_redirects_with_a_message(client, post):
    response = client.post(post.url + "rate/", {"stars": "5"}, follow=True)
    content = response.content.decode()
    assert "you rated this post 5 stars" in content
    assert "5.0 out of 5 · 1 rating" in content
    assert response.redirect_chain[0][0].endswith("#rating-status")


def test_rating_a_draft_or_unknown_post_is_404(client, post_factory):
    draft = post_factory(publish=False)
    assert client.post(f"/en/journal/{draft.slug}/rate/", {"stars": "4"}).status_code == 404
    assert client.post("/en/journal/nope/rate/", {"stars": "4"}).status_code == 404


def test_comments_on_a_post_published_today_are_open(post):
    assert post.publication_date == date.today()
    assert post.comments_are_open() is True
    assert date.today() - timedelta(days=1) < post.publication_date + timedelta(days=1)


def test_a_visitor_can_reply_to_an_approved_comment_through_the_form(client, post):
    parent = Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Sam",
        body="First!",
        status=Comment.Status.APPROVED,
    )
    page = client.get(post.url + f"?reply_to={parent.pk}").content.decode()
    assert "Reply to Sam" in page
    assert f'name="parent" value="{parent.pk}"' in page
    response = client.post(post.url + "comment/", form_data(parent=str(parent.pk)))
    assert response.status_code == 302
    assert Comment.objects.get(parent=parent).status == Comment.Status.PENDING


def test_replying_to_an_unknown_comment_is_refused(client, post):
    response = client.post(post.url + "comment/", form_data(parent="999999"))
    assert response.status_code == 400
    assert Comment.objects.count() == 0
