"""Abuse: throttles count per client network, forwarded headers are believed only from trusted
proxies, cross-site writes are refused, and the comment form's spam traps hold."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client

from practice_blog.forms import TIMESTAMP_SALT, sign_timestamp
from practice_blog.models import Comment, Rating

from .conftest import comment_form, comments_url, post_json, ratings_url


@pytest.fixture
def two_ratings_a_minute(blog_settings):
    blog_settings.rating_rate_limits = "2/minute"
    blog_settings.save()
    return blog_settings


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Limits count in fixed windows (a calendar minute for "2/minute"): a test that crossed a
    window's end on a slow machine would start a fresh budget half-way. Keep the clock still."""
    import types

    monkeypatch.setattr(
        "practice_core.throttles.time", types.SimpleNamespace(time=lambda: 1_800_000_030.0)
    )


def rate_from(post, stars=4, **meta):
    """A new visitor (own cookie jar) rating ``post`` through the API from the given address."""
    return post_json(Client(), ratings_url(post), {"stars": stars}, **meta).status_code


def test_two_addresses_in_one_ipv4_24_share_one_budget(post, two_ratings_a_minute):
    assert rate_from(post, REMOTE_ADDR="203.0.113.5") == 201
    assert rate_from(post, REMOTE_ADDR="203.0.113.77") == 201
    assert rate_from(post, REMOTE_ADDR="203.0.113.250") == 429
    assert Rating.objects.count() == 2


def test_neighbouring_ipv4_24_networks_do_not_share_a_budget(post, two_ratings_a_minute):
    for address in ["203.0.113.5", "203.0.113.6", "203.0.114.5", "203.0.114.6"]:
        assert rate_from(post, REMOTE_ADDR=address) == 201
    assert rate_from(post, REMOTE_ADDR="203.0.114.7") == 429


def test_two_addresses_in_one_ipv6_64_share_one_budget(post, two_ratings_a_minute):
    assert rate_from(post, REMOTE_ADDR="2001:db8:1:2::1") == 201
    assert rate_from(post, REMOTE_ADDR="2001:db8:1:2:ffff:ffff:ffff:ffff") == 201
    assert rate_from(post, REMOTE_ADDR="2001:db8:1:2:abcd::9") == 429
    assert rate_from(post, REMOTE_ADDR="2001:db8:1:3::1") == 201  # the next /64


def test_an_ipv4_mapped_ipv6_address_counts_as_its_ipv4_network(post, two_ratings_a_minute):
    assert rate_from(post, REMOTE_ADDR="203.0.113.5") == 201
    assert rate_from(post, REMOTE_ADDR="::ffff:203.0.113.9") == 201
    assert rate_from(post, REMOTE_ADDR="203.0.113.10") == 429


def test_the_html_form_is_throttled_per_network_too(post, two_ratings_a_minute):
    for address in ["198.51.100.1", "198.51.100.2"]:
        assert (
            Client().post(post.url + "rate/", {"stars": "5"}, REMOTE_ADDR=address).status_code
            == 302
        )
    response = Client().post(post.url + "rate/", {"stars": "5"}, REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 429
    assert "wait" in response.content.decode()


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(
    post, two_ratings_a_minute, settings
):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    for n in range(2):
        assert (
            rate_from(post, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.18.{n}.1") == 201
        )
    spoofed = rate_from(post, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert spoofed == 429


def test_a_trusted_proxy_forwards_each_visitor_network(post, two_ratings_a_minute, settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.0/24"]}
    for n in range(4):
        forwarded = f"198.18.{n}.1"
        assert rate_from(post, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded) == 201
    assert Rating.objects.count() == 4


def test_behind_a_trusted_proxy_a_client_cannot_prepend_addresses(
    post, two_ratings_a_minute, settings
):
    """The proxy appends the real peer; whatever the client wrote to the left is not believed."""
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    for n in range(2):
        chain = f"192.0.{n}.1, 198.51.100.7"
        assert rate_from(post, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=chain) == 201
    chain = "192.0.9.1, 198.51.100.7"
    assert rate_from(post, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=chain) == 429


@pytest.mark.parametrize("forwarded", ["not-an-ip", "", "198.51.100.7, garbage", "999.1.1.1"])
def test_a_garbled_forwarded_header_is_never_a_500(post, settings, forwarded):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    assert rate_from(post, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded) == 201


def test_the_html_forms_refuse_a_post_without_a_csrf_token(post):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(post.url + "rate/", {"stars": "5"}).status_code == 403
    assert browser.post(post.url + "comment/", comment_form()).status_code == 403
    assert not Rating.objects.exists() and not Comment.objects.exists()


def test_the_html_form_accepts_the_token_from_the_page(post):
    browser = Client(enforce_csrf_checks=True)
    browser.get(post.url)
    token = browser.cookies["csrftoken"].value
    assert (
        browser.post(post.url + "rate/", {"stars": "5", "csrfmiddlewaretoken": token}).status_code
        == 302
    )


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "null", "http://testserver.evil.example"]
)
def test_api_writes_with_a_foreign_origin_are_refused(client, post, origin):
    for url, data in [
        (ratings_url(post), {"stars": 5}),
        (comments_url(post), {"author_name": "Robin", "body": "Hello"}),
    ]:
        response = post_json(client, url, data, HTTP_ORIGIN=origin)
        assert response.status_code == 403
        assert "origin" in response.json()["detail"].lower()
    assert not Rating.objects.exists() and not Comment.objects.exists()


def test_a_signed_in_editor_session_does_not_lift_the_origin_check(client, post):
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "pw"))
    response = post_json(
        client, ratings_url(post), {"stars": 5}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403


def test_a_filled_honeypot_is_refused_and_stores_nothing(client, post):
    response = client.post(post.url + "comment/", comment_form(website="http://spam.example"))
    assert response.status_code == 400
    assert "could not be accepted" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "started, message",
    [
        (lambda: sign_timestamp(time.time()), "quick"),
        (lambda: sign_timestamp(time.time() - 1), "quick"),
        (lambda: sign_timestamp(time.time() - 3 * 60 * 60), "expired"),
        (lambda: sign_timestamp(time.time() + 3600), "quick"),
        (lambda: sign_timestamp(time.time() - 30)[:-2] + "xx", "reload"),
        (lambda: signing.dumps(time.time() - 30, salt="another.salt"), "reload"),
        (lambda: signing.dumps("yesterday", salt=TIMESTAMP_SALT), "reload"),
        (lambda: str(time.time() - 30), "reload"),
        (lambda: "", "required"),
    ],
)
def test_comments_sent_too_fast_too_late_or_with_a_tampered_stamp_are_refused(
    client, post, started, message
):
    response = client.post(post.url + "comment/", comment_form(started=started()))
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert not Comment.objects.exists()
