"""A Redis cache that lets pages keep serving while Redis is down, and one that does not.

Django's ``RedisCache`` raises on every call while Redis is unreachable. Wagtail looks up its
sites' root paths in the cache on every page request, so a stopped Redis would turn the whole
public site into error pages, although everything a page needs is in the database.

:class:`ResilientRedisCache` (the ``default`` cache when ``REDIS_URL`` is set) treats an
unreachable Redis as an empty cache for plain reads and writes: ``get`` misses, ``set`` and
``delete`` do nothing, and a warning is logged at most once a minute. The atomic counter
operations ``add``, ``incr`` and ``decr`` still raise: they are what throttles are built on, and a
throttle that silently counted nothing would let floods and password guessing through. Throttles
use the ``throttles`` cache alias (plain ``RedisCache``, same server), where every call raises, so
they can refuse writes clearly until Redis is back ("fail closed"). Nothing needs a restart:
redis-py reconnects on the next call.

A Redis that accepts connections but never answers is worse than one that is down: every call
waits for its socket timeout. Two things bound that wait. The timeouts are short
(``REDIS_CONNECT_TIMEOUT``/``REDIS_SOCKET_TIMEOUT``, 0.25 s by default, see
``practice_site.settings.environment``), and after a failure both caches stop calling that Redis
for ``REDIS_RETRY_INTERVAL`` seconds (2 by default): reads miss and counters raise at once, and
the first call after the interval tries Redis again. A page therefore waits at most one timeout
per interval per worker, not one per cache call.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What an unreachable or overloaded Redis raises (redis-py, and the OS underneath it).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
WARNING_INTERVAL_SECONDS = 60
DEFAULT_RETRY_INTERVAL = 2.0


class Outages:
    """Until when each Redis server (by its LOCATION) is left alone after a failure; shared by
    the caches of one process, which use the same server."""

    _until: dict[str, float] = {}
    _lock = threading.Lock()

    @classmethod
    def is_skipping(cls, location: str) -> bool:
        return time.monotonic() < cls._until.get(location, 0.0)

    @classmethod
    def start(cls, location: str) -> None:
        interval = float(getattr(settings, "REDIS_RETRY_INTERVAL", DEFAULT_RETRY_INTERVAL))
        with cls._lock:
            cls._until[location] = time.monotonic() + interval

    @classmethod
    def reset(cls) -> None:
        """Forget every outage (tests; Redis is tried again on the next call anyway)."""
        with cls._lock:
            cls._until.clear()


class SkippedWhileDown(RedisConnectionError):
    """Redis failed moments ago: this call was not even tried (see :class:`Outages`)."""


def _location(cache) -> str:
    servers = cache._servers if hasattr(cache, "_servers") else [str(id(cache))]
    return ",".join(servers)


class _OutageAware:
    """Skip Redis while it is in an outage; start one when a call fails."""

    def _guarded(self, operation, call):
        location = _location(self)
        if Outages.is_skipping(location):
            raise SkippedWhileDown(f"Redis failed moments ago; {operation} not tried")
        try:
            return call()
        except UNAVAILABLE:
            Outages.start(location)
            raise

    def incr_many(self, timeouts: dict[str, int]) -> None:
        """Add one to each counter of ``timeouts`` (key → seconds), creating a missing one at 0
        that expires after its seconds, as ``add()`` then ``incr()`` would: in one round trip
        (a pipeline of ``SET NX EX`` and ``INCR`` per key) instead of two per key."""

        def call():
            client = self._cache.get_client(write=True)
            pipeline = client.pipeline(transaction=False)
            for key, timeout in timeouts.items():
                full_key = self.make_and_validate_key(key)
                pipeline.set(full_key, 0, ex=timeout, nx=True)
                pipeline.incr(full_key)
            pipeline.execute()

        return self._guarded("incr_many", call)


class StrictRedisCache(_OutageAware, RedisCache):
    """``RedisCache`` for the throttle counters: every call raises while Redis is unreachable
    (fail closed), at once during an outage (see module doc)."""


def _strict(name):
    def method(self, *args, **kwargs):
        parent = getattr(super(StrictRedisCache, self), name)
        return self._guarded(name, lambda: parent(*args, **kwargs))

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
    "get_or_set",
):
    setattr(StrictRedisCache, _name, _strict(_name))


class ResilientRedisCache(_OutageAware, RedisCache):
    """``RedisCache`` that degrades to a cache miss while Redis is unreachable (see module doc)."""

    _last_warning = 0.0

    def _unavailable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning >= WARNING_INTERVAL_SECONDS:
            ResilientRedisCache._last_warning = now
            logger.warning(
                "Redis is unreachable (%s during cache %s); serving without the cache",
                type(error).__name__,
                operation,
            )

    def _read(self, operation, call, default):
        """``call()``, or ``default`` (logged) while Redis is unreachable or in an outage."""
        try:
            return self._guarded(operation, call)
        except UNAVAILABLE as error:
            if not isinstance(error, SkippedWhileDown):
                self._unavailable(operation, error)
            return default() if callable(default) else default

    def get(self, key, default=None, version=None):
        parent = super().get
        return self._read("get", lambda: parent(key, default, version), lambda: default)

    def get_many(self, keys, version=None):
        parent = super().get_many
        return self._read("get_many", lambda: parent(keys, version), dict)

    def has_key(self, key, version=None):
        parent = super().has_key
        return self._read("has_key", lambda: parent(key, version), lambda: False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set
        self._read("set", lambda: parent(key, value, timeout, version), lambda: None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set_many
        return self._read("set_many", lambda: parent(data, timeout, version), lambda: list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().touch
        return self._read("touch", lambda: parent(key, timeout, version), lambda: False)

    def delete(self, key, version=None):
        parent = super().delete
        return self._read("delete", lambda: parent(key, version), lambda: False)

    def delete_many(self, keys, version=None):
        parent = super().delete_many
        self._read("delete_many", lambda: parent(keys, version), lambda: None)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().get_or_set
        return self._read("get_or_set", lambda: parent(key, default, timeout, version), default)

    # The counters throttles are built on raise, at once during an outage.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().add
        return self._guarded("add", lambda: parent(key, value, timeout, version))

    def incr(self, key, delta=1, version=None):
        parent = super().incr
        return self._guarded("incr", lambda: parent(key, delta, version))

    def decr(self, key, delta=1, version=None):
        parent = super().decr
        return self._guarded("decr", lambda: parent(key, delta, version))
