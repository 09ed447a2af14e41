"""Privacy: no raw IP address or user agent in the database or the logs, visitor data expires,
a person's data can be erased, and email addresses never reach pages, feeds or the API."""

import datetime
import logging
import socket
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import timezone

from practice_blog.models import Comment, Rating, RatingSummary
from practice_core import throttles

from .conftest import comment_form, comments_url, post_json, ratings_url

CLIENT_IP = "203.0.113.77"
CLIENT_IPV6 = "2001:db8:77:77::77"
USER_AGENT = "PrivacyProbe/9.9 (unique-ua-marker)"
TEXT_FIELDS = (models.CharField, models.TextField)


def write_burst(post, settings):
    """Ratings and comments through the forms and the API, some refused, from one visitor."""
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    for n, (address, extra) in enumerate(
        [
            (CLIENT_IP, {}),
            (CLIENT_IPV6, {}),
            ("10.0.0.1", {"HTTP_X_FORWARDED_FOR": CLIENT_IP}),
        ]
    ):
        browser = Client(HTTP_USER_AGENT=USER_AGENT, REMOTE_ADDR=address, **extra)
        browser.post(post.url + "rate/", {"stars": "4"})
        post_json(browser, ratings_url(post), {"stars": 5})
        browser.post(post.url + "comment/", comment_form(body=f"From visitor {n}"))
        post_json(browser, comments_url(post), {"author_name": "Sam", "body": f"API visitor {n}"})
        post_json(browser, comments_url(post), {"author_name": "", "body": ""})  # refused
        browser.get(post.url)
        browser.get("/no-such-page/")


def test_no_model_stores_the_client_address_or_user_agent(post, open_throttles, settings):
    write_burst(post, settings)
    assert Rating.objects.exists() and Comment.objects.exists()
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, TEXT_FIELDS) or not field.concrete:
                continue
            for needle in [CLIENT_IP, CLIENT_IPV6, "unique-ua-marker", "203.0.113."]:
                if model._default_manager.filter(**{f"{field.name}__contains": needle}).exists():
                    found.append((model.__name__, field.name, needle))
    assert found == []


def test_the_logs_hold_no_client_address_or_user_agent(post, blog_settings, settings, caplog):
    blog_settings.rating_rate_limits = "1/minute"  # some requests get throttled too
    blog_settings.save()
    with caplog.at_level(logging.DEBUG):
        write_burst(post, settings)
    assert caplog.records
    assert CLIENT_IP not in caplog.text
    assert CLIENT_IPV6 not in caplog.text
    assert "unique-ua-marker" not in caplog.text


def test_throttle_counters_hold_a_hash_of_the_network_not_the_address(post, blog_settings):
    from django.core.cache.backends.locmem import LocMemCache

    probe = LocMemCache("privacy-probe", {})  # whatever the configured cache, look at its keys
    with mock.patch("practice_core.throttles.counters", return_value=probe):
        Client(REMOTE_ADDR=CLIENT_IP).post(post.url + "rate/", {"stars": "4"})
    keys = [key for key in probe._cache if "throttle" in key]
    assert keys
    assert not [key for key in keys if "203.0.113" in key]


def redis_is_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_throttle_counters_expire_in_redis_with_their_window(settings):
    location = "redis://127.0.0.1:6379/9"
    backend = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": location},
        "throttles": {"BACKEND": backend, "LOCATION": location},
    }
    try:
        cache = caches["throttles"]
        throttles.record("comment", "privacy-test", "3/minute, 20/day")
        client = cache._cache.get_client()
        ttls = [client.ttl(key) for key in client.keys("*throttle:comment:*privacy-test*")]
        assert len(ttls) == 2
        assert all(0 < ttl <= 86401 for ttl in ttls)
        assert min(ttls) <= 61
    finally:
        caches["throttles"].clear()
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_throttle_windows_end_so_a_network_may_write_again(post, blog_settings):
    blog_settings.rating_rate_limits = "1/minute"
    blog_settings.save()
    now = 1_800_000_000.0
    with mock.patch("practice_core.throttles.time.time", return_value=now):
        assert post_json(Client(), ratings_url(post), {"stars": 3}).status_code == 201
        assert post_json(Client(), ratings_url(post), {"stars": 3}).status_code == 429
    with mock.patch("practice_core.throttles.time.time", return_value=now + 61):
        assert post_json(Client(), ratings_url(post), {"stars": 3}).status_code == 201


def test_purge_forgets_old_voter_keys_and_emails_but_keeps_the_stars(post, visitor):
    from practice_blog.services import rate, submit_comment

    rate(post, 4, visitor)
    submit_comment(
        post, author_name="Robin", body="Old words", email="robin@example.org", visitor=visitor
    )
    old = timezone.now() - datetime.timedelta(days=200)
    Rating.objects.update(updated=old)
    Comment.objects.update(created=old)
    call_command("purge_visitor_data", days=180, stdout=open("/dev/null", "w"))  # noqa: SIM115
    rating = Rating.objects.get()
    assert rating.voter_key.startswith("forgotten:")
    assert visitor.voter_key not in set(Rating.objects.values_list("voter_key", flat=True))
    assert Comment.objects.get().email == ""
    assert RatingSummary.objects.get().count == 1


def test_purge_keeps_recent_visitor_data(post, visitor):
    from practice_blog.services import rate

    rate(post, 4, visitor)
    call_command("purge_visitor_data", days=180, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Rating.objects.get().voter_key == visitor.voter_key


def test_erase_removes_a_persons_comments_and_the_replies_to_them_only(post, visitor):
    from practice_blog.services import submit_comment

    mine = submit_comment(
        post, author_name="Robin", body="Mine", email="Robin@Example.org", visitor=visitor
    )
    mine.status = Comment.Status.APPROVED
    mine.save()
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale_id=post.locale_id,
        parent=mine,
        author_name="The practice",
        body="Thanks",
        status=Comment.Status.APPROVED,
    )
    other = submit_comment(
        post, author_name="Sam", body="Theirs", email="sam@example.org", visitor=visitor
    )
    call_command("erase_visitor_data", email="robin@example.org", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Comment.objects.all()) == [other]


def test_emails_never_appear_in_pages_feeds_or_the_api(client, post, blog_settings):
    blog_settings.auto_approve_comments = True
    blog_settings.save()
    client.post(post.url + "comment/", comment_form(email="hidden.person@example.org"))
    post_json(
        client, comments_url(post), {"author_name": "Sam", "body": "Hi", "email": "x.y@example.org"}
    )
    assert Comment.objects.approved().count() == 2
    index = post.get_parent().url
    for url in [
        post.url,
        index,
        index + "feed/",
        index + "feed/atom/",
        comments_url(post),
        f"/api/v3/pages/{post.pk}/",
        "/api/v3/pages/?type=practice_blog.BlogPostPage&fields=*",
        "/sitemap.xml",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "hidden.person@example.org" not in text, url
        assert "x.y@example.org" not in text, url
