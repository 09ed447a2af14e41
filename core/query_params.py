"""Query strings every view can trust: one check before any view reads them.

Two kinds of value broke views that passed them on to the database, one route at a time:

* a NUL byte (``?q=a%00``, ``?category=%00``, ``?locale=%00``, or ``%00`` in the path):
  PostgreSQL refuses it in any text it is given, and SQLite's full-text search chokes on it;
* a number larger than the database's 64-bit integers (``?offset=10000000000000000000``):
  "bigint out of range" on PostgreSQL, "datatype mismatch" on SQLite, once the value reaches an
  ``OFFSET`` or a filter.

:class:`QueryParametersMiddleware` refuses both before routing, for every URL of the site, so a
new route or listing cannot bring them back: the API answers 422 ``application/problem+json``
(Wagtail v3's error style, naming the parameter), HTML pages answer the site's 400 page.

On the API it also checks the paging parameters every list shares, ``limit`` (1 to
``WAGTAILAPI_LIMIT_MAX``) and ``offset`` (0 to :data:`MAX_OFFSET`): whole numbers in range, or a
422 saying which range; and refuses an empty ``locale=`` (every route's ``locale`` is one of the
site's languages). The OpenAPI document states the same bounds (:func:`describe_paging`).

Search text is cleaned separately, where every search goes through: :mod:`practice_core.search`.
"""

from __future__ import annotations

import functools
import json
import logging
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import TemplateDoesNotExist, loader
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils.translation import gettext as _

from . import conf

# Beyond any real listing, well inside every database's integers.
MAX_OFFSET = 1_000_000_000
# The largest value a 64-bit signed integer column (or OFFSET) can hold.
MAX_DATABASE_INTEGER = 2**63 - 1
DEFAULT_LIMIT_MAX = 50
PAGING = ("limit", "offset")

logger = logging.getLogger(__name__)
_WHOLE_NUMBER = re.compile(r"[+-]?\d+")
PROBLEM_JSON = "application/problem+json"


def limit_max() -> int:
    """The largest ``limit`` an API list accepts (Wagtail's ``WAGTAILAPI_LIMIT_MAX``)."""
    return int(getattr(settings, "WAGTAILAPI_LIMIT_MAX", DEFAULT_LIMIT_MAX) or DEFAULT_LIMIT_MAX)


def _api_namespaces() -> tuple[str, ...]:
    return tuple(conf.get("API_NAMESPACES"))


@functools.lru_cache(maxsize=8)
def _api_prefixes(urlconf: str, namespaces: tuple[str, ...]) -> tuple[str, ...]:
    """Where the APIs are mounted (``"/api/v3/"``), from the URL configuration."""
    prefixes = []
    for pattern in get_resolver(urlconf).url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in namespaces:
            route = str(pattern.pattern)
            if "<" not in route and "^" not in route:
                prefixes.append("/" + route.lstrip("/"))
    return tuple(prefixes)


def is_api_path(path: str) -> bool:
    """Whether ``path`` is a route of one of the site's APIs, or any path under an API's mount
    (an unknown route, or a view mounted beside the API's own, such as the page finder): such
    requests get API-style errors (``application/problem+json``), never an HTML page."""
    namespaces = _api_namespaces()
    urlconf = getattr(settings, "ROOT_URLCONF", "")
    if path.startswith(_api_prefixes(urlconf, namespaces)):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return any(namespace in match.namespaces for namespace in namespaces)


def problems(query, path: str, *, api: bool) -> list[dict]:
    """What is wrong with a query string (a QueryDict) and path, as v3 validation errors."""
    errors = []
    if "\x00" in path:
        errors.append(_error("path", "nul_byte", _("The address contains a NUL character.")))
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            message = _("The value of %(name)s was rejected: it contains a NUL character.") % {
                "name": name.replace("\x00", "\\x00")
            }
            errors.append(_error(name, "nul_byte", message, clean=True))
            continue
        if not api:
            continue
        for value in values:
            if name == "locale" and not value.strip():
                # Every route's ``locale`` is one of the site's languages (the OpenAPI
                # document's enum); an empty one names none.
                message = _("locale=%(value)s was rejected: name one of the site's languages.")
                errors.append(_error(name, "empty", message % {"value": _shown(value)}))
                break
            if name in PAGING:
                message = _paging_problem(name, value)
                if message:
                    errors.append(_error(name, "out_of_range", message))
                    break
            elif _is_huge_number(value):
                message = _("%(name)s=%(value)s was rejected: the number is too large.") % {
                    "name": name,
                    "value": _shown(value),
                }
                errors.append(_error(name, "out_of_range", message))
                break
    return errors


