"""The one cache mechanism: keys, the sharing rule, and whole answers for anonymous visitors.

- :func:`make_key` builds every cache key: a namespace, the caller's parts, the numbers of the
  content-version scopes the value is built from (:mod:`practice_core.versions`), the active
  language, the site (host and port) and the scheme.
- :func:`get_or_build` keeps a value under such a key. Entries are never invalidated by hand: a
  change gives its scopes new numbers, so the next request computes a new key.
  ``ENTRY_TIMEOUT`` only bounds how long unused entries take memory.
- :func:`may_share` is the one rule deciding whether a request may get an answer built for
  someone else: a GET or HEAD, not a preview, no ``Authorization`` header, and no cookie other
  than :func:`neutral_cookies` (Django's CSRF and language cookies, plus those plugins declare
  through the ``register_neutral_cookies`` hook). A session cookie (signed in, a pending message)
  or any cookie nobody declared neutral means the visitor gets their own answer.
- :class:`SharedResponseMiddleware` answers a repeated request from the cache before Wagtail's
  routing, with one query (the version read). Views opt in with :func:`share_response`.

Django's ``default`` cache is used as is: with Redis it is
:class:`practice_site.cache.ResilientRedisCache`, which treats an unreachable Redis as a miss, so
nothing here catches cache errors.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import has_vary_header
from django.utils.translation import get_language, get_language_from_path

from . import versions

#: How long an entry nobody reads any more keeps its memory (a change never waits for it).
ENTRY_TIMEOUT = 24 * 3600
NEUTRAL_COOKIES_HOOK = "register_neutral_cookies"
FILLERS_HOOK = "register_shared_response_fillers"
#: Put in place of the CSRF token in a shared answer; each visitor gets their own token.
CSRF_PLACEHOLDER = "practice-csrf-placeholder-5b9e1d"
_MISSING = object()
#: Wagtail's API v3 page detail, answered whole for anonymous readers like any shared page.
WAGTAIL_API_DETAIL = re.compile(r"^/api/v3/pages/\d{1,10}/$")
API_PARAMETERS = {"rich_text_format"}


def make_key(
    namespace: str,
    *parts,
    request=None,
    scopes: Iterable[str] = (versions.CONTENT,),
) -> str:
    """The cache key of a value built from ``parts`` and the current state of ``scopes``.

    The language is the active one; the site and scheme are the request's (absolute links and
    the site's own pages differ between them), or empty without a request.
    """
    scopes = tuple(scopes)
    numbers = versions.read(*scopes)
    site = request.get_host() if request is not None else ""
    scheme = request.scheme if request is not None else ""
    material = repr((parts, scopes, numbers, get_language() or "", site, scheme))
    digest = hashlib.sha256(material.encode()).hexdigest()[:40]
    return f"practice:{namespace}:{digest}"


def get_or_build(key: str, build: Callable, keep: Callable | None = None):
    """The value kept under ``key``, or ``build()``'s, kept unless ``keep(value)`` is false."""
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if keep is None or keep(value):
            cache.set(key, value, ENTRY_TIMEOUT)
    return value


def cached(namespace: str, *parts, build: Callable, request=None, scopes=(versions.CONTENT,)):
    """``build()``, kept under :func:`make_key` of the other arguments."""
    return get_or_build(make_key(namespace, *parts, request=request, scopes=scopes), build)


@functools.cache
def _declared_cookies() -> frozenset:
    from wagtail import hooks

    return frozenset(name for hook in hooks.get_hooks(NEUTRAL_COOKIES_HOOK) for name in hook())


def neutral_cookies() -> frozenset:
    """Cookies that change nothing in a shared answer (or only what is filled in per visitor)."""
    return frozenset(
        {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME} | _declared_cookies()
    )


def is_preview(request) -> bool:
    """A preview, or Wagtail's dummy request for one (marked before any middleware runs)."""
    return bool(getattr(request, "is_preview", False) or getattr(request, "is_dummy", False))


