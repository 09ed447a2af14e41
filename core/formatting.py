"""Values as the visitor's language writes them: money, numbers, lists, dates, zones, durations.

Django localises dates and numbers with its own per-language format files, which know neither
currencies nor list patterns nor city names of time zones, and whose Arabic number separators
differ from what browsers (and CLDR) use. Everything a visitor reads goes through here instead:
Babel, with the Unicode CLDR data, in the active Django language (``get_language()``). Digits
follow the language's default numbering system in CLDR (Latin digits for Arabic today, like the
browser's ``Intl``), so figures the rating script updates in place look the same as the server's.

Every function takes an optional ``language`` (a Django language code); without it, the active
language. Nothing here touches the database or the cache.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel import units as babel_units
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

__all__ = [
    "babel_locale",
    "city_of_zone",
    "date",
    "datetime",
    "decimal",
    "duration_minutes",
    "list_of",
    "list_separator",
    "money",
    "month",
    "number",
    "session_range",
]


@lru_cache(maxsize=32)
def _parse(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(settings.LANGUAGE_CODE.split("-")[0])


def babel_locale(language: str | None = None) -> Locale:
    """Babel's locale for ``language`` (default: the active language; unknown codes: the site's)."""
    return _parse(language or get_language() or settings.LANGUAGE_CODE)


def _as_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def number(value, language: str | None = None) -> str:
    """A number with the language's separators (``2,450.5``, ``2.450,5``, ``2 450,5``)."""
    amount = _as_decimal(value)
    if amount is None:
        return ""
    return babel_numbers.format_decimal(
        amount, locale=babel_locale(language), numbering_system="default"
    )


def decimal(value, places: int = 1, language: str | None = None) -> str:
    """A number with exactly ``places`` decimals (an average: ``4.5``, ``4,5``, ``5.0``)."""
    amount = _as_decimal(value)
    if amount is None:
        return ""
    # Half up, as people round (and as Django's floatformat did): 4.25 is 4.3, not 4.2.
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return babel_numbers.format_decimal(
        amount, format=pattern, locale=babel_locale(language), numbering_system="default"
    )


def money(amount, currency: str, *, whole: bool = False, language: str | None = None) -> str:
    """A price in the language's currency format: ``$2,450.00``, ``2.450,00 US$``, ``2 450,00 $US``.

    ``whole=True`` drops the cents when there are none (``$2,450`` on a card) and keeps them
    otherwise (``$99.50``).
    """
    value = _as_decimal(amount)
    if value is None or not currency:
        return ""
    locale = babel_locale(language)
    if whole and value == value.to_integral_value():
        pattern = locale.currency_formats["standard"].pattern
        # Drop the fraction part of every sub-pattern ("#,##0.00 ¤;-#,##0.00 ¤").
        pattern = ";".join(part.replace(".00", "") for part in pattern.split(";"))
        return babel_numbers.format_currency(
            value,
            currency,
            format=pattern,
            locale=locale,
            currency_digits=False,
            numbering_system="default",
        )
    return babel_numbers.format_currency(value, currency, locale=locale, numbering_system="default")


def list_of(items, style: str = "standard", language: str | None = None) -> str:
    """Items joined as the language joins them: ``A, B, and C``, ``A, B y C``, ``A وB وC``.

    ``style="unit"`` joins without a conjunction (``A, B, C``; Arabic uses its own comma "،").
    Empty items are left out.
    """
    words = [str(item) for item in items if item not in (None, "")]
    if not words:
        return ""
    locale = babel_locale(language)
    try:
        return babel_lists.format_list(words, style=style, locale=locale)
    except KeyError:  # a style this language's CLDR data lacks
        return babel_lists.format_list(words, locale=locale)


def list_separator(position: int, length: int, language: str | None = None) -> str:
    """What the language writes after item ``position`` (1-based) of ``length`` items, for lists
    whose items are markup (links): ", ", " and ", Arabic " و"."""
    if length < 2 or not 1 <= position < length:
        return ""
    patterns = babel_locale(language).list_patterns["standard"]
    if length == 2:
        key = "2"
    elif position == 1:
        key = "start"
    elif position == length - 1:
        key = "end"
    else:
        key = "middle"
    pattern = patterns[key]
    return pattern[pattern.index("{0}") + 3 : pattern.index("{1}")]


