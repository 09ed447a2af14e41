"""Admin sign-in: throttled against password guessing, and sessions that end."""

import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches

from practice_site.admin_login import AdminLoginThrottle

LOGIN_URL = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_superuser(
        username="owner", email="owner@practice.example", password=PASSWORD
    )


def sign_in(client, username, password, address="203.0.113.10", **extra):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail_times(client, count, username="owner", address="203.0.113.10"):
    for _ in range(count):
        response = sign_in(client, username, "wrong password", address)
        assert response.status_code == 200


def is_signed_in(client):
    return "_auth_user_id" in client.session


def test_the_right_password_signs_in(client, owner):
    response = sign_in(client, "owner", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_wrong_password_is_refused_with_wagtails_message(client, owner):
    response = sign_in(client, "owner", "wrong password")
    assert response.status_code == 200
    assert "didn&#x27;t match" in response.content.decode()
    assert not is_signed_in(client)


def test_five_failures_lock_the_account_for_that_network_even_with_the_right_password(
    client, owner
):
    fail_times(client, 5)
    response = sign_in(client, "owner", PASSWORD)
    assert response.status_code == 200
    assert not is_signed_in(client)
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()


def test_four_failures_still_allow_the_right_password(client, owner):
    fail_times(client, 4)
    assert sign_in(client, "owner", PASSWORD).status_code == 302


def test_the_lock_applies_to_the_whole_client_network(client, owner):
    fail_times(client, 5, address="203.0.113.10")
    response = sign_in(client, "owner", PASSWORD, address="203.0.113.200")
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_another_network_can_still_sign_in(client, owner):
    fail_times(client, 5, address="203.0.113.10")
    assert sign_in(client, "owner", PASSWORD, address="198.51.100.20").status_code == 302


def test_ipv6_clients_are_grouped_by_their_64_network(client, owner):
    fail_times(client, 5, address="2001:db8:1:2::10")
    response = sign_in(client, "owner", PASSWORD, address="2001:db8:1:2:ffff::1")
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert sign_in(client, "owner", PASSWORD, address="2001:db8:1:3::1").status_code == 302


def test_user_names_are_counted_without_regard_to_case(client, owner):
    fail_times(client, 3, username="owner")
    fail_times(client, 2, username="OWNER")
    response = sign_in(client, "owner", PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_successful_sign_in_clears_the_failure_count(client, owner):
    fail_times(client, 4)
    assert sign_in(client, "owner", PASSWORD).status_code == 302
    client.logout()
    fail_times(client, 4)
    assert sign_in(client, "owner", PASSWORD).status_code == 302


def test_the_lock_and_its_counters_expire_with_the_window(client, owner, settings):
    settings.ADMIN_LOGIN_LOCKOUT_SECONDS = 1
    fail_times(client, 5)
    locked = sign_in(client, "owner", PASSWORD)
    assert "please wait 1 minute before" in locked.content.decode()
    time.sleep(1.2)
    assert sign_in(client, "owner", PASSWORD).status_code == 302


def test_spraying_many_user_names_from_one_network_is_stopped(client, owner, settings):
    settings.ADMIN_LOGIN_MAX_NETWORK_FAILURES = 6
    for number in range(6):
        sign_in(client, f"guess{number}", "Password1")
    response = sign_in(client, "owner", PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_forwarded_for_from_an_untrusted_peer_does_not_dodge_the_lock(client, owner, settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    for number in range(5):
        sign_in(client, "owner", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = sign_in(client, "owner", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_clients_behind_a_trusted_proxy_are_told_apart(client, owner, settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    for _ in range(5):
        sign_in(client, "owner", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    locked = sign_in(
        client, "owner", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8"
    )
    assert "Too many failed sign-in attempts" in locked.content.decode()
    other = sign_in(
        client, "owner", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert other.status_code == 302


def test_the_failure_counters_hold_no_address_or_user_name(client, owner):
    fail_times(client, 2, address="203.0.113.10")
    throttle = AdminLoginThrottle(mock.Mock(META={"REMOTE_ADDR": "203.0.113.10"}), "owner")
    assert caches["throttles"].get(throttle.user_key) == 2
    for key in (throttle.user_key, throttle.network_key):
        assert "203.0.113" not in key
        assert "owner" not in key


def test_the_counters_live_in_the_strict_throttles_cache(settings):
    assert "throttles" in settings.CACHES
    assert settings.CACHES["throttles"]["BACKEND"] != "practice_site.cache.ResilientRedisCache"


def test_sign_in_is_refused_while_the_cache_is_unreachable(client, owner):
    unreachable = mock.Mock()
    unreachable.get.side_effect = ConnectionError("down")
    with mock.patch("practice_core.throttles.counters", return_value=unreachable):
        response = sign_in(client, "owner", PASSWORD)
    assert response.status_code == 200
    assert not is_signed_in(client)
    assert "briefly unavailable" in response.content.decode()


def test_an_empty_form_is_refused_without_counting(client, owner):
    response = client.post(LOGIN_URL, {"username": "", "password": ""})
    assert response.status_code == 200
    assert not is_signed_in(client)
    fail_times(client, 4)
    assert sign_in(client, "owner", PASSWORD).status_code == 302


def test_admin_sessions_expire_within_a_working_day(client, owner):
    sign_in(client, "owner", PASSWORD)
    assert 0 < client.session.get_expiry_age() <= 24 * 60 * 60


def test_remembered_admin_sessions_expire_too(client, owner):
    client.post(
        LOGIN_URL,
        {"username": "owner", "password": PASSWORD, "remember": "on"},
        REMOTE_ADDR="203.0.113.10",
    )
    assert is_signed_in(client)
    assert 0 < client.session.get_expiry_age() <= 24 * 60 * 60


@pytest.mark.parametrize(
    "username",
    ["owner\x00", "x" * 10_000, "<script>alert(1)</script>", "\u202eowner", ""],
)
def test_hostile_user_names_get_a_form_error_not_a_crash(client, owner, username):
    response = sign_in(client, username, PASSWORD)
    assert response.status_code == 200
    assert not is_signed_in(client)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_nul_byte_in_the_password_is_refused_cleanly(client, owner):
    response = sign_in(client, "owner", PASSWORD + "\x00")
    assert response.status_code == 200
    assert not is_signed_in(client)
