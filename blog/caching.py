"""What a post page shows every visitor alike, built once and kept in Django's cache.

A post's article (body, authors, categories, tags, share links), its related posts and its JSON-LD
are the same for every visitor until the post is published again or something it shows changes.
They are cached under a key made of:

- the post's id and ``last_published_at`` (read with the page, so a publish makes a new key in
  every app server at once);
- the language and the host (links are absolute);
- the blog's *content version*, bumped when any page is published, unpublished, moved or a post
  deleted, or any snippet, setting, locale or site is saved or deleted: related posts, author
  names, the menu and the footer come from other objects than the post itself.

With Redis the content version is shared by every app server and a change shows at once. With
the local-memory cache each worker holds its own version, kept for ``LOCAL_TIMEOUT`` seconds,
so another worker can show an old related-posts list or author name for up to a minute.

Nothing here is used in previews, and an unreachable cache only means the parts are built again.
"""

import contextlib
import functools
import hashlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "blog:content:version"
TIMEOUT = 3600
LOCAL_TIMEOUT = 60


def timeout() -> int:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return LOCAL_TIMEOUT if backend.endswith("LocMemCache") else TIMEOUT


def content_version() -> int:
    """The blog's content version (see the module's docstring)."""
    try:
        version = cache.get(CONTENT_VERSION_KEY)
        if version is None:
            version = time.time_ns()
            cache.set(CONTENT_VERSION_KEY, version, timeout())
    except Exception:  # an unreachable cache: a fresh number, so nothing cached is used
        logger.warning("blog: cache unavailable, building the post's parts")
        version = time.time_ns()
    return version


def bump_content_version(**kwargs):
    """Signal receiver: a post, author or category changed."""
    with contextlib.suppress(Exception):
        cache.set(CONTENT_VERSION_KEY, time.time_ns(), timeout())


@functools.cache
def site_data_models() -> frozenset:
    """Models whose change can show on any page (header, footer, settings): every snippet and
    setting, locales and sites, but not the blog's own visitor data (versioned separately)."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Locale, Site
    from wagtail.snippets.models import get_snippet_models

    from .models import Comment, CommentsVersion, Rating, RatingSummary

    visitor_data = {Comment, CommentsVersion, Rating, RatingSummary}
    settings_models = {
        model
        for model in apps.get_models()
        if issubclass(model, (BaseGenericSetting, BaseSiteSetting))
    }
    return frozenset((set(get_snippet_models()) | settings_models | {Locale, Site}) - visitor_data)


def bump_after_site_data_change(sender, **kwargs):
    """Signal receiver (any model): a snippet, setting, locale or site changed."""
    if sender in site_data_models():
        bump_content_version()


def is_preview(request) -> bool:
    return bool(getattr(request, "is_preview", False))


def post_key(page, request) -> str:
    """The part of every cache key of ``page`` that says which state of it is shown."""
    published = page.last_published_at.isoformat() if page.last_published_at else "-"
    return ":".join(
        map(str, (page.pk, published, get_language(), request.get_host(), content_version()))
    )


def safe_key(key: str) -> str:
    """``key`` as a short ASCII cache key without spaces (query strings, times, any language)."""
    return f"blog:h:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def cache_get(key):
    try:
        return cache.get(safe_key(key))
    except Exception:
        return None


def cache_set(key, value):
    with contextlib.suppress(Exception):
        cache.set(safe_key(key), value, TIMEOUT)


def cached(name, page, request, build):
    """``build()``, kept in the cache for ``page``'s current state (never in previews)."""
    if is_preview(request):
        return build()
    key = f"blog:post:{name}:{post_key(page, request)}"
    value = cache_get(key)
    if value is None:
        value = build()
        cache_set(key, value)
    return value


def api_detail_version() -> str:
    """What the blog adds to the key of a cached API page detail (``practice_site.api_cache``):
    its content version and the marker of all ratings and comments (one query)."""
    from .rendering import blog_activity

    return f"{content_version()}:{blog_activity()}"
