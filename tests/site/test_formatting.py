"""Values written as each of the site's languages writes them (practice_core.formatting)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from practice_core import formatting

MARCH_3 = datetime.datetime(2027, 3, 3, 17, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "full", "whole"),
    [
        ("en", "$2,450.00", "$2,450"),
        ("es", "2.450,00\xa0US$", "2.450\xa0US$"),
        ("fr", "2\u202f450,00\xa0$US", "2\u202f450\xa0$US"),
        ("ar", "\u200f2,450.00\xa0US$", "\u200f2,450\xa0US$"),
    ],
)
def test_a_price_is_currency_formatted_for_the_language_not_2450_00_usd(language, full, whole):
    assert formatting.money(Decimal("2450.00"), "USD", language=language) == full
    assert formatting.money(2450, "USD", whole=True, language=language) == whole


def test_a_whole_price_keeps_its_cents_when_it_has_some():
    assert formatting.money(Decimal("99.50"), "EUR", whole=True, language="en") == "€99.50"
    assert formatting.money(None, "EUR") == "" and formatting.money("x", "EUR") == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Online, In person, and Hybrid"),
        ("es", "Online, In person y Hybrid"),
        ("fr", "Online, In person et Hybrid"),
        # Arabic joins with its own conjunction, never a Latin comma.
        ("ar", "Online وIn person وHybrid"),
    ],
)
def test_lists_are_joined_as_the_language_joins_them(language, expected):
    assert formatting.list_of(["Online", "In person", "Hybrid"], language=language) == expected
    assert "," not in formatting.list_of(["a", "b", "c"], language="ar")


@pytest.mark.parametrize(
    ("language", "two", "three"),
    [("en", ", ", ", and "), ("es", ", ", " y "), ("ar", " و", " و")],
)
def test_separators_between_linked_list_items(language, two, three):
    assert formatting.list_separator(1, 3, language) == two
    assert formatting.list_separator(2, 3, language) == three
    assert formatting.list_separator(3, 3, language) == ""


@pytest.mark.parametrize(
    ("language", "city"),
    [("en", "Los Angeles"), ("es", "Los Ángeles"), ("fr", "Los Angeles"), ("ar", "لوس انجلوس")],
)
def test_a_time_zone_is_named_by_its_city_in_the_language(language, city):
    assert formatting.city_of_zone("America/Los_Angeles", language) == city
    assert formatting.city_of_zone("UTC", language) == "UTC"
    assert formatting.city_of_zone("Not/A_Zone", language) == "Not/A_Zone"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "March 3, 2027"),
        ("es", "3 de marzo de 2027"),
        ("fr", "3 mars 2027"),
        # Day, month, year: Arabic order and month name, not the English order.
        ("ar", "3 مارس 2027"),
    ],
)
def test_dates_use_the_languages_order_and_month_names(language, expected):
    assert formatting.date(MARCH_3.date(), language=language) == expected


def test_a_session_is_one_range_in_its_own_time_zone_with_the_city():
    zone = ZoneInfo("America/Los_Angeles")
    start = datetime.datetime(2027, 3, 3, 9, 0, tzinfo=zone)
    with translation.override("en"):
        same_day = formatting.session_range(start, start + datetime.timedelta(hours=3), zone)
        days = formatting.session_range(start, start + datetime.timedelta(days=2), zone)
    assert same_day == "Mar 3, 2027, 9:00\u202fAM\u2009–\u200912:00\u202fPM (Los Angeles time)"
    assert days == "Mar 3, 2027, 9:00 AM\u2009–\u2009Mar 5, 2027, 9:00 AM (Los Angeles time)"
    with translation.override("fr"):
        # 24-hour clock where the language uses it.
        assert "09:00" in formatting.session_range(start, None, zone)
        assert "AM" not in formatting.session_range(start, None, zone)


@pytest.mark.parametrize(
    ("language", "minutes", "expected"),
    [
        ("en", 1, "1 minute"),
        ("en", 5, "5 minutes"),
        ("es", 5, "5 minutos"),
        ("fr", 2, "2 minutes"),
        # Arabic: one and two are words of their own (the dual needs no number beside it).
        ("ar", 1, "دقيقة"),
        ("ar", 2, "دقيقتان"),
        ("ar", 3, "3 دقائق"),
        ("ar", 11, "11 دقيقة"),
    ],
)
def test_durations_take_the_languages_plural_including_the_arabic_dual(language, minutes, expected):
    assert formatting.duration_minutes(minutes, language) == expected


@pytest.mark.parametrize(
    ("language", "average", "count"),
    [
        ("en", "4.3", "10,001"),
        ("es", "4,3", "10.001"),
        ("fr", "4,3", "10\u202f001"),
        ("ar", "4.3", "10,001"),
    ],
)
def test_numbers_use_the_languages_separators_and_round_half_up(language, average, count):
    assert formatting.decimal(Decimal("4.25"), 1, language) == average
    assert formatting.number(10001, language) == count


def test_the_template_filters_follow_the_active_language():
    template = Template(
        "{% load practice_formatting %}{{ cost|money:'EUR' }}|{{ cost|money_whole:'EUR' }}|"
        "{{ names|list_of }}|{{ zone|zone_city }}|{{ minutes|minutes }}|"
        "{% for n in names %}{{ n }}"
        "{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}"
    )
    context = {
        "cost": Decimal("1200"),
        "names": ["A", "B", "C"],
        "zone": "Europe/Paris",
        "minutes": 2,
    }
    with translation.override("es"):
        rendered = template.render(Context(context))
    assert rendered == "1.200,00\xa0€|1.200\xa0€|A, B y C|París|2 minutos|A, B y C"