def _zone(name) -> dt.tzinfo | None:
    if isinstance(name, dt.tzinfo):
        return name
    try:
        return ZoneInfo(str(name)) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def city_of_zone(name, language: str | None = None) -> str:
    """A time zone as the city the language names for it: ``America/Los_Angeles`` is "Los Angeles",
    "Los Ángeles", "لوس انجلوس". UTC and zones without a city keep their name ("UTC")."""
    zone = _zone(name)
    if zone is None:
        return str(name or "")
    locale = babel_locale(language)
    key = getattr(zone, "key", str(zone))
    if "/" not in key or key.startswith("Etc/"):
        return key.removeprefix("Etc/")
    return babel_dates.get_timezone_location(zone, locale=locale, return_city=True)


def date(value, format: str = "long", language: str | None = None) -> str:
    """A calendar date in the language's order and month names ("March 3, 2027", "3 مارس 2027").

    A date-time is shown as its date in the site's time zone.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return babel_dates.format_date(value, format=format, locale=babel_locale(language))


def month(value, language: str | None = None) -> str:
    """A month and year as the language names them: "September 2025", "septiembre de 2025"."""
    if value is None or value == "":
        return ""
    return babel_dates.format_skeleton("yMMMM", value, locale=babel_locale(language))


def _hours(locale: Locale) -> str:
    """ "h" where the language counts hours to 12 (with AM/PM), "H" where it counts to 24."""
    return "h" if "h" in locale.time_formats["short"].pattern else "H"


def _moment(value, tzinfo, locale: Locale, months: str = "MMM") -> str:
    day = babel_dates.format_skeleton(f"yMMM{months[3:]}d", value, tzinfo=tzinfo, locale=locale)
    hour = babel_dates.format_skeleton(f"{_hours(locale)}m", value, tzinfo=tzinfo, locale=locale)
    # The language's own way of joining a date and a time ("{1}, {0}"; Arabic "{1}، {0}").
    return locale.datetime_formats["medium"].replace("{1}", day).replace("{0}", hour)


def datetime(value, zone=None, format: str = "medium", language: str | None = None) -> str:
    """A moment as the language writes it, in ``zone`` (default: the site's time zone), without
    seconds: "Mar 3, 2027, 9:00 AM", "3 mars 2027, 09:00"."""
    if value is None or value == "":
        return ""
    tzinfo = _zone(zone) or timezone.get_current_timezone()
    months = "MMM" if format == "medium" else "MMMM"
    return _moment(value, tzinfo, babel_locale(language), months)


def session_range(starts, ends=None, zone=None, language: str | None = None) -> str:
    """A session as one range in its own time zone, the zone named by its city: "Mar 3, 2027,
    9:00 AM – 12:00 PM (Los Angeles time)" on one day, "Mar 3, 2027, 9:00 AM – Mar 5, 2027,
    12:00 PM (Los Angeles time)" over several."""
    from django.utils.translation import gettext

    tzinfo = _zone(zone) or timezone.get_current_timezone()
    locale = babel_locale(language)
    if ends is None or ends <= starts:
        when = _moment(starts, tzinfo, locale)
    elif timezone.localtime(starts, tzinfo).date() == timezone.localtime(ends, tzinfo).date():
        day = babel_dates.format_skeleton("yMMMd", starts, tzinfo=tzinfo, locale=locale)
        hours = babel_dates.format_interval(
            starts, ends, f"{_hours(locale)}m", tzinfo=tzinfo, locale=locale
        )
        when = locale.datetime_formats["medium"].replace("{1}", day).replace("{0}", hours)
    else:
        pattern = locale.interval_formats[None]
        first, last = _moment(starts, tzinfo, locale), _moment(ends, tzinfo, locale)
        when = pattern.replace("{0}", first).replace("{1}", last)
    city = city_of_zone(tzinfo, language)
    return gettext("%(when)s (%(city)s time)") % {"when": when, "city": city}


def duration_minutes(minutes, language: str | None = None) -> str:
    """A number of minutes in words, in the language's plural form: "1 minute", "5 minutes",
    Arabic "دقيقة واحدة", "دقيقتان" (the dual needs no number), "3 دقائق"."""
    value = _as_decimal(minutes)
    if value is None:
        return ""
    return babel_units.format_unit(
        value,
        "duration-minute",
        length="long",
        locale=babel_locale(language),
        numbering_system="default",
    )
