"""Following the journal by email: double opt-in, one email per new post (or a weekly digest) in
the follower's language, one-click stop, and a sending command that never sends a post twice."""

import email
import email.policy
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practice_blog import followers as service
from practice_blog.models import BlogPostPage, BlogSettings, Follower, FollowerDelivery
from tests.blog.conftest import make_post

pytestmark = pytest.mark.django_db


def follow_url(index):
    return reverse("blog_follow", args=[index.pk])


def follow(client, index, address="robin@example.org", **extra):
    return client.post(follow_url(index), {"email": address, "website": "", **extra})


def confirmed_follower(index, address="robin@example.org", *, days_ago=1):
    return Follower.objects.create(
        email=address,
        journal_key=index.translation_key,
        locale=index.locale,
        status=Follower.Status.CONFIRMED,
        confirmed_at=timezone.now() - timedelta(days=days_ago),
        created=timezone.now() - timedelta(days=days_ago),
    )


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def send(**kwargs):
    out = StringIO()
    call_command("send_follower_emails", stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


def path_of(url):
    return url.replace("http://testserver", "")


# --- asking and confirming -----------------------------------------------------------------------


def test_the_journal_and_its_posts_offer_the_form(client, blog_index, post):
    for page in (blog_index, post):
        html = client.get(page.url).content.decode()
        assert 'id="follow"' in html
        assert f'action="{follow_url(blog_index)}"' in html


def test_the_owner_can_turn_the_form_off(client, blog_index, post, blog_settings):
    blog_settings.offer_following = False
    blog_settings.save()
    assert 'id="follow"' not in client.get(post.url).content.decode()


def test_asking_stores_a_pending_follower_and_emails_a_confirmation_link(
    client, blog_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client, blog_index)
    assert response.status_code == 303
    assert response["Location"] == reverse("blog_follow_sent", args=[blog_index.pk])
    assert "check your inbox" in client.get(response["Location"]).content.decode()
    follower = Follower.objects.get()
    assert follower.status == Follower.Status.PENDING
    assert follower.locale_id == blog_index.locale_id
    assert len(mail.outbox) == 1
    message = parsed(mail.outbox[0])
    assert message["To"] == "robin@example.org"
    link = service.confirm_url(blog_index, follower)
    assert link in message.get_payload()[0].get_content()
    assert message["List-Unsubscribe"].strip() == f"<{service.stop_url(blog_index, follower)}>"


def test_the_answer_is_the_same_for_a_known_address(
    client, blog_index, django_capture_on_commit_callbacks
):
    confirmed_follower(blog_index)
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client, blog_index, "Robin@Example.org")
    assert response.status_code == 303
    assert Follower.objects.count() == 1
    assert "You already receive them" in mail.outbox[0].body


