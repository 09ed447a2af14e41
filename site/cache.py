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
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What an unreachable or overloaded Redis raises (redis-py, and the OS underneath it).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
WARNING_INTERVAL_SECONDS = 60


class ResilientRedisCache(RedisCache):
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

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as error:
            self._unavailable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as error:
            self._unavailable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as error:
            self._unavailable("has_key", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNAVAILABLE as error:
            self._unavailable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE as error:
            self._unavailable("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE as error:
            self._unavailable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as error:
            self._unavailable("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNAVAILABLE as error:
            self._unavailable("delete_many", error)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().get_or_set(key, default, timeout, version)
        except UNAVAILABLE as error:
            self._unavailable("get_or_set", error)
            return default() if callable(default) else default
