"""Site-wide views: search, robots.txt, /favicon.ico and the error pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import (
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults as django_defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from wagtail.api.v3.errors import problem_response
from wagtail.models import Locale, Page

from practice_core.query_params import is_api_path
from practice_core.search import clean_query

from .chrome import site_chrome
from .icons import DEFAULT_TAB_ICON

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Full-text search over live public pages in the visitor's language only."""
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
        )
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "practice_site/search.html",
        {"search_query": query, "search_results": page, "paginator": paginator},
    )


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """``/favicon.ico``, asked for by browsers and feed readers that never read the page's head."""
    icons = site_chrome(request)["practice"]["icons"]
    return HttpResponseRedirect(icons["tab"] if icons else static(DEFAULT_TAB_ICON))


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _api_problem(request, status: int, detail: str):
    """Under the API's mount, errors Django raises itself (an unknown route, a refused request)
    are ``application/problem+json`` like the API's own, never an HTML page."""
    if request is None or not is_api_path(request.path_info):
        return None
    return problem_response(status=status, detail=detail)


def bad_request(request, exception=None):
    """400 for what Django refuses before a view (too many query fields, a disallowed host):
    problem+json on the API, the site's 400 page elsewhere."""
    problem = _api_problem(request, 400, "The request was refused as malformed.")
    if problem is not None:
        return problem
    return django_defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    problem = _api_problem(request, 403, "Permission denied")
    if problem is not None:
        return problem
    return django_defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    """The site's 404 page, in the language of the URL (LocaleMiddleware has activated it)."""
    problem = _api_problem(request, 404, "Not found")
    if problem is not None:
        return problem
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


def server_error(request):
    """A 500 page that needs neither the database nor the request context to render."""
    problem = _api_problem(request, 500, "Server error")
    if problem is not None:
        return problem
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))
