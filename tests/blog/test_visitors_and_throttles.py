"""Visitor identity (signed cookie, keyed hash) and per-network throttles."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import override_settings

from practice_blog.visitors import COOKIE_NAME, existing_voter_key, identify, voter_key_for_token
from practice_core import throttles
from practice_core.network import client_address, client_network


def anonymous(request):
    request.user = AnonymousUser()
    return request


def test_a_new_visitor_gets_a_signed_httponly_cookie(rf, blog_settings):
    request = anonymous(rf.get("/"))
    visitor = identify(request, blog_settings=blog_settings)
    response = visitor.remember(request, HttpResponse())
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert visitor.new_token in cookie.value  # signed: token:signature
    assert cookie.value != visitor.new_token


def test_the_stored_key_is_a_keyed_hash_never_the_cookie(rf, blog_settings):
    request = anonymous(rf.get("/"))
    visitor = identify(request, blog_settings=blog_settings)
    assert visitor.voter_key == voter_key_for_token(visitor.new_token)
    assert visitor.new_token not in visitor.voter_key
    assert len(visitor.voter_key) == 64


def test_a_returning_visitor_keeps_their_identity(rf, blog_settings):
    first = anonymous(rf.get("/"))
    visitor = identify(first, blog_settings=blog_settings)
    response = visitor.remember(first, HttpResponse())
    again = anonymous(rf.get("/"))
    again.COOKIES[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    returning = identify(again, blog_settings=blog_settings)
    assert returning.voter_key == visitor.voter_key
    assert returning.new_token is None


def test_a_tampered_cookie_is_ignored(rf, blog_settings):
    request = anonymous(rf.get("/"))
    request.COOKIES[COOKIE_NAME] = "forged-token-value-123456:bad-signature"
    assert existing_voter_key(request) is None
    assert identify(request, blog_settings=blog_settings).new_token is not None


def test_a_signed_in_user_is_identified_by_their_id(rf, django_user_model, blog_settings):
    user = django_user_model.objects.create_user("editor", password="x")
    request = rf.get("/")
    request.user = user
    visitor = identify(request, blog_settings=blog_settings)
    assert visitor.voter_key == f"user:{user.pk}"
    assert visitor.new_token is None


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
        ("not an address", "None"),
    ],
)
def test_the_client_network_is_a_slash_24_or_slash_64(rf, address, network):
    request = rf.get("/", REMOTE_ADDR=address)
    assert str(client_network(client_address(request))) == network


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert str(client_network(client_address(request))) == "192.0.2.0/24"


@override_settings(PRACTICE_CORE={"TRUSTED_PROXIES": ["10.0.0.0/8"]})
def test_forwarded_for_names_the_client_behind_a_trusted_proxy(rf):
    request = rf.get(
        "/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.9.9.9"
    )
    assert str(client_network(client_address(request))) == "203.0.113.0/24"


def test_the_network_key_hides_the_address(rf):
    key = throttles.network_key(rf.get("/", REMOTE_ADDR="203.0.113.77"))
    assert "203" not in key
    assert key == throttles.network_key(rf.get("/", REMOTE_ADDR="203.0.113.1"))


def test_a_throttle_allows_its_limit_then_refuses_with_a_retry_delay():
    for _ in range(3):
        throttles.check("comment", "k", "3/minute, 20/day")
        throttles.record("comment", "k", "3/minute, 20/day")
    with pytest.raises(throttles.Throttled) as caught:
        throttles.check("comment", "k", "3/minute, 20/day")
    assert 1 <= caught.value.retry_after <= 60
    throttles.check("comment", "other", "3/minute, 20/day")


def test_the_daily_limit_applies_too():
    for _ in range(2):
        throttles.record("comment", "k", "100/minute, 2/day")
    with pytest.raises(throttles.Throttled) as caught:
        throttles.check("comment", "k", "100/minute, 2/day")
    assert caught.value.retry_after > 60


def test_rate_limits_parse_and_ignore_nonsense():
    assert throttles.parse_rates("3/minute, 20/day") == [
        throttles.Rate(3, 60),
        throttles.Rate(20, 86400),
    ]
    assert throttles.parse_rates("x/minute, 4/fortnight") == []


@pytest.mark.django_db
def test_the_settings_refuse_malformed_limits(blog_settings):
    from django.core.exceptions import ValidationError

    blog_settings.comment_rate_limits = "lots"
    with pytest.raises(ValidationError):
        blog_settings.full_clean()
