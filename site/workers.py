"""How a gunicorn worker starts: from a warm master, with nothing shared, and warm itself.

``gunicorn.conf.py`` loads the application once, in the master (``preload_app``), and every worker
is a fork of it: a worker started by recycling, a crash or ``kill -HUP`` serves its first request
in milliseconds instead of importing Django and Wagtail inside that request.

* :func:`warm_up` (in the master) sends a few ordinary requests through the application (each
  language's home page, one page of each page type and its API detail, ``robots.txt``), so what
  Django and Wagtail load lazily on a first request (URL resolvers, compiled templates, message
  catalogues, API schemas, query compilers) is loaded once and shared copy-on-write;
* :func:`release_resources` (in the master, before every fork) closes everything a worker must
  open for itself: database connections, cache clients (a socket shared by two processes
  interleaves their traffic), and empties the master's local-memory cache, so a worker forked
  hours later does not start with entries from boot time;
* :class:`PopularPages` (in each worker) counts the pages first-time visitors ask for most; when
  the worker is replaced, its successor renders them (:func:`warm_worker`) before it accepts a
  request, so with the per-worker local-memory cache a restart does not turn the next visitors'
  requests into cold renders. (With ``REDIS_URL`` the cache is shared and survives restarts.)

With ``GUNICORN_PRELOAD`` off, each worker loads the application and runs :func:`warm_up`
itself, before it accepts its first request.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

logger = logging.getLogger(__name__)

# A warm-up never holds the start of the server longer than this (a site with many page types).
WARM_UP_SECONDS = 15.0
# A replacement worker renders at most this many of its predecessor's most asked-for pages, for
# at most this long, before it accepts requests.
POPULAR_PAGES = 50
WORKER_WARM_UP_SECONDS = 3.0

# What the master's warm-up requested: inherited by every worker it forks, which renders the same
# pages into its own cache when no predecessor left a list of popular pages.
_warm_up_requests: list[tuple[str, str]] = []


@dataclass
class WarmUp:
    """What :func:`warm_up` did."""

    requests: int = 0
    seconds: float = 0.0
    statuses: dict = field(default_factory=dict)
    skipped: str = ""

    def __str__(self) -> str:
        if self.skipped:
            return f"warm-up skipped: {self.skipped}"
        statuses = ", ".join(f"{n} × {status}" for status, n in sorted(self.statuses.items()))
        return f"warmed up with {self.requests} requests in {self.seconds:.1f} s ({statuses})"


def warm_up(application, budget: float = WARM_UP_SECONDS) -> WarmUp:
    """Serve :func:`warm_up_requests` through ``application`` (a WSGI callable), then release
    what they opened. Never raises: a server whose database is down at start still starts (its
    workers report the database error per request, as they would without a warm-up)."""
    report = WarmUp()
    began = time.monotonic()
    try:
        requests = warm_up_requests()
    except Exception as error:  # noqa: BLE001 - warming is an optimisation, never a reason to stop
        report.skipped = f"{type(error).__name__}: {error}"
        release_resources()
        return report
    _warm_up_requests[:] = requests
    replay(application, requests, budget, report, began)
    release_resources()
    return report


def replay(application, requests, budget: float, report: WarmUp, began: float) -> WarmUp:
    for host, path in requests:
        if time.monotonic() - began > budget:
            break
        status = serve(application, host, path)
        report.requests += 1
        report.statuses[status] = report.statuses.get(status, 0) + 1
    report.seconds = time.monotonic() - began
    return report


def warm_worker(application, popular_file: Path | None, budget: float = WORKER_WARM_UP_SECONDS):
    """In a new worker, before it accepts requests: render what its predecessors served most
    (or, in the first workers, what the master warmed up with) into this worker's own cache.
    Its database connection and cache client are its own, so they stay open."""
    began = time.monotonic()
    requests = PopularPages.read(popular_file) if popular_file else []
    return replay(application, requests or list(_warm_up_requests), budget, WarmUp(), began)


def warm_up_requests() -> list[tuple[str, str]]:
    """(host, path) of the requests that load what a worker needs for most requests.

    Each site's home page in every language, the most recently published public page of every
    page type and its API v3 detail, and ``robots.txt``. Reads the database (raises when it is
    unreachable: the warm-up is then skipped).
    """
    from django.conf import settings
    from django.db import connection
    from wagtail.models import Page, Site

    connection.ensure_connection()
    sites = list(Site.objects.select_related("root_page").order_by("-is_default_site", "pk"))
    default = next((site for site in sites if site.is_default_site), None)
    fallback = request_host(default) if default else allowed_host(settings.ALLOWED_HOSTS)
    if fallback is None:
        return []
    result = [(fallback, "/robots.txt")]
    pages = []
    for site in sites:
        pages.extend(site.root_page.get_translations(inclusive=True).live().public())
    public = Page.objects.live().public().exclude(depth=1)
    types = public.order_by("content_type_id").values_list("content_type_id", flat=True)
    for content_type_id in types.distinct():
        latest = public.filter(content_type_id=content_type_id).order_by("-last_published_at")
        pages.append(latest.first())
    seen_paths = set()
    for page in pages:
        parts = page.specific.get_url_parts()
        if parts is None:
            continue
        site_id, _root_url, page_path = parts
        site = next((site for site in sites if site.pk == site_id), default)
        host = request_host(site) or fallback
        for path in (page_path, f"/api/v3/pages/{page.pk}/"):
            if (host, path) not in seen_paths:
                seen_paths.add((host, path))
                result.append((host, path))
    return result


def request_host(site) -> str | None:
    """The Host header a request for ``site`` carries, if ALLOWED_HOSTS lets it in."""
    from django.conf import settings
    from django.http.request import validate_host

    if site is None:
        return None
    if validate_host(site.hostname, settings.ALLOWED_HOSTS):
        return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    if site.is_default_site:
        # Wagtail serves any allowed host that names no site from the default site.
        return allowed_host(settings.ALLOWED_HOSTS)
    return None


def allowed_host(patterns) -> str | None:
    """A concrete host name ALLOWED_HOSTS accepts (``.example.org`` gives ``example.org``)."""
    for pattern in patterns:
        host = pattern.lstrip(".")
        if host and host != "*":
            return host
    return None


def serve(application, host: str, path: str) -> int:
    """One GET through the WSGI application, as gunicorn would call it; returns the status."""
    from django.conf import settings

    secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    name, _, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        # As a server passes it: percent-decoded bytes, one character per byte (PEP 3333).
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": "",
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if secure else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": "practice-cms warm-up",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    try:
        response = application(environ, start_response)
        try:
            for _chunk in response:
                pass
        finally:
            if hasattr(response, "close"):
                response.close()
    except Exception:  # noqa: BLE001 - Django logs its own errors; one failure ends nothing
        logger.warning("warm-up request %s failed", path, exc_info=True)
        return 0
    return int(statuses[0].split()[0]) if statuses else 0


def release_resources() -> None:
    """Close what must never be shared with a forked worker: database connections and cache
    clients; empty the local-memory caches (a fresh worker must see what a fresh process would).
    Cheap when nothing is open, so it runs before every fork."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        if isinstance(cache, LocMemCache):
            cache.clear()
        disconnect_redis(cache)
        cache.close()


