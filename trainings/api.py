"""The trainings API (Wagtail API v3 / django-ninja): the directory and the checklist in force.

Routes are added from ``TrainingsConfig.ready()`` (see ``register_routes``); everything the API
says is typed in ``practice_trainings.schemas``. The listing shares its filters with the HTML
directory
(``practice_trainings.listing``): what the HTML page ignores with a note, the API refuses with a 422
``application/problem+json`` in Wagtail v3's error style. A training's own score is on its page
detail, ``GET /api/v3/pages/{id}/`` → ``checklist_score`` (an ``api_fields`` entry).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v3.errors import ProblemDetail, problem_response
from wagtail.models import Locale

from practice_core.api import add_snippet_listing
from practice_core.api_listings import default_locale_code, unknown_parameters_problem
from practice_core.cache import get_or_build, make_key, may_share
from practice_core.openapi import declare_number, declare_statuses, declare_values
from practice_core.query_params import MAX_OFFSET, limit_max

from .listing import (
    FALSE_VALUES,
    FILTER_PARAMS,
    FLAG_FILTERS,
    MAX_PRICE,
    ORDERINGS,
    TRUE_VALUES,
    attach_frameworks,
    clock_minute,
    load_rows,
    parse_listing,
)
from .models import (
    FORMAT_CHOICES,
    TRAINING_LANGUAGE_CHOICES,
    Checklist,
    Framework,
    Provider,
    TrainingPage,
)
from .models.pages import CURRENCY_CHOICES
from .schemas import (
    ChecklistItemOut,
    ChecklistOut,
    FrameworkList,
    FrameworkOut,
    ProviderList,
    ProviderOut,
    TrainingSummary,
)

trainings_router = Router(tags=["trainings"])
checklists_router = Router(tags=["trainings"])

DEFAULT_LIMIT = 20
LISTING_PARAMETERS = (*FILTER_PARAMS, "locale", "limit", "offset")
#: Filters naming a thing the site may or may not have (a framework's or a checklist section's
#: slug): naming one that does not exist is a 404, as Wagtail's ``?site=`` is, not a 422 (no
#: OpenAPI document can list the slugs a site has).
NAMED_FILTERS = ("framework", "section")


class TrainingList(Schema):
    count: int
    items: list[TrainingSummary]
    currency: str = Field(
        description="The currency prices were compared in (price filters and orders)."
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What to know about the result, e.g. trainings priced in another "
        "currency left out of a price filter (prices are never converted).",
    )


def _unprocessable(errors: list[dict]):
    if all(error["loc"][-1] in NAMED_FILTERS for error in errors):
        return problem_response(status=404, detail="Nothing has this slug", errors=errors)
    return problem_response(status=422, detail="Validation failed", errors=errors)


def _locale_or_error(code: str | None, errors: list[dict]):
    if not code:
        return None
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        errors.append(
            {
                "type": "unknown_locale",
                "loc": ["query", "locale"],
                "msg": f"locale={code!r} was rejected: unknown locale; use one of "
                + ", ".join(sorted(Locale.objects.values_list("language_code", flat=True)))
                + ".",
            }
        )
    return locale


def _int_param(request, name, default, minimum, maximum, errors):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        errors.append(
            {
                "type": "out_of_range",
                "loc": ["query", name],
                "msg": f"{name}={raw!r} was rejected: use a whole number from {minimum} "
                f"to {maximum}.",
            }
        )
        return default
    return value


def summarise(page, request) -> TrainingSummary:
    return TrainingSummary(
        id=page.pk,
        title=page.title,
        locale=page.locale.language_code,
        url=page.get_full_url(request),
        summary=page.summary,
        format=page.format,
        provider=page.provider.name if page.provider_id else None,
        frameworks=[framework.slug for framework in page.framework_list],
        languages=[language.language for language in page.languages_offered.all()],
        next_start=page.next_start,
        cost=page.cost,
        currency=page.currency,
        ce_credits=page.ce_credits,
        sliding_scale=page.sliding_scale,
        scholarships=page.scholarships,
        score=page.score,
        coverage=page.coverage,
        band=page.band,
        checklist_version=page.checklist_version,
        re_review_due=page.re_review_due,
    )


@trainings_router.get(
    "/",
    response={200: TrainingList, 400: ProblemDetail, 404: ProblemDetail, 422: ProblemDetail},
    url_name="trainings_list",
    summary="List trainings with their checklist scores",
    description="Live, public trainings in one language: `?locale=` (default: the site's "
    "default language), with scores, filters and `order` as on the HTML directory. A value it "
    "cannot use is a 422 naming the parameter; a `framework` or `section` slug that nothing "
    "has is a 404 naming it; a parameter it does not know (e.g. `fields`: every item always "
    "has all the fields below) is a 400 naming it. An empty filter value filters nothing.",
    operation_id="trainings_list",
)
def list_trainings(
    request: HttpRequest,
    framework: list[str] = Query([]),  # noqa: B008 - ninja's declaration style
    format: str | None = None,
    language: str | None = None,
    min_score: str | None = None,
    locale: str | None = None,
    order: str | None = None,
    upcoming: str | None = None,
    ce_credits: str | None = None,
    sliding_scale: str | None = None,
    scholarships: str | None = None,
    price_min: str | None = None,
    price_max: str | None = None,
    currency: str | None = None,
    section: str | None = None,
    limit: str | None = None,
    offset: str | None = None,
):
    """Live, public trainings with scores. Filters and ``order`` (``score``, ``-score``,
    ``start_date``, ``-start_date``, ``price``, ``-price``, ``title``) as on the HTML directory;
    an unknown value is a 422, never silently ignored. Without ``locale``, the site's default
    language; an unknown parameter (``fields`` included) is a 400 naming it. Prices are compared
    in one currency (``currency``, default the directory's): a price filter leaves out trainings
    priced in another currency, the price orders list them last; ``notes`` says so."""
    refused = unknown_parameters_problem(request, LISTING_PARAMETERS)
    if refused is not None:
        return refused
    locale = locale or default_locale_code()
    # Only what every anonymous visitor sees is shared (a session may hold a page password, a
    # user may pass a view restriction).
    if not may_share(request):
        return _list_trainings(request, locale)
    key = make_key(
        "trainings-api-listing", sorted(request.GET.lists()), clock_minute(), request=request
    )
    return get_or_build(
        key,
        lambda: _list_trainings(request, locale),
        keep=lambda answer: isinstance(answer, dict),  # never a 422
    )


def _list_trainings(request, locale):
    """The listing from the database: what ``list_trainings`` caches (never a 422)."""
    errors: list[dict] = []
    chosen_locale = _locale_or_error(locale, errors)
    limit_value = _int_param(request, "limit", DEFAULT_LIMIT, 1, limit_max(), errors)
    offset_value = _int_param(request, "offset", 0, 0, MAX_OFFSET, errors)
    queryset = get_public_pages_queryset(request, TrainingPage)
    if chosen_locale is not None:
        queryset = queryset.filter(locale=chosen_locale)
    listing = parse_listing(
        request.GET, queryset.with_sort_keys(), default_currency=_directory_currency(request)
    )
    errors.extend(
        {"type": "invalid_filter", "loc": ["query", name], "msg": message}
        for name, message in listing.rejected.items()
    )
    if errors:
        return _unprocessable(errors)
    count = listing.queryset.count()
    page = attach_frameworks(
        load_rows(
            listing.queryset[offset_value : offset_value + limit_value],
            prefetch=["languages_offered"],
        )
    )
    return {
        "count": count,
        "items": [summarise(training, request) for training in page],
        "currency": listing.currency,
        "notes": [str(notice) for notice in listing.notices],
    }


def _directory_currency(request) -> str:
    """The currency the directory compares prices in, when the request names none and uses
    prices (one query then, none otherwise)."""
    from .models import TrainingIndexPage

    uses_prices = {"price_min", "price_max"} & set(request.GET) or request.GET.get("order") in (
        "price",
        "-price",
    )
    if request.GET.get("currency") or not uses_prices:
        return "USD"
    index = TrainingIndexPage.objects.live().order_by("path").values("price_currency").first()
    return index["price_currency"] if index else "USD"


@checklists_router.get(
    "/current/",
    response={200: ChecklistOut, 404: ProblemDetail, 422: ProblemDetail},
    url_name="checklist_current",
    summary="The checklist in force",
    operation_id="checklists_current",
)
def current_checklist(request: HttpRequest, locale: str | None = None):
    """The newest published checklist version, in ``locale``.

    A language whose translation of that version is not published yet answers 404 with the
    language it is available in (as a draft page would), never the source in its place.
    """
    errors: list[dict] = []
    chosen = _locale_or_error(locale, errors)
    if errors:
        return _unprocessable(errors)
    checklist = Checklist.in_force(chosen)
    if checklist is None:
        return problem_response(status=404, detail="No checklist has been published yet.")
    if chosen is not None and checklist.locale_id != chosen.pk:
        # The rule pages follow: a translation visitors may not read yet is not in the API
        # (a 404 as for a draft page), never the source silently in its place.
        return problem_response(
            status=404,
            detail=(
                f"The checklist in force (version {checklist.version}) is not yet translated "
                f"into {chosen.language_code!r}; it is available with "
                f"locale={checklist.locale.language_code}."
            ),
        )
    return ChecklistOut(
        title=checklist.title,
        version=checklist.version,
        locale=checklist.locale.language_code,
        published_at=checklist.published_at,
        introduction=checklist.introduction,
        changelog=checklist.changelog,
        items=[
            ChecklistItemOut(
                code=item.code,
                section=item.section,
                section_title=item.section_title,
                question=item.question,
                weight=item.weight,
                essential=item.essential,
                guidance={str(points): text for points, _label, text in item.guidance},
            )
            for item in checklist.items.all()
        ],
    )


providers_router = Router(tags=["trainings"])
frameworks_router = Router(tags=["trainings"])


def provider_out(provider: Provider) -> ProviderOut:
    return ProviderOut(
        id=provider.pk,
        locale=provider.locale.language_code,
        name=provider.name,
        website=provider.website,
        accreditation=provider.accreditation,
    )


def framework_out(framework: Framework) -> FrameworkOut:
    return FrameworkOut(
        id=framework.pk,
        locale=framework.locale.language_code,
        name=framework.name,
        slug=framework.slug,
        description=framework.description,
    )


add_snippet_listing(
    providers_router,
    Provider,
    response=ProviderList,
    item=provider_out,
    name="training_providers",
    summary="Training providers",
    description="Training providers in one language (`?locale=`, default the site's default "
    "language); providers not translated yet come in the default language. An unknown "
    "parameter is a 400 naming it.",
)
add_snippet_listing(
    frameworks_router,
    Framework,
    response=FrameworkList,
    item=framework_out,
    name="training_frameworks",
    summary="Therapeutic frameworks",
    description="The frameworks trainings cover, in one language (`?locale=`, default the "
    "site's default language); filter the directory with "
    "`/api/v3/trainings/?framework=<slug>`. An unknown parameter is a 400 naming it.",
)


def register_routes():
    """Add the trainings routes to Wagtail's v3 API (once, before its URLs are read)."""
    from wagtail.api.v3.api import api

    if getattr(api, "_trainings_routes_added", False):
        return
    # The listing reads its filters itself; the OpenAPI document states what it accepts (an
    # empty value is no filter).
    for name in FLAG_FILTERS:
        declare_values("trainings_list", name, TRUE_VALUES | FALSE_VALUES)
    declare_values("trainings_list", "order", {"", *ORDERINGS})
    declare_values("trainings_list", "format", {"", *dict(FORMAT_CHOICES)})
    declare_values("trainings_list", "language", {"", *dict(TRAINING_LANGUAGE_CHOICES)})
    declare_values("trainings_list", "currency", {"", *dict(CURRENCY_CHOICES)})
    declare_number("trainings_list", "min_score", 0, 100)
    declare_number("trainings_list", "price_min", 0, float(MAX_PRICE))
    declare_number("trainings_list", "price_max", 0, float(MAX_PRICE))
    declare_statuses("trainings_list", 404)
    api.add_router("/trainings/", trainings_router)
    api.add_router("/checklists/", checklists_router)
    api.add_router("/providers/", providers_router)
    api.add_router("/frameworks/", frameworks_router)
    api._trainings_routes_added = True
