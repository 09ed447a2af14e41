"""A visitor's write counts its throttles in one Redis round trip (PostgreSQL + Redis run)."""

import os
import uuid

import pytest
from django.core.cache import caches
from redis.connection import Connection

from practice_core import throttles

RATES = "10/minute, 50/day"


@pytest.fixture
def redis_counters(settings):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL (the PostgreSQL + Redis run)")
    settings.CACHES = {
        **settings.CACHES,
        "throttles": {
            "BACKEND": "practice_site.cache.StrictRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "practice-cms-test",
        },
    }
    return caches["throttles"]


@pytest.fixture
def sends(monkeypatch):
    """How many times a command (or a pipeline of them) is sent to Redis."""
    calls = []
    original = Connection.send_packed_command

    def counted(self, command, check_health=True):
        calls.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(Connection, "send_packed_command", counted)
    return calls


def test_recording_every_rate_of_a_write_is_one_round_trip(redis_counters, sends):
    redis_counters.get("connected")  # the connection's own handshake is not the write's
    sends.clear()
    throttles.record("rating", uuid.uuid4().hex, RATES)
    assert len(sends) == 1


def test_counters_recorded_together_still_count_and_expire(redis_counters):
    key = uuid.uuid4().hex
    throttles.record("rating", key, "2/minute")
    throttles.check("rating", key, "2/minute")  # one of two used
    throttles.record("rating", key, "2/minute")
    with pytest.raises(throttles.Throttled):
        throttles.check("rating", key, "2/minute")
    client = redis_counters._cache.get_client()
    [counter] = client.keys(f"*throttle:rating:60:{key}:*")
    assert 0 < client.ttl(counter) <= 61