def disconnect_redis(cache) -> None:
    """Close the sockets of a Django ``RedisCache``'s connection pools (Django's ``close()``
    leaves them open). redis-py would replace them in a forked child anyway, but the master's
    own connection would stay open for ever and its socket would be inherited by every worker."""
    client = getattr(cache, "__dict__", {}).get("_cache")  # a cached_property: only once used
    for pool in getattr(client, "_pools", {}).values():
        pool.disconnect()


class PopularPages:
    """WSGI wrapper that counts the pages first-time visitors ask for most, per host.

    Counted: GET requests answered 200, without a cookie or credentials (what a replacement
    worker can render the same way), and without a query string, since that may hold what a
    visitor searched for; static files are left out. Only paths are kept, as in the access log.
    """

    TRACKED = 2000  # distinct pages remembered before the rarest half is forgotten

    def __init__(self, application, ignored_prefixes=("/static/", "/media/")):
        self.application = application
        self.ignored_prefixes = tuple(prefix for prefix in ignored_prefixes if prefix)
        self.counts: Counter = Counter()

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("QUERY_STRING")
            or "HTTP_COOKIE" in environ
            or "HTTP_AUTHORIZATION" in environ
            or environ.get("PATH_INFO", "").startswith(self.ignored_prefixes)
        ):
            return self.application(environ, start_response)

        # Read before the application runs: Django's WSGIRequest replaces PATH_INFO in this same
        # dict with the path decoded as UTF-8, which no longer encodes to the WSGI latin-1 form.
        host, path_info = environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", "/")

        def counting_start_response(status, headers, exc_info=None):
            if status.startswith("200 "):
                self.count(host, path_info)
            if exc_info is None:
                return start_response(status, headers)
            return start_response(status, headers, exc_info)

        return self.application(environ, counting_start_response)

    def count(self, host: str, path_info: str):
        path = quote(path_info.encode("latin-1"), safe="/:@!$&'()*+,;=-._~")
        self.counts[(host, path)] += 1
        if len(self.counts) > self.TRACKED:
            self.counts = Counter(dict(self.counts.most_common(self.TRACKED // 2)))

    def most_asked(self, limit: int = POPULAR_PAGES) -> list[tuple[str, str]]:
        return [key for key, _count in self.counts.most_common(limit)]

    def write(self, path: Path, limit: int = POPULAR_PAGES) -> None:
        """Leave the list for the next worker (readable by this user only; replaced at once)."""
        if not self.counts:
            return
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(self.most_asked(limit), handle)
        os.replace(partial, path)

    @staticmethod
    def read(path: Path) -> list[tuple[str, str]]:
        try:
            return [(host, page) for host, page in json.loads(Path(path).read_text())]
        except (OSError, ValueError, TypeError):
            return []
