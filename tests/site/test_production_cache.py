"""While Redis is down pages keep serving, and throttled actions are refused (fail closed)."""

import socket

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError

from practice_site.cache import ResilientRedisCache


def closed_port() -> int:
    """A local port nobody listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """Both caches pointed at a Redis that is not running."""
    location = f"redis://127.0.0.1:{closed_port()}/0"
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    settings.CACHES = {
        "default": {
            "BACKEND": "practice_site.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": options,
        },
        "throttles": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "OPTIONS": options,
        },
    }
    yield
    # Leave the conftest's cache.clear() a working cache to talk to.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_with_redis_set_the_default_cache_is_resilient_and_throttles_are_strict(monkeypatch):
    import importlib

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/5")
    base = importlib.reload(importlib.import_module("practice_site.settings.base"))
    try:
        assert base.CACHES["default"]["BACKEND"] == "practice_site.cache.ResilientRedisCache"
        assert base.CACHES["throttles"]["BACKEND"] == "practice_site.cache.StrictRedisCache"
        assert base.CACHES["throttles"]["LOCATION"] == base.CACHES["default"]["LOCATION"]
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_without_redis_both_aliases_share_one_local_memory_store(settings):
    if settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        pytest.skip("runs without REDIS_URL")
    caches["default"].set("shared", 1)
    assert caches["throttles"].get("shared") == 1


def test_reads_and_writes_miss_quietly_while_redis_is_down(redis_down):
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("key", "value")
    cache.set_many({"a": 1})
    cache.delete("key")
    cache.delete_many(["a"])
    assert cache.has_key("key") is False
    assert cache.get_or_set("computed", lambda: 42) == 42


def test_counters_still_raise_while_redis_is_down(redis_down):
    cache = caches["default"]
    with pytest.raises(RedisConnectionError):
        cache.add("counter", 0)
    with pytest.raises(RedisConnectionError):
        cache.incr("counter")
    with pytest.raises(RedisConnectionError):
        caches["throttles"].get("counter")


def test_pages_keep_serving_while_redis_is_down(client, home, redis_down):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Test Practice" in response.content.decode()


def test_admin_sign_in_fails_closed_while_redis_is_down(client, db, redis_down):
    get_user_model().objects.create_superuser("owner", "owner@example.org", "right password")
    response = client.post("/admin/login/", {"username": "owner", "password": "right password"})
    assert response.status_code == 200
    assert "briefly unavailable" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_resilient_cache_works_normally_with_redis_up(settings):
    if not settings.CACHES["default"]["BACKEND"].endswith("ResilientRedisCache"):
        pytest.skip("needs REDIS_URL")
    cache = caches["default"]
    cache.set("greeting", "hello", 30)
    assert cache.get("greeting") == "hello"
    assert cache.add("fresh", 1) is True
    assert cache.incr("fresh") == 2
