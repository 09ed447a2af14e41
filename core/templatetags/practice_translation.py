"""Show a translatable snippet's text in the visitor's language, or visibly marked when it is not.

``{% load practice_translation %}``, then ``{% translated_field page.provider "accreditation" %}``:
the field of the snippet's live translation in the active language when there is one; otherwise
the original text inside ``<span lang="en">`` (so screen readers pronounce it right) followed by
a visible "(not yet translated)" mark. Visitors never read another language's text silently.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def in_active_language(obj):
    """``obj``'s live translation in the active language, or ``obj`` itself (1 query)."""
    localized = getattr(obj, "localized", None)
    return obj if localized is None else localized


def _language_of(obj) -> str | None:
    locale = getattr(obj, "locale", None)
    return getattr(locale, "language_code", None)


@register.filter
def translated(obj):
    """The object in the visitor's language where a live translation exists."""
    return in_active_language(obj) if obj is not None else None


@register.simple_tag
def translated_field(obj, field_name):
    """The value of ``field_name`` in the visitor's language, or marked as not yet translated."""
    if obj is None:
        return ""
    shown = in_active_language(obj)
    value = getattr(shown, field_name, "") or ""
    if not value:
        return ""
    language = _language_of(shown)
    active = (get_language() or "").split("-")[0]
    if language is None or language.split("-")[0] == active:
        return value
    return format_html(
        '<span lang="{}">{}</span> <span class="untranslated">{}</span>',
        language,
        value,
        _("(not yet translated)"),
    )
