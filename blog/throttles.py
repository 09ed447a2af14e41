"""Per-network limits on visitors' writes, counted in Django's cache (Redis in production).

A client's network is their IPv4 /24 or IPv6 /64: one person rarely changes it, and a spammer
rotating addresses inside it is still counted once. The address comes from REMOTE_ADDR, or from
X-Forwarded-For only when REMOTE_ADDR is one of ``settings.TRUSTED_PROXIES``. The cache keys hold a
keyed hash of the network, never the address.

Counters live in the ``throttles`` cache alias when the site defines one (a strict cache that
raises while Redis is down), else in ``default``. While the counters cannot be read or written,
:class:`ThrottlesUnavailable` is raised: the write is refused (503) rather than let through
uncounted ("fail closed"), and accepted again as soon as the cache answers.
"""

import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
DEFAULT_RATES = {"comment": "3/minute, 20/day", "rating": "10/minute"}
HASH_SALT = "blog.throttles.network"

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
    """Too many writes from this network; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many requests; retry after {retry_after} s")
        self.retry_after = retry_after


class ThrottlesUnavailable(Exception):
    """The throttle counters cannot be reached (Redis down): refuse the write for now."""

    retry_after = 30

    def __init__(self):
        super().__init__("The throttle counters are unavailable; try again shortly.")


def _counters():
    return caches["throttles" if "throttles" in settings.CACHES else "default"]


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


def _trusted_proxies():
    networks = []
    for entry in getattr(settings, "TRUSTED_PROXIES", []) or []:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _parse_ip(value):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def client_ip(request):
    """The client's address, trusting X-Forwarded-For only from a configured proxy."""
    remote = _parse_ip(request.META.get("REMOTE_ADDR"))
    proxies = _trusted_proxies()
    if remote is None or not any(remote in net for net in proxies):
        return remote
    # Walk the chain from the nearest hop; the first address that is not a trusted proxy is the
    # client (earlier entries could have been written by the client itself).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for value in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _parse_ip(value)
        if address is None:
            return remote
        if not any(address in net for net in proxies):
            return address
    return remote


def client_network(request) -> str:
    """The client's network in CIDR notation: IPv4 /24, IPv6 /64 ("unknown" without an address)."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def network_key(request) -> str:
    """A keyed hash of the client's network: what throttles count by."""
    return salted_hmac(HASH_SALT, client_network(request), algorithm="sha256").hexdigest()[:32]


def _keys(action, key, rates, now):
    for rate in rates:
        window = int(now // rate.seconds)
        retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
        yield rate, f"blog:throttle:{action}:{rate.seconds}:{key}:{window}", retry_after


def check(action: str, key: str, rates_text: str | None = None) -> None:
    """Raise :class:`Throttled` if ``key`` has used up any of its limits for ``action``."""
    rates = parse_rates(rates_text if rates_text is not None else DEFAULT_RATES[action])
    now = time.time()
    entries = list(_keys(action, key, rates, now))
    try:
        counts = _counters().get_many([cache_key for _, cache_key, _ in entries])
    except UNAVAILABLE as exc:
        raise ThrottlesUnavailable() from exc
    waits = [
        retry_after
        for rate, cache_key, retry_after in entries
        if counts.get(cache_key, 0) >= rate.limit
    ]
    if waits:
        raise Throttled(max(waits))


def record(action: str, key: str, rates_text: str | None = None) -> None:
    """Count one accepted write by ``key`` against every limit of ``action``.

    Call it inside the write's transaction: :class:`ThrottlesUnavailable` then rolls the write back.
    """
    rates = parse_rates(rates_text if rates_text is not None else DEFAULT_RATES[action])
    cache = _counters()
    try:
        for rate, cache_key, _ in _keys(action, key, rates, time.time()):
            # add() is a no-op when the counter exists; incr() is atomic on Redis and locmem.
            cache.add(cache_key, 0, timeout=rate.seconds + 1)
            try:
                cache.incr(cache_key)
            except ValueError:  # expired between add() and incr()
                cache.set(cache_key, 1, timeout=rate.seconds + 1)
    except UNAVAILABLE as exc:
        raise ThrottlesUnavailable() from exc
