"""The training directory's filters and sorting, shared by the HTML index and the API.

``parse_listing`` reads query parameters, applies the ones it understands to a queryset of
trainings carrying the sort keys of ``TrainingPageQuerySet.with_sort_keys`` and records every
value it could not use: the HTML page shows those as a note and ignores them, the API answers 422.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Case, CharField, F, Q, Subquery, Value, When
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.coreutils import get_supported_content_language_variant

from .models import (
    FORMAT_CHOICES,
    TRAINING_LANGUAGE_CHOICES,
    Checklist,
    ChecklistItem,
    Framework,
    TrainingLanguage,
    TrainingPage,
)
from .models.pages import CURRENCY_CHOICES

#: Listings select and sort by the sessions still to come, which the clock moves, not an edit.
CLOCK_STEP_SECONDS = 60


def clock_minute() -> int:
    """The part of a listing's cache key that the clock changes: a session that has started
    leaves "upcoming" and the date sort within a minute (every worker agrees on it)."""
    return int(time.time() // CLOCK_STEP_SECONDS)


def clock_minute_ends() -> float:
    """When :func:`clock_minute` next changes (a Unix time)."""
    return (clock_minute() + 1) * CLOCK_STEP_SECONDS


ORDERINGS = {
    "-score": (F("score").desc(nulls_last=True), "title", "pk"),
    "score": (F("score").asc(nulls_last=True), "title", "pk"),
    "start_date": (F("next_start").asc(nulls_last=True), "title", "pk"),
    "-start_date": (F("next_start").desc(nulls_last=True), "title", "pk"),
    # Prices are compared in one currency: those in the chosen currency (and free trainings)
    # first, then the others grouped by currency (see ``price_comparable``).
    "price": ("price_group", F("cost").asc(nulls_last=True), "title", "pk"),
    "-price": ("price_group", F("cost").desc(nulls_last=True), "title", "pk"),
    "title": ("title", "pk"),
}
ORDER_LABELS = {
    "-score": gettext_lazy("Best score first"),
    "start_date": gettext_lazy("Soonest start date"),
    "price": gettext_lazy("Lowest price"),
    "title": gettext_lazy("Title (A–Z)"),
    "score": gettext_lazy("Lowest score first"),
    "-start_date": gettext_lazy("Latest start date"),
    "-price": gettext_lazy("Highest price"),
}
DEFAULT_ORDER = "-score"
#: The largest price a filter takes: what ``TrainingPage.cost`` can hold (9 digits, 2 decimal).
MAX_PRICE = Decimal("9999999.99")
FLAG_FILTERS = ("upcoming", "ce_credits", "sliding_scale", "scholarships")
TRUE_VALUES = {"1", "true", "on", "yes"}
FALSE_VALUES = {"", "0", "false", "off", "no"}
FILTER_PARAMS = (
    "framework",
    "format",
    "language",
    *FLAG_FILTERS,
    "price_min",
    "price_max",
    "currency",
    "min_score",
    "section",
    "order",
)


@dataclass
class Listing:
    """The filtered, sorted trainings and what was made of the request's parameters."""

    queryset: object
    applied: dict = field(default_factory=dict)
    # What the HTML directory tells the visitor about a value it ignored, per parameter...
    errors: dict = field(default_factory=dict)
    # ...and what the API, which refuses the request instead, says was rejected.
    rejected: dict = field(default_factory=dict)
    order: str = DEFAULT_ORDER
    #: What a visitor should know about the result (not an error): prices compared in one
    #: currency, trainings in other currencies left out or listed after.
    notices: list = field(default_factory=list)
    currency: str = ""

    @property
    def notes(self) -> list[str]:
        return [str(message) for message in self.errors.values()]

    def query_string(self, **overrides) -> str:
        """The applied filters as a query string, for pagination and sort links."""
        params = []
        for name, value in {**self.applied, "order": self.order, **overrides}.items():
            if value in (None, "", False):
                continue
            if isinstance(value, list | tuple):
                params.extend((name, item) for item in value)
            else:
                params.append((name, "1" if value is True else str(value)))
        return urlencode(params)


