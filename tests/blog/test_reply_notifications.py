"""A commenter who asks to be told hears about the practice's reply: one email, in their language,
with a signed link to the reply and a one-click way to stop these emails."""

import email
import email.policy
import json
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from practice_blog.forms import sign_timestamp
from practice_blog.models import Comment
from practice_blog.notifications import reply_link, stop_url

pytestmark = pytest.mark.django_db


def comment_form(**overrides):
    data = {
        "author_name": "Robin",
        "email": "robin@example.org",
        "body": "Which trainings cover working with interpreters?",
        "website": "",
        "started": sign_timestamp(time.time() - 30),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def comment_on(page, **fields):
    return Comment.objects.create(
        page=page,
        translation_key=page.translation_key,
        locale=page.locale,
        author_name=fields.pop("author_name", "Robin"),
        body=fields.pop("body", "Which trainings cover working with interpreters?"),
        **fields,
    )


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="pw")
    group = Group.objects.create(name="comment moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_comments"),
    )
    user.groups.add(group)
    return user


def reply(client, comment, body="Thank you for asking: the second one does."):
    with_callbacks = client.post(
        reverse("blog_reply_to_comment", args=[comment.pk]),
        {"author_name": "Willow & Stone", "body": body},
    )
    assert with_callbacks.status_code == 302
    return comment.replies.filter(is_practice_reply=True).latest("created")


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


# --- asking -------------------------------------------------------------------------------------


def test_the_comment_form_offers_the_box_unticked(client, post):
    html = client.get(post.url).content.decode()
    assert 'name="notify_on_reply"' in html
    start = html.index('name="notify_on_reply"')
    assert "checked" not in html[start : html.index(">", start)]


def test_ticking_the_box_without_an_email_is_an_error_next_to_the_email(client, post):
    response = client.post(post.url + "comment/", comment_form(email="", notify_on_reply="on"))
    assert response.status_code == 400
    assert "Give your email address" in response.content.decode()
    assert Comment.objects.count() == 0


def test_the_form_stores_the_consent_only_when_ticked(client, post):
    client.post(post.url + "comment/", comment_form(notify_on_reply="on"))
    client.post(post.url + "comment/", comment_form(body="Another question", author_name="Sam"))
    assert dict(Comment.objects.values_list("author_name", "notify_on_reply")) == {
        "Robin": True,
        "Sam": False,
    }


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"notify_on_reply": True}, 202),
        ({"notify_on_reply": True, "email": None}, 422),
        ({"notify_on_reply": "yes"}, 422),
        ({"notify_on_reply": 1}, 422),
    ],
)
def test_the_api_takes_the_same_consent(client, post, payload, status):
    body = {"author_name": "Robin", "body": "A question", "email": "robin@example.org", **payload}
    if body.get("email") is None:
        body.pop("email")
    response = client.post(
        f"/api/v3/pages/{post.pk}/comments/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == status
    if status == 202:
        assert Comment.objects.get().notify_on_reply is True
    else:
        assert Comment.objects.count() == 0


# --- the email ----------------------------------------------------------------------------------


def test_the_practices_reply_sends_one_email_to_a_commenter_who_asked(
    client, post, moderator, django_capture_on_commit_callbacks
):
    comment = comment_on(post, email="robin@example.org", notify_on_reply=True)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        practice_reply = reply(client, comment)
    assert len(mail.outbox) == 1
    message = parsed(mail.outbox[0])
    assert message["To"] == "robin@example.org"
    assert message["Subject"].strip() == f"Willow & Stone replied to your comment on “{post.title}”"
    assert message["List-Unsubscribe"].strip() == f"<{stop_url(post, comment)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_payload()[0].get_content()
    assert "Thank you for asking: the second one does." in text
    assert reply_link(post, practice_reply) in text
    # The address is shown nowhere: not on the post, not in the API.
    client.logout()
    assert "robin@example.org" not in client.get(post.url).content.decode()
    comments = client.get(f"/api/v3/pages/{post.pk}/comments/").content.decode()
    assert "robin@example.org" not in comments


def test_a_commenter_who_did_not_ask_gets_no_email(
    client, post, moderator, django_capture_on_commit_callbacks
):
    comment = comment_on(post, email="robin@example.org")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        reply(client, comment)
    assert mail.outbox == []


def test_the_email_is_in_the_language_the_comment_was_written_in(
    client, spanish_post, moderator, django_capture_on_commit_callbacks
):
    comment = comment_on(spanish_post, email="ana@example.org", notify_on_reply=True)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        reply(client, comment)
    message = parsed(mail.outbox[0])
    assert message["Content-Language"] == "es"
    assert '<html lang="es" dir="ltr">' in message.get_payload()[1].get_content()
    assert "/es/" in message["List-Unsubscribe"]


def test_the_reply_link_opens_the_right_page_of_comments(
    client, post, moderator, settings, django_capture_on_commit_callbacks
):
    settings.PRACTICE_BLOG = {**settings.PRACTICE_BLOG, "COMMENT_THREADS_PER_PAGE": 1}
    comment_on(post, author_name="First", status=Comment.Status.APPROVED)
    comment = comment_on(post, email="robin@example.org", notify_on_reply=True)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        practice_reply = reply(client, comment)
    client.logout()
    response = client.get(reply_link(post, practice_reply).replace("http://testserver", ""))
    assert response.status_code == 302
    assert response["Location"] == f"{post.url}?comments=2#comment-{practice_reply.pk}"


def test_a_tampered_reply_link_is_not_found(client, post):
    practice_reply = comment_on(post, is_practice_reply=True, status=Comment.Status.APPROVED)
    link = reply_link(post, practice_reply).replace("http://testserver", "")
    assert client.get(link[:-3] + "xx/").status_code == 404


# --- stopping -----------------------------------------------------------------------------------


def test_one_click_on_the_stop_link_ends_reply_emails_for_that_address(
    client, post, moderator, django_capture_on_commit_callbacks
):
    first = comment_on(post, email="Robin@example.org", notify_on_reply=True)
    second = comment_on(post, email="robin@example.org", notify_on_reply=True, body="Later")
    response = client.get(stop_url(post, first).replace("http://testserver", ""))
    assert response.status_code == 200
    assert "No more reply emails" in response.content.decode()
    assert not Comment.objects.filter(notify_on_reply=True).exists()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        reply(client, second)
    assert mail.outbox == []


def test_a_mail_programs_one_click_post_works_without_a_csrf_token(post):
    comment = comment_on(post, email="robin@example.org", notify_on_reply=True)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        stop_url(post, comment).replace("http://testserver", ""),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.notify_on_reply is False


def test_a_broken_stop_link_says_so(client, post):
    response = client.get(reverse("blog_stop_reply_emails", args=["not-a-token"]))
    assert response.status_code == 400
    assert "does not work" in response.content.decode()


def test_stopping_after_the_comment_was_erased_still_answers_calmly(client, post):
    comment = comment_on(post, email="robin@example.org", notify_on_reply=True)
    link = stop_url(post, comment).replace("http://testserver", "")
    comment.delete()
    assert client.get(link).status_code == 200
