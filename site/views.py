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
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from wagtail.models import Locale, Page

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


def page_not_found(request, exception=None):
    """The site's 404 page, in the language of the URL (LocaleMiddleware has activated it)."""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


def server_error(request):
    """A 500 page that needs neither the database nor the request context to render."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))
