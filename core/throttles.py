"""Throttles: how often one client network may do something, counted in the throttle cache.

Every throttle of the site counts here, keyed on :func:`practice_core.network.client_network_key`
(a keyed hash of the client's IPv4 /24 or IPv6 /64, never an address), so every throttle reads
the client the same way, ports and IPv6 in ``X-Forwarded-For`` included.

Two kinds of limit:

* **rates** for visitors' writes (ratings, comments, enquiries, follow requests):
  :func:`check` before the write, :func:`record` inside its transaction. A rate is text such as
  ``"3/minute, 20/day"`` (:func:`parse_rates`), counted in fixed windows;
* **once per visitor**: :func:`done_recently` / :func:`remember_done` tell a visitor's repeated
  submission (the same comment twice) from someone else's, without storing who they are;
* **failure limits** for guessing (the admin sign-in, page passwords): :class:`FailureLimit`
  counts failures over a window that starts at the first one, and refuses even the right answer
  while the limit is reached, so a guesser learns nothing.

Counters live in the ``throttles`` cache alias when the site defines one (a strict cache that
raises while Redis is down), else in ``default``. While the counters cannot be read or written,
:class:`ThrottlesUnavailable` is raised: the action is refused (503, or a "try again shortly"
message) rather than let through uncounted ("fail closed"), and accepted again as soon as the
cache answers.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from . import conf
from .network import client_network_key

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
KEY_PREFIX = "throttle"

try:  # Django's RedisCache raises redis-py's own errors, which are not OSErrors.
    from redis.exceptions import ConnectionError as _RedisConnectionError
    from redis.exceptions import TimeoutError as _RedisTimeoutError

    UNAVAILABLE = (
        _RedisConnectionError,
        _RedisTimeoutError,
        ConnectionError,
        TimeoutError,
        OSError,
    )
except ImportError:  # pragma: no cover - only without redis-py installed
    UNAVAILABLE = (ConnectionError, TimeoutError, OSError)


class Throttled(Exception):
    """Too many requests from this network; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many requests; retry after {retry_after} s")
        self.retry_after = retry_after


class ThrottlesUnavailable(Exception):
    """The throttle counters cannot be reached (Redis down): refuse the action for now."""

    retry_after = 30

    def __init__(self):
        super().__init__("The throttle counters are unavailable; try again shortly.")


def counters():
    """The cache holding every throttle counter: ``PRACTICE_CORE["THROTTLE_CACHE"]``, else
    ``throttles`` if defined, else ``default``."""
    alias = conf.get("THROTTLE_CACHE")
    return caches[alias or ("throttles" if "throttles" in settings.CACHES else "default")]


def network_key(request) -> str:
    """What throttles count a request by: a keyed hash of its client network."""
    return client_network_key(request)


def hashed(value: str, purpose: str) -> str:
    """A keyed hash of ``value`` (a user name, an email address) fit for a counter's key."""
    return salted_hmac(f"practice_core.throttles.{purpose}", value, algorithm="sha256").hexdigest()[
        :32
    ]


# --- rates: visitors' writes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def parse_rates(text: str | None) -> list[Rate]:
    """Parse "3/minute, 20/day" (malformed parts are ignored; the setting validates input)."""
    rates = []
    for part in (text or "").split(","):
        count, _, period = part.partition("/")
        try:
            rates.append(Rate(int(count.strip()), PERIODS[period.strip()]))
        except (ValueError, KeyError):
            continue
    return rates


def _keys(action, key, rates, now):
    for rate in rates:
        window = int(now // rate.seconds)
        retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
        yield rate, f"{KEY_PREFIX}:{action}:{rate.seconds}:{key}:{window}", retry_after


def check(action: str, key: str, rates_text: str | None) -> None:
    """Raise :class:`Throttled` if ``key`` has used up any of its ``action`` rates."""
    now = time.time()
    entries = list(_keys(action, key, parse_rates(rates_text), now))
    if not entries:
        return
    try:
        counts = counters().get_many([cache_key for _, cache_key, _ in entries])
    except UNAVAILABLE as exc:
        raise ThrottlesUnavailable() from exc
    waits = [
        retry_after
        for rate, cache_key, retry_after in entries
        if counts.get(cache_key, 0) >= rate.limit
    ]
    if waits:
        raise Throttled(max(waits))


def record(action: str, key: str, rates_text: str | None) -> None:
    """Count one accepted ``action`` by ``key`` against each of its rates.

    Call it inside the write's transaction: :class:`ThrottlesUnavailable` then rolls the write back.
    """
    timeouts = {
        cache_key: rate.seconds + 1
        for rate, cache_key, _ in _keys(action, key, parse_rates(rates_text), time.time())
    }
    if not timeouts:
        return
    cache = counters()
    try:
        if hasattr(cache, "incr_many"):  # the site's Redis caches: one round trip for all
            cache.incr_many(timeouts)
        else:
            for cache_key, timeout in timeouts.items():
                _increment(cache, cache_key, timeout)
    except UNAVAILABLE as exc:
        raise ThrottlesUnavailable() from exc


def _increment(cache, key: str, timeout: int) -> None:
    # add() is a no-op when the counter exists; incr() is atomic on Redis and locmem.
    cache.add(key, 0, timeout=timeout)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=timeout)


# --- once per visitor: repeated submissions ---------------------------------------------------


def done_recently(action: str, key: str) -> bool:
    """Whether ``key`` (a hash naming one visitor and what they did) was :func:`remembered
    <remember_done>` for ``action`` and has not expired."""
    try:
        return counters().get(f"{KEY_PREFIX}:{action}:done:{key}") is not None
    except UNAVAILABLE as exc:
        raise ThrottlesUnavailable() from exc


def remember_done(action: str, key: str, seconds: int) -> None:
    """Remember for ``seconds`` that ``key`` did ``action`` (inside the action's transaction)."""
    try:
        counters().set(f"{KEY_PREFIX}:{action}:done:{key}", 1, timeout=seconds)
    except UNAVAILABLE as exc:
        raise ThrottlesUnavailable() from exc


# --- failure limits: guessing --------------------------------------------------------------------


class FailureLimit:
    """At most ``limit`` failures per key over ``window`` seconds from the first failure.

    ``name`` keeps the counters of different guards apart (``"admin-login"``,
    ``"page-password"``). Keys are built by the caller from hashes (:func:`network_key`,
    :func:`hashed`), never from an address or a user name.
    """

    def __init__(self, name: str, limit: int, window: int):
        self.name = name
        self.limit = limit
        self.window = window

    def cache_key(self, key: str) -> str:
        return f"{KEY_PREFIX}:{self.name}:{key}"

    def count(self, key: str) -> int:
        """How many failures ``key`` has in its current window."""
        try:
            return counters().get(self.cache_key(key), 0)
        except UNAVAILABLE as exc:
            raise ThrottlesUnavailable() from exc

    def is_reached(self, key: str) -> bool:
        return self.count(key) >= self.limit

    def record_failure(self, key: str) -> None:
        try:
            _increment(counters(), self.cache_key(key), self.window)
        except UNAVAILABLE as exc:
            raise ThrottlesUnavailable() from exc

    def clear(self, key: str) -> None:
        """Forget ``key``'s failures (after a success); during an outage they just expire."""
        with contextlib.suppress(*UNAVAILABLE):
            counters().delete(self.cache_key(key))

    @property
    def retry_after(self) -> int:
        """What ``Retry-After`` says while the limit is reached: the window (at most that long)."""
        return self.window
