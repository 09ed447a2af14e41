"""The site chrome (header menu, language links, footer) built once and cached.

Every page shows the same header and footer, and building them costs about ten queries (settings,
footer text, menu, the home page in every language, the current page's translations). They are
kept in Django's cache under a version number that any change bumps: publishing, unpublishing,
moving or deleting a page, or saving the practice settings, footer text, a locale or a site.

The cache is an optimisation only: when it is unreachable (Redis down) the chrome is built from
the database and pages keep serving. With the local-memory cache and several worker processes,
another worker's copy expires within ``LOCAL_TIMEOUT`` seconds.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

VERSION_KEY = "practice:chrome:version"
TIMEOUT = 3600
LOCAL_TIMEOUT = 60


def _timeout():
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return LOCAL_TIMEOUT if backend.endswith("LocMemCache") else TIMEOUT


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # a cache outage must not take pages down
        logger.warning("site chrome: cache unavailable, building from the database")
        return None


def _cache_set(key, value):
    try:
        cache.set(key, value, _timeout())
    except Exception:
        logger.warning("site chrome: cache unavailable, not storing")


def version() -> int:
    current = _cache_get(VERSION_KEY)
    if current is None:
        current = time.time_ns()
        _cache_set(VERSION_KEY, current)
    return current


def invalidate(**kwargs):
    """Make every cached chrome stale (signal receiver)."""
    try:
        cache.set(VERSION_KEY, time.time_ns(), _timeout())
    except Exception:
        logger.warning("site chrome: cache unavailable, could not invalidate")


def _site(request):
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.select_related("root_page").filter(is_default_site=True).first()


def _build(request, site, language):
    from .models import PracticeDetails, PracticeSettings

    # Read without for_site(): it would create (and so save, and so invalidate) missing settings.
    practice = (
        PracticeSettings.objects.filter(site=site).first() if site else None
    ) or PracticeSettings()
    details = (
        PracticeDetails.objects.filter(locale__language_code=language, live=True).first()
        or PracticeDetails.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    )
    homes = {}
    menu = []
    if site is not None:
        for home in (
            Page.objects.live()
            .public()
            .filter(translation_key=site.root_page.translation_key)
            .select_related("locale")
        ):
            homes[home.locale.language_code] = {"id": home.pk, "url": home.get_url(request)}
        home_id = homes.get(language, {}).get("id")
        if home_id is not None:
            home = Page.objects.get(pk=home_id)
            menu = [
                {"id": page.pk, "title": page.title, "url": page.get_url(request)}
                for page in home.get_children().live().public().in_menu().order_by("path")
            ]
    return {
        "practice": {
            "practice_name": practice.practice_name,
            "email": practice.email,
            "phone": practice.phone,
            "copyright_holder": practice.copyright_holder,
            "social_links": practice.social_links,
        },
        "details": {
            "tagline": details.tagline if details else "",
            "address_lines": details.address_lines if details else [],
            "footer_note": details.footer_note if details else "",
        },
        "homes": homes,
        "menu": menu,
        "languages": list(Locale.objects.values_list("language_code", flat=True).order_by("pk")),
    }


def site_chrome(request) -> dict:
    """The header and footer data for the active language (cached; once per request)."""
    if request is not None and hasattr(request, "_practice_chrome"):
        return request._practice_chrome
    site = _site(request)
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"practice:chrome:{version()}:{site.pk if site else 0}:{language}"
    data = _cache_get(key)
    if data is None:
        data = _build(request, site, language)
        _cache_set(key, data)
    if request is not None:
        request._practice_chrome = data
    return data


def translation_urls(page, request) -> dict[str, str]:
    """URLs of the live, public translations of ``page``, by language code (cached)."""
    key = f"practice:chrome:{version()}:translations:{page.translation_key}"
    urls = _cache_get(key)
    if urls is None:
        urls = {}
        for candidate in (
            Page.objects.live()
            .public()
            .filter(translation_key=page.translation_key)
            # An alias of a page in another language is that page's text, not a translation.
            .exclude(Q(alias_of__isnull=False) & ~Q(alias_of__locale=F("locale")))
            .select_related("locale")
        ):
            url = candidate.get_url(request)
            if url:
                urls[candidate.locale.language_code] = url
        _cache_set(key, urls)
    return urls


def connect():
    page_published.connect(invalidate, dispatch_uid="practice_chrome_published")
    page_unpublished.connect(invalidate, dispatch_uid="practice_chrome_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="practice_chrome_moved")
    post_delete.connect(_invalidate_on_page_delete, dispatch_uid="practice_chrome_deleted")
    from .models import PracticeDetails, PracticeSettings

    for model in (PracticeSettings, PracticeDetails, Locale, Site):
        post_save.connect(
            invalidate, sender=model, dispatch_uid=f"practice_chrome_{model.__name__}"
        )
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"practice_chrome_del_{model.__name__}"
        )


def _invalidate_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate()