def may_share(request) -> bool:
    """Whether ``request`` may get (and fill) an answer shared with other visitors."""
    return (
        request.method in ("GET", "HEAD")
        and not is_preview(request)
        and "HTTP_AUTHORIZATION" not in request.META
        # An empty cookie (one being deleted) personalises nothing.
        and {name for name, value in request.COOKIES.items() if value} <= neutral_cookies()
    )


# --- whole answers ---------------------------------------------------------------------------


def share_response(request, *, fillers: Iterable[str] = (), valid_until: float | None = None):
    """Let the middleware keep this request's answer for other visitors.

    ``fillers`` name the per-visitor parts (registered with the ``register_shared_response_
    fillers`` hook) to fill in on every hit; ``valid_until`` (a Unix time) ends the entry's use
    when something the clock changes shows (e.g. "upcoming" sessions).
    """
    if not may_share(request):
        return
    current = getattr(request, "_practice_share", None)
    names = set(fillers) | (current["fillers"] if current else set())
    until = valid_until
    if current and current["valid_until"] is not None:
        until = current["valid_until"] if until is None else min(until, current["valid_until"])
    request._practice_share = {"fillers": names, "valid_until": until}


@functools.cache
def _fillers() -> dict:
    from wagtail import hooks

    found = {}
    for hook in hooks.get_hooks(FILLERS_HOOK):
        found.update(hook())
    return found


def _fill(request, html: str, names) -> str:
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    fillers = _fillers()
    for name in sorted(names):
        html = fillers[name](request, html)
    return html


def _response_key(request) -> str:
    query = sorted(request.GET.lists())
    return make_key("response", request.path, query, request=request, scopes=())


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        # A token made for this visitor is in the body unless the view used the placeholder.
        and not (
            request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and CSRF_PLACEHOLDER not in response.content.decode(errors="replace")
        )
    )


class SharedResponseMiddleware:
    """Answers a repeated anonymous request from the cache, before URL routing.

    An entry holds the answer and the numbers of every scope read while it was built. A hit
    reads those scopes again (one query) and is used only if none has changed (and the entry's
    ``valid_until`` has not passed); the per-visitor parts are then filled in. Place it after
    the session, CSRF, authentication and locale middleware, which all apply to its answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with versions.request_scope():
            return self.respond(request)

    def respond(self, request):
        api_detail = bool(WAGTAIL_API_DETAIL.match(request.path_info))
        # Wagtail's pages are served under a language prefix (i18n_patterns); anything else
        # (static files, the admin, robots.txt, the API's other routes) costs nothing here.
        page = get_language_from_path(request.path_info) is not None
        if not ((api_detail or page) and may_share(request)):
            return self.get_response(request)
        key = _response_key(request)
        entry = cache.get(key)
        if entry is not None:
            scopes, numbers, valid_until, fillers, content_type, body = entry
            fresh = valid_until is None or time.time() < valid_until
            if fresh and versions.read(*scopes) == numbers:
                response = HttpResponse(_fill(request, body, fillers), content_type=content_type)
                response["X-Practice-Cache"] = "hit"
                return response
        # The site's content version, read before anything it versions (routing reads the page):
        # an answer built from older rows is never stored under a newer number.
        versions.read(versions.CONTENT)
        if api_detail and set(request.GET) <= API_PARAMETERS:
            # Wagtail's page detail: its fields are content, plus what plugins' fields declare.
            share_response(request)
        response = self.get_response(request)
        share = getattr(request, "_practice_share", None)
        if share is None or request.method != "GET" or not _storable(request, response):
            return response
        # Every scope read while the answer was built (a stale entry's, read above, included).
        read_scopes = versions._request_numbers.get()
        scopes = tuple(sorted(read_scopes))
        numbers = tuple(read_scopes[scope] for scope in scopes)
        body = response.content.decode()
        entry = (
            scopes,
            numbers,
            share["valid_until"],
            share["fillers"],
            response["Content-Type"],
            body,
        )
        cache.set(key, entry, ENTRY_TIMEOUT)
        filled = _fill(request, body, share["fillers"])
        if filled != body:
            response.content = filled
        return response
