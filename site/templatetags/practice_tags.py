"""Template tags for the site chrome: menu, language switcher, hreflang links, footer text."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

from practice_site.models import PracticeDetails

register = template.Library()


def _home_for_locale(request, locale):
    """The home page of the current site in ``locale`` (the site root's translation)."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    if root.locale_id == locale.id:
        return root
    return root.get_translation_or_none(locale)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages under this language's home page that are marked "show in menus"."""
    request = context.get("request")
    cache_key = "_practice_main_menu"
    if request is not None and hasattr(request, cache_key):
        return getattr(request, cache_key)
    locale = Locale.get_active()
    home = _home_for_locale(request, locale)
    items = []
    if home is not None:
        items = list(home.get_children().live().public().in_menu().only("id", "title", "url_path"))
    if request is not None:
        setattr(request, cache_key, items)
    return items


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: the current page's translation if it exists, else that home page.

    One query for the translations of the page, one for the home pages.
    """
    request = context.get("request")
    cache_key = "_practice_language_links"
    if request is not None and hasattr(request, cache_key):
        return getattr(request, cache_key)
    page = context.get("page")
    current = translation.get_language()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    translations = {}
    if isinstance(page, Page) and page.pk:
        for candidate in (
            Page.objects.live()
            .public()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
            .only("id", "url_path", "locale", "translation_key", "depth", "path")
        ):
            translations[candidate.locale.language_code] = candidate
    homes = {}
    site = Site.find_for_request(request) if request else None
    if site is not None:
        for home in (
            Page.objects.live()
            .filter(translation_key=site.root_page.translation_key)
            .select_related("locale")
        ):
            homes[home.locale.language_code] = home
    links = []
    for code, name in settings.LANGUAGES:
        if code not in locales:
            continue
        target = translations.get(code)
        exact = target is not None
        if target is None:
            target = homes.get(code)
        url = None
        if target is not None:
            url = target.get_url(request)
        if url is None:
            url = f"/{code}/"
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "english_name": str(name),
                "url": url,
                "is_current": code == current,
                "is_translation": exact,
                "direction": "rtl" if translation.get_language_info(code)["bidi"] else "ltr",
            }
        )
    if request is not None:
        setattr(request, cache_key, links)
    return links


@register.simple_tag
def practice_details():
    """The practice's translated details in the active language, falling back to English."""
    locale = Locale.get_active()
    details = PracticeDetails.objects.filter(locale=locale).first()
    if details is None:
        details = PracticeDetails.objects.filter(locale__language_code="en").first()
    return details
