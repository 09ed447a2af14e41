"""Template tags for the site chrome: menu, language switcher, hreflang links, footer text.

They read :func:`practice_site.chrome.site_chrome`, which is cached across requests, so the
header and footer add no queries to a page once warm.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from practice_site.chrome import site_chrome, translation_urls
from practice_site.translation_publishing import untranslated_source as _untranslated_source

register = template.Library()


@register.simple_tag(takes_context=True)
def chrome(context):
    """Practice settings, footer text, menu and home pages for the active language."""
    return site_chrome(context.get("request"))


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages under this language's home page that are marked "show in menus"."""
    return site_chrome(context.get("request"))["menu"]


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: the current page's translation if it exists, else that home page."""
    request = context.get("request")
    cache_name = "_practice_language_links"
    if request is not None and hasattr(request, cache_name):
        return getattr(request, cache_name)
    data = site_chrome(request)
    page = context.get("page")
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = translation_urls(page, request)
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code not in data["languages"]:
            continue
        info = translation.get_language_info(code)
        url = translations.get(code)
        exact = url is not None
        if url is None:
            url = data["homes"].get(code, {}).get("url") or f"/{code}/"
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "english_name": str(name),
                "url": url,
                "is_current": code == current,
                "is_translation": exact,
                "direction": "rtl" if info["bidi"] else "ltr",
            }
        )
    if request is not None:
        setattr(request, cache_name, links)
    return links


@register.simple_tag
def untranslated_source(page):
    """The source page that ``page`` shows untranslated (for the notice), or None."""
    return _untranslated_source(page)


# Where a page's meta description comes from when its editor left "search description" empty:
# the first of these fields the page has and has filled (its card summary, its introduction).
DESCRIPTION_FALLBACK_FIELDS = ("summary", "introduction", "hero_text", "subtitle")
DESCRIPTION_MAX_WORDS = 30


@register.simple_tag
def meta_description(page) -> str:
    """The page's search description, else its summary or introduction as plain text."""
    if page is None:
        return ""
    text = getattr(page, "search_description", "") or ""
    for name in DESCRIPTION_FALLBACK_FIELDS:
        if text.strip():
            break
        value = getattr(page, name, "")
        text = strip_tags(str(value)) if value else ""
    return Truncator(" ".join(text.split())).words(DESCRIPTION_MAX_WORDS)


@register.simple_tag
def default_language() -> str:
    """The site's default language: the target of the ``x-default`` alternate link."""
    return settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def practice_admin_name(context):
    """The name the admin goes by: the practice's name from its settings, else the name of the
    Site record (Settings → Sites), else ``WAGTAIL_SITE_NAME``. A proper name, so the same in
    every admin language; the words around it ("Sign in to …") are translated."""
    from django.conf import settings
    from wagtail.models import Site

    from practice_site.models import PracticeSettings

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    return (
        PracticeSettings.for_site(site).practice_name
        or site.site_name
        or settings.WAGTAIL_SITE_NAME
    )


@register.filter
def not_in_place(messages):
    """The messages for the top of the page: those tagged "in-place" are shown by the form they
    confirm (a post's rating and comment forms), where the visitor is looking."""
    return [message for message in messages or () if "in-place" not in message.extra_tags.split()]


@register.filter
def verbose_page_type(model) -> str:
    """What kind of page a search result is, in the visitor's language ("Blog post page")."""
    meta = getattr(model, "_meta", None)
    return str(meta.verbose_name).capitalize() if meta else ""
