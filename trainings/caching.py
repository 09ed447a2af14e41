"""Caches of what the directory computes, keyed on the plugin's content version.

Without Redis each gunicorn worker has its own local-memory cache, so deleting a key in the
worker that handled a change would leave the other workers' copies stale. Instead every key
carries ``ContentVersion.number``, read from the database by the request that uses the cache
(before it reads anything else), and every change that a visitor could see raises that number
in the same transaction (``trainings.signals`` and the services that write with ``update()``).
A change therefore gives every worker a new key at once; old entries simply expire.

Each entry also has a timeout, a bound on staleness for what no write announces: a session
starting (``next_start``, the "upcoming" filter and the date sort move with the clock) and any
write that bypasses the ORM's signals (raw SQL, ``QuerySet.update()`` outside the services).
An unreachable cache only costs the work it would have saved.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.core.cache import cache
from django.db.models import F

#: Listings and API listings: their selection depends on the clock (sessions starting).
LISTING_TIMEOUT = 60
#: Scorecards, filter options and API facts: every input announces its changes.
DETAIL_TIMEOUT = 600

_MISSING = object()


def current_version() -> int:
    """The content version (one indexed query; 0 before the first change)."""
    from .models import ContentVersion

    number = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return number or 0


def bump_version() -> None:
    """Raise the content version, inside the caller's transaction (call it with the write)."""
    from .models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def make_key(kind: str, version: int, *parts) -> str:
    """A short cache key: the kind and version in clear, the rest hashed."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"trainings:{kind}:{version}:{digest}"


def get_or_build(key: str, build, timeout: int, keep=None):
    """The cached value under ``key``, or ``build()`` stored there (unless ``keep(value)`` is
    false); cache errors cost nothing but the work."""
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # an unreachable cache must never break a page
        value = _MISSING
    if value is _MISSING:
        value = build()
        if keep is not None and not keep(value):
            return value
        with contextlib.suppress(Exception):
            cache.set(key, value, timeout)
    return value