def test_nobody_can_flood_an_inbox_with_confirmation_emails(
    client, blog_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(4):
            assert follow(client, blog_index).status_code == 303
    assert len(mail.outbox) == 2  # per address: 2 an hour, then silence (same answer)
    assert Follower.objects.count() == 1


def test_a_network_asking_too_often_gets_429(client, blog_index):
    statuses = [follow(client, blog_index, f"person{n}@example.org").status_code for n in range(6)]
    assert statuses[:5] == [303] * 5
    assert statuses[5] == 429


@pytest.mark.parametrize(
    ("data", "status", "text"),
    [
        ({"email": "not-an-address"}, 400, "valid email address"),
        ({"email": ""}, 400, "This field is required"),
        ({"email": "robin@example.org", "website": "http://spam.example"}, 400, "not be accepted"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, blog_index, data, status, text):
    response = client.post(follow_url(blog_index), {"website": "", **data})
    assert response.status_code == status
    assert text in response.content.decode()
    assert Follower.objects.count() == 0


def test_the_confirmation_link_shows_a_button_and_only_the_button_confirms(client, blog_index):
    follower = Follower.objects.create(
        email="robin@example.org", journal_key=blog_index.translation_key, locale=blog_index.locale
    )
    link = path_of(service.confirm_url(blog_index, follower))
    response = client.get(link)
    assert response.status_code == 200
    assert "Yes, send me new posts" in response.content.decode()
    follower.refresh_from_db()
    assert (
        follower.status == Follower.Status.PENDING
    )  # a mail scanner opening links confirms nothing
    response = client.post(link)
    assert response.status_code == 200
    follower.refresh_from_db()
    assert follower.status == Follower.Status.CONFIRMED
    assert follower.confirmed_at is not None


def test_an_old_or_broken_confirmation_link_says_so(client, blog_index):
    follower = Follower.objects.create(
        email="robin@example.org",
        journal_key=blog_index.translation_key,
        locale=blog_index.locale,
        created=timezone.now() - timedelta(days=8),
    )
    link = path_of(service.confirm_url(blog_index, follower))
    assert client.post(link).status_code == 410
    assert client.get(link[:-5] + "0000/").status_code == 400


# --- sending --------------------------------------------------------------------------------------


def test_a_follower_receives_a_new_post_once(blog_index):
    follower = confirmed_follower(blog_index)
    older = make_post(blog_index, title="Before they followed")
    BlogPostPage.objects.filter(pk=older.pk).update(
        first_published_at=timezone.now() - timedelta(days=3)
    )
    post = make_post(blog_index, title="Slowing down in session")
    output = send()
    assert "Sent 1 email(s) with 1 post(s)" in output
    assert len(mail.outbox) == 1
    message = parsed(mail.outbox[0])
    assert message["Subject"].strip() == "Slowing down in session"
    assert post.get_full_url() in message.get_payload()[0].get_content()
    assert message["List-Unsubscribe"].strip() == f"<{service.stop_url(blog_index, follower)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"]
    # Again: nothing more.
    send()
    assert len(mail.outbox) == 1
    assert FollowerDelivery.objects.get().status == FollowerDelivery.Status.SENT


def test_followers_receive_posts_in_their_own_language_only(
    blog_index, spanish_post, post, translated_home
):
    spanish_index = spanish_post.get_parent().specific
    english = confirmed_follower(blog_index, "en@example.org")
    spanish = confirmed_follower(spanish_index, "es@example.org")
    for follower in (english, spanish):
        follower.confirmed_at = timezone.now() - timedelta(days=1)
        follower.save()
    send()
    sent = {message.to[0]: parsed(message) for message in mail.outbox}
    assert set(sent) == {"en@example.org", "es@example.org"}
    assert sent["es@example.org"]["Subject"].strip() == spanish_post.title
    assert sent["es@example.org"]["Content-Language"] == "es"
    assert sent["en@example.org"]["Subject"].strip() == post.title


def test_drafts_and_private_posts_are_not_sent(blog_index):
    from wagtail.models import PageViewRestriction

    confirmed_follower(blog_index)
    make_post(blog_index, title="A draft", publish=False)
    private = make_post(blog_index, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    send()
    assert mail.outbox == []


def test_a_crash_mid_run_never_sends_a_post_twice(blog_index, monkeypatch):
    for n in range(3):
        confirmed_follower(blog_index, f"person{n}@example.org")
    make_post(blog_index, title="A new post")
    original = service.deliver
    calls = []

    def crash_on_second(deliveries, message, *args, **kwargs):
        calls.append(message.to[0])
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process is killed while the mail server is talking
        return original(deliveries, message, *args, **kwargs)

    monkeypatch.setattr(service, "deliver", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        service.send_new_posts(batch_size=1)
    monkeypatch.setattr(service, "deliver", original)
    assert len(mail.outbox) == 1

    service.send_new_posts(batch_size=1)  # straight after: the claim is still fresh
    later = timezone.now() + service.CLAIM_TIMEOUT + timedelta(minutes=1)
    report = service.send_new_posts(batch_size=1, now=later)  # after the claim timed out
    assert report.interrupted == 1
    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == ["person0@example.org", "person2@example.org"]
    assert FollowerDelivery.objects.get(follower__email="person1@example.org").status == (
        FollowerDelivery.Status.INTERRUPTED
    )


def test_a_refused_email_is_tried_again_but_not_forever(blog_index, monkeypatch):
    import smtplib

    confirmed_follower(blog_index)
    make_post(blog_index, title="A new post")

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"robin@example.org": (550, b"mailbox full")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    for _run in range(5):
        service.send_new_posts()
    delivery = FollowerDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (FollowerDelivery.Status.FAILED, 3)
    monkeypatch.undo()
    service.send_new_posts()
    assert mail.outbox == []


def test_the_weekly_digest_gathers_the_new_posts_in_one_email(blog_index, blog_settings):
    blog_settings.follower_emails = BlogSettings.FollowerEmails.WEEKLY
    blog_settings.save()
    confirmed_follower(blog_index)
    make_post(blog_index, title="First post")
    make_post(blog_index, title="Second post")
    send()
    assert len(mail.outbox) == 1
    text = mail.outbox[0].body
    assert "2 new posts" in text and "First post" in text and "Second post" in text
    make_post(blog_index, title="Third post")
    send()
    assert len(mail.outbox) == 1  # not before a week has passed
    service.send_new_posts(now=timezone.now() + timedelta(days=7, minutes=1))
    assert len(mail.outbox) == 2
    assert "Third post" in mail.outbox[1].body and "First post" not in mail.outbox[1].body


def test_the_command_draws_a_progress_bar_and_works_in_batches(blog_index):
    for n in range(5):
        confirmed_follower(blog_index, f"person{n}@example.org")
    make_post(blog_index, title="A new post")
    output = send(batch_size=2)
    assert "[" in output and "5/5 followers" in output
    assert len(mail.outbox) == 5


def six_followers_and_a_new_post(index):
    for n in range(6):
        confirmed_follower(index, f"person{n}@example.org")
    make_post(index, title="A new post")
    return [f"person{n}@example.org" for n in range(6)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_each_post_once(blog_index):
    expected = six_followers_and_a_new_post(blog_index)
    errors = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait(timeout=10)
            service.send_new_posts(batch_size=2)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_at_once_send_each_post_once_on_a_sqlite_file(blog_index, tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; PostgreSQL runs the threaded test above")
    pytest.importorskip("aiosmtpd")
    from tests.smtp_server import smtp_server

    expected = six_followers_and_a_new_post(blog_index)
    database = tmp_path / "followers.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(database)
    connection.connection.backup(target)
    target.close()
    script = Path(__file__).with_name("concurrent_sender.py")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "practice_site.settings.test",
    }
    with smtp_server(settings) as inbox:
        processes = [
            subprocess.Popen(
                [sys.executable, str(script), str(settings.EMAIL_PORT)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _n in range(2)
        ]
        outputs = [process.communicate(timeout=180)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert sorted(recipients[0] for _sender, recipients in inbox.envelopes) == expected


# --- stopping -----------------------------------------------------------------------------------


def test_one_click_on_the_stop_link_deletes_the_follower(client, blog_index):
    follower = confirmed_follower(blog_index)
    make_post(blog_index, title="A new post")
    send()
    response = client.get(path_of(service.stop_url(blog_index, follower)))
    assert response.status_code == 200
    assert "not receive new posts by email any more" in response.content.decode()
    assert not Follower.objects.exists() and not FollowerDelivery.objects.exists()


def test_a_mail_programs_one_click_post_works_without_a_csrf_token(blog_index):
    follower = confirmed_follower(blog_index)
    response = Client(enforce_csrf_checks=True).post(
        path_of(service.stop_url(blog_index, follower)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Follower.objects.exists()


# --- the owner's screen, erasing, purging --------------------------------------------------------


FOLLOWERS_URL = "/admin/snippets/practice_blog/follower/"


def test_the_owner_lists_exports_and_deletes_followers(admin_client, blog_index):
    follower = confirmed_follower(blog_index)
    listing = admin_client.get(FOLLOWERS_URL)
    assert listing.status_code == 200
    assert "robin@example.org" in listing.content.decode()
    export = admin_client.get(FOLLOWERS_URL + "?export=csv")
    assert "robin@example.org" in b"".join(export.streaming_content).decode()
    assert admin_client.get(FOLLOWERS_URL + "add/").status_code in (302, 403)
    response = admin_client.post(FOLLOWERS_URL + f"delete/{follower.pk}/")
    assert response.status_code == 302
    assert not Follower.objects.exists()


def test_people_without_the_permission_do_not_see_followers(client, django_user_model, blog_index):
    from django.contrib.auth.models import Group

    confirmed_follower(blog_index)
    for group in ("Editors", "Moderators"):
        user = django_user_model.objects.create_user(f"user-{group}", password="pw")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        response = client.get(FOLLOWERS_URL)
        assert response.status_code in (302, 403)
        assert "robin@example.org" not in response.content.decode()


def test_erase_and_purge_cover_followers(blog_index):
    confirmed_follower(blog_index, "robin@example.org")
    Follower.objects.create(
        email="old@example.org",
        journal_key=blog_index.translation_key,
        locale=blog_index.locale,
        created=timezone.now() - timedelta(days=8),
    )
    out = StringIO()
    call_command("erase_visitor_data", "--email", "ROBIN@example.org", stdout=out)
    assert "Deleted 1 followers" in out.getvalue()
    call_command("purge_visitor_data", stdout=out)
    assert "Deleted 1 unconfirmed followers" in out.getvalue()
    assert not Follower.objects.exists()
