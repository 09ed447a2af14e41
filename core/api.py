"""What the plugins' API routes share: the locale a request asks for, snippets in a locale,
paging by Wagtail's API rules (``WAGTAILAPI_LIMIT_MAX`` and its 400 included), and the one
snippet listing route (:func:`add_snippet_listing`) behind ``/authors/``, ``/providers/``..."""

from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema
from wagtail.api.v3.auth import AllowAnonymous
from wagtail.api.v3.errors import ProblemDetail, as_validation_error
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.models import Locale

DEFAULT_LIMIT = 20
#: What a snippet listing accepts (any other parameter is a 400: ``api_listings``).
SNIPPET_PARAMETERS = ("locale", "limit", "offset")


class SnippetQuery(Schema):
    """``?locale=xx&limit=n&offset=n`` of a snippet listing."""

    locale: str | None = None
    limit: int = Field(default=DEFAULT_LIMIT, ge=1)
    offset: int = Field(default=0, ge=0)


def resolve_locale(code: str | None, default: str | None = None) -> Locale:
    """The requested locale, or ``default``'s (listings pass the site's default language,
    ``api_listings.default_locale_code``), or the active language's; an unknown code is a 422."""
    code = code or default or translation.get_language() or settings.LANGUAGE_CODE
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        known = ", ".join(sorted(Locale.objects.values_list("language_code", flat=True)))
        raise as_validation_error(
            LookupError(code), f"Unknown locale {code!r}; use one of: {known}.", loc=("locale",)
        )
    return locale


def in_locale(model, locale: Locale):
    """Every snippet of ``model`` in ``locale``; one not translated yet (or, for a model with
    drafts, whose translation is still a draft) comes in the site's default language (a front
    end shows it rather than nothing), with its own ``locale``."""
    published = {"live": True} if any(f.name == "live" for f in model._meta.fields) else {}
    translated = model.objects.filter(locale=locale, **published).values("translation_key")
    return model.objects.filter(
        Q(locale=locale, **published)
        | (Q(locale__language_code=settings.LANGUAGE_CODE) & ~Q(translation_key__in=translated))
    ).select_related("locale")


def page_of(queryset, query: SnippetQuery, request):
    """``query``'s slice of ``queryset`` and the total, by Wagtail's API pagination."""
    paginator = WagtailLimitOffsetPagination()
    page = paginator.paginate_queryset(
        queryset, paginator.Input(limit=query.limit, offset=query.offset), request
    )
    return page["count"], list(page["items"])


def add_snippet_listing(
    router: Router,
    model,
    *,
    response: type[Schema],
    item: Callable,
    name: str,
    summary: str,
    description: str,
    prepare: Callable = lambda queryset: queryset,
):
    """Add ``GET /`` to ``router``: the snippets of ``model`` in one language (``?locale=``,
    default the site's default language; see :func:`in_locale`), paged with ``?limit=`` and
    ``?offset=``, as ``response(count=..., items=[item(snippet), ...])``. An unknown parameter
    is a 400 naming it, an unknown locale a 422. ``prepare`` adds what ``item`` reads
    (``select_related``...) to the queryset."""
    from .api_listings import default_locale_code, unknown_parameters_problem

    @router.get(
        "/",
        response={200: response, 400: ProblemDetail, 422: ProblemDetail},
        url_name=name,
        summary=summary,
        description=description,
        operation_id=name,
        auth=[AllowAnonymous()],
    )
    def listing(request: HttpRequest, query: SnippetQuery = Query(...)):  # noqa: B008
        refused = unknown_parameters_problem(request, SNIPPET_PARAMETERS)
        if refused is not None:
            return refused
        locale = resolve_locale(query.locale, default_locale_code())
        count, snippets = page_of(prepare(in_locale(model, locale)), query, request)
        return response(count=count, items=[item(snippet) for snippet in snippets])

    return listing