def _whole_number(value: str) -> int | None:
    """``value`` as an integer when it is one of at most 30 digits (Python refuses to convert
    thousands of digits; nothing legitimate has more than 19), else None."""
    text = value.strip()
    if not _WHOLE_NUMBER.fullmatch(text) or len(text.lstrip("+-")) > 30:
        return None
    return int(text)


def _is_huge_number(value: str) -> bool:
    text = value.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        return False
    number = _whole_number(text)
    return number is None or abs(number) > MAX_DATABASE_INTEGER


def _paging_problem(name: str, value: str) -> str | None:
    minimum, maximum = (1, limit_max()) if name == "limit" else (0, MAX_OFFSET)
    number = _whole_number(value)
    if number is not None and minimum <= number <= maximum:
        return None
    return _(
        "%(name)s=%(value)s was rejected: use a whole number from %(minimum)s to %(maximum)s."
    ) % {
        "name": name,
        "value": _shown(value),
        "minimum": minimum,
        "maximum": maximum,
    }


def _shown(value: str) -> str:
    """A value quoted for an error message, shortened when long."""
    return repr(value if len(value) <= 30 else value[:30] + "…")


def _error(name: str, kind: str, message: str, *, clean: bool = False) -> dict:
    if clean:
        name = name.replace("\x00", "\\x00")
    loc = ["path"] if name == "path" and kind == "nul_byte" else ["query", name]
    return {"type": kind, "loc": loc, "msg": message}


def problem_response(errors: list[dict]) -> HttpResponse:
    """A 422 in Wagtail v3's ``application/problem+json`` style."""
    body = {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "Validation failed",
        "errors": errors,
    }
    return HttpResponse(json.dumps(body), status=422, content_type=PROBLEM_JSON)


def bad_request_page(request, errors: list[dict]) -> HttpResponse:
    """The site's 400 page (``400.html``) saying what was wrong."""
    context = {"messages_400": [error["msg"] for error in errors]}
    try:
        return HttpResponseBadRequest(loader.render_to_string("400.html", context, request))
    except TemplateDoesNotExist:
        return HttpResponseBadRequest(
            "\n".join(context["messages_400"]), content_type="text/plain; charset=utf-8"
        )


class QueryParametersMiddleware:
    """Refuse NUL bytes anywhere in the URL, and out-of-range numbers and paging on the API,
    before any view or middleware after this one reads the query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        query = request.GET
        if not query and "\x00" not in path:
            return self.get_response(request)
        api = is_api_path(path.replace("\x00", ""))
        errors = problems(query, path, api=api)
        if errors:
            return problem_response(errors) if api else bad_request_page(request, errors)
        return self.get_response(request)


def describe_paging(openapi: dict) -> dict:
    """State in an OpenAPI document the bounds :class:`QueryParametersMiddleware` enforces:
    ``limit`` 1 to ``WAGTAILAPI_LIMIT_MAX``, ``offset`` 0 to :data:`MAX_OFFSET`."""
    bounds = {"limit": (1, limit_max()), "offset": (0, MAX_OFFSET)}
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query" or parameter.get("name") not in bounds:
                    continue
                minimum, maximum = bounds[parameter["name"]]
                schema = parameter.setdefault("schema", {})
                schema.pop("anyOf", None)
                schema.update({"type": "integer", "minimum": minimum, "maximum": maximum})
    return openapi


class RequestSizeMiddleware:
    """413 ``application/problem+json`` for an API request body larger than Django accepts
    (``DATA_UPLOAD_MAX_MEMORY_SIZE``), before anything reads it; logged as a warning, without a
    traceback (a client's mistake or an attack, not a fault of the site)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit and is_api_path(request.path_info):
            logger.warning("Request body too large (%d bytes) for %s", length, request.path_info)
            body = {
                "type": "about:blank",
                "title": "Content Too Large",
                "status": 413,
                "detail": f"The request body is larger than {limit} bytes.",
            }
            return HttpResponse(json.dumps(body), status=413, content_type=PROBLEM_JSON)
        return self.get_response(request)