def _decimal(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def price_comparable(currency: str) -> Q:
    """Trainings whose price can be compared in ``currency``: priced in it, or free."""
    return Q(currency=currency) | Q(cost=0)


def parse_listing(
    params, queryset, options: FilterOptions | None = None, default_currency: str = "USD"
) -> Listing:
    """Apply the filters and order in ``params`` (a QueryDict or dict) to ``queryset``.

    ``options`` (from :func:`load_filter_options`), when given, validates framework and section
    values without querying again. Prices are compared in one currency, ``currency`` in
    ``params`` or else ``default_currency``: a price filter leaves out trainings priced in
    another currency (a notice says how many), the price orders list them after the others.
    Nothing is converted: a rate the site does not keep up to date would mislead.
    """
    listing = Listing(queryset=queryset)
    qs = queryset

    def reject(name, value, problem, note):
        listing.errors[name] = note
        listing.rejected[name] = f"{name}={value!r} was rejected: {problem}."

    def getlist(name):
        if hasattr(params, "getlist"):
            return [value for value in params.getlist(name) if value != ""]
        value = params.get(name)
        if value in (None, ""):
            return []
        return list(value) if isinstance(value, list | tuple) else [value]

    frameworks = getlist("framework")
    if frameworks:
        known = set(Framework.objects.filter(slug__in=frameworks).values_list("slug", flat=True))
        unknown = [slug for slug in frameworks if slug not in known]
        if unknown:
            value = ", ".join(unknown)
            reject(
                "framework",
                value,
                "no framework has this slug (see /api/v3/frameworks/)",
                _("Unknown framework “%(value)s” was ignored.") % {"value": value},
            )
        good = [slug for slug in frameworks if slug in known]
        if good:
            through = TrainingPage.frameworks.through
            for slug in good:
                qs = qs.filter(
                    pk__in=through.objects.filter(framework__slug=slug).values("trainingpage_id")
                )
            listing.applied["framework"] = good

    formats = dict(FORMAT_CHOICES)
    format_value = (getlist("format") or [None])[0]
    if format_value is not None:
        if format_value in formats:
            qs = qs.filter(format=format_value)
            listing.applied["format"] = format_value
        else:
            reject(
                "format",
                format_value,
                "use one of " + ", ".join(formats),
                _("Unknown format “%(value)s” was ignored.") % {"value": format_value},
            )

    languages = dict(TRAINING_LANGUAGE_CHOICES)
    language = (getlist("language") or [None])[0]
    if language is not None:
        if language in languages:
            qs = qs.filter(
                pk__in=TrainingLanguage.objects.filter(language=language).values("page_id")
            )
            listing.applied["language"] = language
        else:
            reject(
                "language",
                language,
                "use a language code such as " + ", ".join(list(languages)[:6]),
                _("Unknown language “%(value)s” was ignored.") % {"value": language},
            )

    for name in FLAG_FILTERS:
        raw = (getlist(name) or [""])[0]
        raw = str(raw).lower()
        if raw in FALSE_VALUES:
            continue
        if raw not in TRUE_VALUES:
            reject(
                name,
                raw,
                "use true or false (also 1/0, yes/no, on/off)",
                _("“%(value)s” is not a yes/no value for %(name)s; ignored.")
                % {"value": raw, "name": name},
            )
            continue
        listing.applied[name] = True
        if name == "upcoming":
            qs = qs.filter(next_start__isnull=False)
        elif name == "ce_credits":
            qs = qs.filter(ce_credits__gt=0)
        else:
            qs = qs.filter(**{name: True})

    currencies = dict(CURRENCY_CHOICES)
    currency = (getlist("currency") or [None])[0]
    if currency is not None and currency not in currencies:
        reject(
            "currency",
            currency,
            "use one of " + ", ".join(currencies),
            _("Unknown currency “%(value)s”; prices are compared in %(default)s instead.")
            % {"value": currency, "default": default_currency},
        )
        currency = None
    if currency is not None:
        listing.applied["currency"] = currency
    currency = currency or default_currency
    listing.currency = currency

    price_filtered = False
    before_prices = qs
    for name, lookup in (("price_min", "cost__gte"), ("price_max", "cost__lte")):
        raw = (getlist(name) or [None])[0]
        if raw is None:
            continue
        value = _decimal(str(raw))
        if value is None or not 0 <= value <= MAX_PRICE:
            reject(
                name,
                raw,
                f"not a price (a number from 0 to {MAX_PRICE})",
                _("“%(value)s” is not a price; ignored.") % {"value": raw},
            )
            continue
        qs = qs.filter(**{lookup: value})
        listing.applied[name] = raw
        price_filtered = True
    if price_filtered:
        left_out = before_prices.exclude(price_comparable(currency)).count()
        qs = qs.filter(price_comparable(currency))
        if left_out:
            listing.notices.append(
                _(
                    "Prices are compared in %(currency)s: %(count)s training(s) priced in "
                    "another currency are not included in this price filter. Choose their "
                    "currency to compare them."
                )
                % {"currency": currency, "count": left_out}
            )

    raw = (getlist("min_score") or [None])[0]
    if raw is not None:
        value = _decimal(str(raw))
        if value is None or not 0 <= value <= 100:
            reject(
                "min_score",
                raw,
                "not a score between 0 and 100",
                _("“%(value)s” is not a score between 0 and 100; ignored.") % {"value": raw},
            )
        else:
            qs = qs.filter(score__gte=float(value))
            listing.applied["min_score"] = raw

    section = (getlist("section") or [None])[0]
    if section is not None:
        if options is not None:
            known_section = section in dict(options.sections)
        else:
            known_section = ChecklistItem.objects.filter(section=section).exists()
        if known_section:
            qs = qs.filter(strongest_section=section)
            listing.applied["section"] = section
        else:
            reject(
                "section",
                section,
                "no checklist section has this code",
                _("Unknown section “%(value)s” was ignored.") % {"value": section},
            )

    order = (getlist("order") or [DEFAULT_ORDER])[0]
    if order not in ORDERINGS:
        reject(
            "order",
            order,
            "use one of " + ", ".join(ORDERINGS),
            _("Unknown sort order “%(value)s”; sorted by score instead.") % {"value": order},
        )
        order = DEFAULT_ORDER
    listing.order = order
    if order in ("price", "-price"):
        # "" sorts before every currency code: comparable prices first, then one group per
        # other currency.
        qs = qs.alias(
            price_group=Case(
                When(price_comparable(currency), then=Value("")),
                default=F("currency"),
                output_field=CharField(),
            )
        )
        listing.notices.append(
            _(
                "Sorted by price in %(currency)s; trainings priced in other currencies follow, "
                "grouped by currency (prices are not converted)."
            )
            % {"currency": currency}
        )
    listing.queryset = qs.order_by(*ORDERINGS[order])
    return listing


class _Counted:
    """Stands in for the object list of a cached page: the paginator only needs its count."""

    def __init__(self, count: int):
        self._count = count

    def count(self) -> int:
        return self._count


@dataclass
class ListingSnapshot:
    """One page of the directory as plain data that can be cached (``listing_context``)."""

    listing: Listing
    options: FilterOptions
    count: int
    number: int
    per_page: int
    rows: list

    @classmethod
    def take(cls, listing: Listing, page_obj, options: FilterOptions) -> ListingSnapshot:
        kept = Listing(
            queryset=None,
            applied=dict(listing.applied),
            errors={name: str(message) for name, message in listing.errors.items()},
            order=listing.order,
            notices=[str(notice) for notice in listing.notices],
            currency=listing.currency,
        )
        # Labels as plain strings (the language is in the cache key): unpickling a lazy
        # translation creates a class each time, which cost more than the rest of a cache hit.
        plain = FilterOptions(
            frameworks=options.frameworks,
            sections=[(code, str(title)) for code, title in options.sections],
            formats=[(code, str(label)) for code, label in options.formats],
            languages=[(code, str(label)) for code, label in options.languages],
            orders=[(code, str(label)) for code, label in options.orders],
            currencies=list(options.currencies),
        )
        return cls(
            listing=kept,
            options=plain,
            count=page_obj.paginator.count,
            number=page_obj.number,
            per_page=page_obj.paginator.per_page,
            rows=list(page_obj.object_list),
        )

    def context(self) -> dict:
        paginator = Paginator(_Counted(self.count), self.per_page)
        page_obj = Page(list(self.rows), self.number, paginator)
        return {"listing": self.listing, "page_obj": page_obj, "filter_options": self.options}


def paginate_listing(listing: Listing, page_number, per_page: int, frameworks_by_key=None):
    """One page of results; a page number that is not a page shows the first or last page."""
    paginator = Paginator(listing.queryset, per_page)
    try:
        page_obj = paginator.page(page_number or 1)
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    page_obj.object_list = attach_frameworks(load_rows(page_obj.object_list), frameworks_by_key)
    return page_obj


def load_rows(sliced, prefetch=()) -> list:
    """The trainings of one sorted, sliced queryset, loaded with every annotation.

    Two queries' worth of work instead of one, but the sort only computes the sort keys of
    every candidate (``with_sort_keys``) and the seven score annotations run for the rows shown.
    """
    ids = list(sliced.values_list("pk", flat=True))
    if not ids:
        return []
    rows = (
        TrainingPage.objects.filter(pk__in=ids)
        .defer_streamfields()
        .with_scores()
        .select_related("provider", "locale")
        .prefetch_related(*prefetch)
    )
    by_pk = {row.pk: row for row in rows}
    return TrainingPage.objects.mark_re_review_due([by_pk[pk] for pk in ids if pk in by_pk])


def attach_frameworks(trainings, frameworks_by_key=None) -> list:
    """Give each training a ``framework_list`` of localised frameworks (one or two queries).

    ``frameworks_by_key`` (translation key → framework in the visitor's language), when the
    caller already has it, saves the second query.
    """
    from django.utils.translation import get_language

    trainings = list(trainings)
    if not trainings:
        return trainings
    through = TrainingPage.frameworks.through
    links = through.objects.filter(trainingpage_id__in=[t.pk for t in trainings]).select_related(
        "framework"
    )
    by_page = {}
    keys = set()
    for link in links:
        by_page.setdefault(link.trainingpage_id, []).append(link.framework)
        keys.add(link.framework.translation_key)
    localized = frameworks_by_key
    if localized is None:
        localized = {}
        if keys:
            localized = {
                f.translation_key: f
                for f in Framework.objects.filter(
                    translation_key__in=keys, locale__language_code=get_language(), live=True
                )
            }
    for training in trainings:
        training.framework_list = sorted(
            (localized.get(f.translation_key, f) for f in by_page.get(training.pk, [])),
            key=lambda f: f.name,
        )
    return trainings


@dataclass
class FilterOptions:
    """The choices offered by the filter form, in the visitor's language (two queries)."""

    frameworks: list
    sections: list
    formats: list = field(default_factory=lambda: list(FORMAT_CHOICES))
    languages: list = field(default_factory=lambda: list(TRAINING_LANGUAGE_CHOICES))
    orders: list = field(default_factory=lambda: list(ORDER_LABELS.items()))
    currencies: list = field(default_factory=lambda: [code for code, _label in CURRENCY_CHOICES])

    @property
    def frameworks_by_key(self) -> dict:
        return {framework.translation_key: framework for framework in self.frameworks}


def load_filter_options(locale) -> FilterOptions:

    default_code = default_language_code()
    wanted = {default_code, locale.language_code if locale else default_code}
    chosen = {}
    for framework in Framework.objects.filter(locale__language_code__in=wanted).select_related(
        "locale"
    ):
        if not framework.live and framework.locale.language_code != default_code:
            continue  # a translation still in draft: the source's name meanwhile
        current = chosen.get(framework.translation_key)
        if current is None or (locale and framework.locale_id == locale.pk):
            chosen[framework.translation_key] = framework
    frameworks = sorted(chosen.values(), key=lambda f: f.name)

    rows = (
        ChecklistItem.objects.filter(
            checklist__version=Subquery(
                Checklist.objects.published().order_by("-version").values("version")[:1]
            ),
            checklist__published_at__isnull=False,
            locale__language_code__in=wanted,
        )
        .order_by("sort_order")
        .values_list("section", "section_title", "locale_id")
    )
    sections = {}
    for code, title, locale_id in rows:
        if code not in sections or (locale and locale_id == locale.pk):
            sections[code] = title
    return FilterOptions(frameworks=frameworks, sections=list(sections.items()))


def default_language_code() -> str:
    """The source language's code, without the query ``Locale.get_default()`` makes."""
    from django.conf import settings

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)
