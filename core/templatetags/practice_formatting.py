"""Template filters writing values as the visitor's language does (practice_core.formatting).

``{% load practice_formatting %}``, then e.g. ``{{ page.cost|money:page.currency }}``,
``{{ training.cost|money_whole:training.currency }}``, ``{{ frameworks|list_of:"name" }}``,
``{{ post.publication_date|local_date }}``, ``{{ session.time_zone|zone_city }}``,
``{% session_range session.starts_at session.ends_at session.time_zone %}``,
``{{ page.reading_time|minutes }}``, ``{{ summary.average|decimal:1 }}``, and inside a loop of
links ``{% if not forloop.last %}{% list_separator %}{% endif %}``.
"""

from django import template

from practice_core import formatting

register = template.Library()


@register.filter
def money(amount, currency):
    """A price with its currency, as the language writes it ("$2,450.00", "2.450,00 US$")."""
    return formatting.money(amount, currency)


@register.filter
def money_whole(amount, currency):
    """A price without cents when it has none ("$2,450"), for cards and tables."""
    return formatting.money(amount, currency, whole=True)


@register.filter
def list_of(items, attribute=""):
    """Items (or each item's ``attribute``) joined as the language joins a list ("A, B and C")."""
    if items is None:
        return ""
    if attribute:
        items = [getattr(item, attribute, None) for item in items]
    return formatting.list_of(items)


@register.filter
def local_date(value, format="long"):
    """A date with the language's month names and order ("March 3, 2027", "3 de marzo de 2027")."""
    return formatting.date(value, format)


@register.filter
def month_year(value):
    """A month and year ("September 2025", "septembre 2025", "سبتمبر 2025")."""
    return formatting.month(value)


@register.filter
def local_datetime(value, zone=None):
    """A moment in ``zone`` (a time zone name; default the site's), without seconds."""
    return formatting.datetime(value, zone)


@register.filter
def zone_city(value):
    """A time zone as its city in the visitor's language ("Los Ángeles")."""
    return formatting.city_of_zone(value)


@register.filter
def minutes(value):
    """A number of minutes in words, in the language's plural ("2 minutes", Arabic "دقيقتان")."""
    return formatting.duration_minutes(value)


@register.filter
def decimal(value, places=1):
    """A number with exactly ``places`` decimals in the language's notation ("4.5", "4,5")."""
    try:
        places = int(places)
    except (TypeError, ValueError):
        places = 1
    return formatting.decimal(value, places)


@register.filter
def number(value):
    """A number with the language's separators ("2,450.5", "2 450,5")."""
    return formatting.number(value)


@register.simple_tag(takes_context=True)
def list_separator(context):
    """Inside ``{% for %}``: what goes after this item in the language's list ("A, B, and C")."""
    loop = context.get("forloop") or {}
    if not loop:
        return ""
    return formatting.list_separator(loop["counter"], loop["counter"] + loop["revcounter0"])


@register.simple_tag
def session_range(starts, ends=None, zone=None):
    """A session's start and end in its own time zone, named by its city."""
    if starts is None:
        return ""
    return formatting.session_range(starts, ends, zone)
