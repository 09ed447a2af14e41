"""A Redis that accepts connections but never answers (audit item 2).

With such a listener as REDIS_URL the home page took 21 s and a post hit gunicorn's 30 s limit,
while ``/robots.txt`` still answered 200. Now every Redis call gives up after a short timeout,
both caches then leave Redis alone for a moment (reads miss: pages are served from the database;
throttled writes are refused with 503), and ``/health/ready/`` says the site is not ready.
These tests use a real socket that accepts connections and never answers.
"""

import json
import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.db import connections

from practice_blog.models import Rating
from practice_site.cache import Outages
from practice_site.settings.environment import ConfigurationError, redis_timeouts

# Generous bounds for a loaded CI machine; the old behaviour took 20 s and more.
QUICK = 3.0


@pytest.fixture
def silent_redis():
    """The address of a TCP listener that accepts every connection and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(1)
    for connection in held:
        connection.close()
    server.close()


@pytest.fixture
def caches_on_silent_redis(settings, silent_redis):
    options = redis_timeouts()  # the defaults, as production uses them
    settings.CACHES = {
        "default": {
            "BACKEND": "practice_site.cache.ResilientRedisCache",
            "LOCATION": silent_redis,
            "OPTIONS": options,
        },
        "throttles": {
            "BACKEND": "practice_site.cache.StrictRedisCache",
            "LOCATION": silent_redis,
            "OPTIONS": options,
        },
    }
    yield
    for alias in ("default", "throttles"):
        caches[alias].close()
    # Leave the conftest's cache.clear() a working cache to talk to.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_the_default_timeouts_are_well_under_a_second():
    options = redis_timeouts()
    assert 0 < options["socket_connect_timeout"] < 1
    assert 0 < options["socket_timeout"] < 1


def test_the_timeouts_are_configurable_and_checked(monkeypatch):
    monkeypatch.setenv("REDIS_CONNECT_TIMEOUT", "0.1")
    monkeypatch.setenv("REDIS_SOCKET_TIMEOUT", "0.5")
    assert redis_timeouts() == {"socket_connect_timeout": 0.1, "socket_timeout": 0.5}
    for value in ("0", "30", "soon"):
        monkeypatch.setenv("REDIS_SOCKET_TIMEOUT", value)
        with pytest.raises(ConfigurationError):
            redis_timeouts()


@pytest.mark.django_db
def test_pages_answer_quickly_while_redis_never_answers(client, home, post, caches_on_silent_redis):
    response, elapsed = timed(lambda: client.get("/en/"))
    assert response.status_code == 200
    assert elapsed < QUICK
    response, elapsed = timed(lambda: client.get(post.url))
    assert response.status_code == 200
    assert post.title in response.content.decode()
    assert elapsed < QUICK


@pytest.mark.django_db
def test_after_one_timeout_redis_is_left_alone_for_a_moment(home, caches_on_silent_redis):
    cache = caches["default"]
    value, first = timed(lambda: cache.get("anything", "miss"))
    assert value == "miss"
    values, skipped = timed(lambda: [cache.get(f"key-{n}", "miss") for n in range(50)])
    assert values == ["miss"] * 50
    assert skipped < first + 0.2  # fifty reads cost less than one timeout


@pytest.mark.django_db
def test_a_rating_is_refused_quickly_with_a_503_and_nothing_stored(
    client, post, caches_on_silent_redis
):
    response, elapsed = timed(
        lambda: client.post(
            f"/api/v3/pages/{post.pk}/ratings/",
            json.dumps({"stars": 5}),
            content_type="application/json",
        )
    )
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Content-Type"] == "application/problem+json"
    assert elapsed < QUICK
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_readiness_says_not_ready_while_redis_never_answers(client, caches_on_silent_redis):
    response, elapsed = timed(lambda: client.get("/health/ready/"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache:default"]["status"] == "unavailable"
    assert body["checks"]["cache:throttles"]["status"] == "unavailable"
    assert body["checks"]["database:default"]["status"] == "ok"
    assert elapsed < QUICK
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert client.get("/health/live/").status_code == 200


@pytest.mark.django_db
def test_readiness_is_200_when_the_database_and_caches_answer(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert {"database:default", "cache:default"} <= set(body["checks"])
    assert all(check["status"] == "ok" for check in body["checks"].values())


@pytest.mark.django_db
def test_readiness_says_not_ready_when_the_database_is_unreachable(client):
    original = connections.settings["default"]
    broken = {**original, "NAME": "/nonexistent/folder/db.sqlite3"}
    if original["ENGINE"].endswith("postgresql"):
        broken = {**original, "HOST": "127.0.0.1", "PORT": "1"}
    connections.settings["default"] = broken  # what the check's own connection is opened with
    try:
        response = client.get("/health/ready/")
    finally:
        connections.settings["default"] = original
    assert response.status_code == 503
    assert response.json()["checks"]["database:default"]["status"] == "unavailable"


def test_liveness_touches_neither_database_nor_cache(client, settings):
    # No database access is allowed in this test (no django_db mark): any query would raise.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_an_outage_ends_after_the_retry_interval(settings):
    settings.REDIS_RETRY_INTERVAL = 0.05
    Outages.start("redis://example:6379/0")
    assert Outages.is_skipping("redis://example:6379/0")
    time.sleep(0.1)
    assert not Outages.is_skipping("redis://example:6379/0")
