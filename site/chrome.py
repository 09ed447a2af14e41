"""The site chrome (header menu, language links, footer) built once and cached.

Every page shows the same header and footer, and building them costs about ten queries (settings,
footer text, menu, the home page in every language, the current page's translations). They are
kept under :func:`practice_core.cache.make_key`, whose ``content`` version changes with any page
published, unpublished, moved, deleted or restricted, and any setting, snippet, locale or site
saved (see :mod:`practice_core.versions`): every worker sees a change in the next request.
"""

from django.conf import settings
from django.db.models import F, Q
from django.utils import translation
from wagtail.models import Locale, Page, Site

from practice_core.cache import cached

from .icons import practice_icons


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
            "icons": practice_icons(practice),
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
    data = cached(
        "chrome",
        site.pk if site else 0,
        request=request,
        build=lambda: _build(request, site, language),
    )
    if request is not None:
        request._practice_chrome = data
    return data


def translation_urls(page, request) -> dict[str, str]:
    """URLs of the live, public translations of ``page``, by language code (cached)."""

    def build():
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
        return urls

    # The site and scheme are in the key: the URLs are relative to, or absolute for, them.
    return cached("chrome-translations", page.translation_key, request=request, build=build)
