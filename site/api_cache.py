"""Whole responses of the public API's page detail (``GET /api/v3/pages/{id}/``) for anonymous
readers, kept in Django's cache.

Wagtail's detail route spends about half its time deciding whether the page is public on this
site (every view restriction, the site, the root page's translations, compiled by the ORM on every
request). Anonymous readers all get the same answer, so the answer is kept, under a key made of
what can change it, read from the database by every request in one query:

- the page's own state: live, ``last_published_at``, live revision, path, URL path, locale
  (a publish, unpublish, move, rename or translation makes a new key);
- the view restrictions of the whole site (their number, newest id and how many restrict
  anything: adding one anywhere, removing one or changing its type makes a new key, so a page
  that has just become private is never served from here);
- the sites (their number and a sum of their ids, root pages and ports);

plus the versions the plugins give for what their fields show (``API_DETAIL_CACHE_VERSIONS``:
dotted paths of functions returning a string, e.g. the blog's rating and comment activity and
the trainings' content version), the language, the host and scheme, and the query string.

Only anonymous requests are served from it: no ``Authorization`` header, no session, no cookie
other than the CSRF, language or blog visitor cookie, and no parameter other than
``rich_text_format``. Only 200 JSON answers that do not vary by cookie are kept, for ``TIMEOUT``
seconds: an edit that announces itself in none of the above (an image file replaced, a site's
hostname changed) shows within that time. An unreachable cache only means Wagtail answers.
"""

import contextlib
import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpResponse
from django.utils.cache import has_vary_header
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site

DETAIL = re.compile(r"^/api/v3/pages/(\d{1,10})/$")
MAX_ID = 2**31 - 1  # page ids are 32-bit integers on PostgreSQL; a larger one is Wagtail's 404
ALLOWED_PARAMETERS = {"rich_text_format"}
TIMEOUT = 300


def neutral_cookies() -> set:
    return {
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        *getattr(settings, "API_DETAIL_CACHE_NEUTRAL_COOKIES", ()),
    }


def anonymous_reader(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and set(request.COOKIES) <= neutral_cookies()
        and set(request.GET) <= ALLOWED_PARAMETERS
        and all(len(values) == 1 for _, values in request.GET.lists())
    )


def page_state(page_id: int):
    """The page's state, the site's view restrictions and the sites, in one query (None: no such
    page)."""
    database = connections[router.db_for_read(Page)]
    qn = database.ops.quote_name
    page, restriction, site = (
        qn(Page._meta.db_table),
        qn(PageViewRestriction._meta.db_table),
        qn(Site._meta.db_table),
    )
    sql = (
        f"SELECT p.{qn('live')}, p.{qn('last_published_at')}, p.{qn('live_revision_id')},"  # noqa: S608 - quoted names of Wagtail's tables; the id is a parameter
        f" p.{qn('path')}, p.{qn('url_path')}, p.{qn('locale_id')},"
        f" (SELECT COUNT(*) FROM {restriction}), (SELECT MAX({qn('id')}) FROM {restriction}),"
        f" (SELECT COUNT(*) FROM {restriction} WHERE {qn('restriction_type')} <> %s),"
        f" (SELECT COUNT(*) FROM {site}),"
        f" (SELECT SUM({qn('id')} * 7 + {qn('root_page_id')} * 3 + {qn('port')}) FROM {site})"
        f" FROM {page} p WHERE p.{qn('id')} = %s"
    )
    with database.cursor() as cursor:
        cursor.execute(sql, [PageViewRestriction.NONE, page_id])
        row = cursor.fetchone()
    return None if row is None else ",".join(map(str, row))


@functools.cache
def version_functions(paths: tuple) -> tuple:
    return tuple(import_string(path) for path in paths)


def plugin_versions() -> str:
    paths = tuple(getattr(settings, "API_DETAIL_CACHE_VERSIONS", ()))
    return ",".join(str(function()) for function in version_functions(paths))


def cache_key(request, state: str) -> str:
    query = "&".join(f"{name}={request.GET[name]}" for name in sorted(request.GET))
    parts = (
        request.path,
        query,
        request.get_host(),
        request.scheme,
        get_language(),
        state,
        plugin_versions(),
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]
    return f"practice:api-detail:{digest}"


class APIDetailCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = DETAIL.match(request.path_info)
        if match is None or int(match[1]) > MAX_ID or not anonymous_reader(request):
            return self.get_response(request)
        state = page_state(int(match[1]))
        if state is None:
            return self.get_response(request)  # Wagtail's 404
        key = cache_key(request, state)
        try:
            stored = cache.get(key)
        except Exception:
            stored = None
        if stored is not None:
            content_type, body = stored
            return HttpResponse(body, content_type=content_type)
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("application/json")
            and not has_vary_header(response, "Cookie")
            and not response.cookies
        ):
            with contextlib.suppress(Exception):
                cache.set(key, (response["Content-Type"], response.content), TIMEOUT)
        return response
