"""Health checks for a load balancer or an orchestrator: liveness and readiness.

* ``GET /health/live/``: the process answers (no database, no cache). A failing liveness check
  means "restart me".
* ``GET /health/ready/``: every database and every cache of ``settings`` answers within
  ``PRACTICE_CORE["READINESS_TIMEOUT"]`` seconds (1 by default). 200
  ``{"status": "ready", "checks": {...}}``, or 503 ``{"status": "unavailable", ...}`` naming
  what failed, so traffic goes elsewhere until it is back. A failing readiness check means "do
  not send me visitors", not "restart me": the site itself keeps serving pages while Redis is
  down (practice_site.cache).

Each database is checked on a connection of its own (never the request's), opened with the
timeout as its connect timeout, with the timeout as its statement timeout on PostgreSQL. Each
cache is checked by writing, reading back and deleting a probe key; the Redis caches' own short
socket timeouts bound that (``REDIS_SOCKET_TIMEOUT``). Answers are never cached, and never say
more than a check's name, its state, how long it took and the kind of error.
"""

from __future__ import annotations

import copy
import math
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import conf


def readiness_timeout() -> float:
    return float(conf.get("READINESS_TIMEOUT"))


def check_database(alias: str, timeout: float) -> None:
    """Run ``SELECT 1`` on a new connection to ``alias``; raise if it fails or takes too long."""
    connection = connections.create_connection(alias)
    connection.settings_dict = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "postgresql":
        options = connection.settings_dict.setdefault("OPTIONS", {})
        options["connect_timeout"] = max(1, math.ceil(timeout))  # libpq takes whole seconds
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET statement_timeout = %s", [max(1, int(timeout * 1000))])
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def check_cache(alias: str) -> None:
    """Write, read back and delete a probe key in cache ``alias``; raise if it does not hold."""
    cache = caches[alias]
    key = f"health:probe:{secrets.token_hex(8)}"
    cache.set(key, "ok", 10)
    try:
        if cache.get(key) != "ok":
            raise ConnectionError("the cache did not keep the probe")
    finally:
        cache.delete(key)


def _timed(timeout: float, check, *args) -> dict:
    started = time.monotonic()
    try:
        check(*args)
    except Exception as error:  # any failure makes the site not ready; say which kind
        state = {"status": "unavailable", "error": type(error).__name__}
    else:
        state = {"status": "ok"}
    elapsed = time.monotonic() - started
    if state["status"] == "ok" and elapsed > timeout:
        state = {"status": "unavailable", "error": "TooSlow"}
    state["ms"] = round(elapsed * 1000, 1)
    return state


def run_checks() -> dict[str, dict]:
    """Every database (``database:<alias>``) and cache (``cache:<alias>``), checked once."""
    timeout = readiness_timeout()
    checks = {}
    for alias in settings.DATABASES:
        checks[f"database:{alias}"] = _timed(timeout, check_database, alias, timeout)
    for alias in settings.CACHES:
        checks[f"cache:{alias}"] = _timed(timeout, check_cache, alias)
    return checks


@never_cache
@require_safe
def ready(request):
    """200 when every database and cache answers in time, else 503 (see the module doc)."""
    checks = run_checks()
    ok = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ready" if ok else "unavailable", "checks": checks},
        status=200 if ok else 503,
    )


@never_cache
@require_safe
def live(request):
    """200 as long as the process can answer at all."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
