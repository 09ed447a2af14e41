"""What the API's OpenAPI document adds to what django-ninja generates.

django-ninja describes each route from its Python signature; what the site enforces around the
routes (the shared query checks of :mod:`practice_core.query_params`) is stated here, once, for
every route, so the document describes what the API does (schemathesis checks it does).

:func:`describe` wraps a ``NinjaAPI``'s ``get_openapi_schema`` (call it once, from ``ready()``);
each function in :data:`ADJUSTMENTS` receives the generated document and returns it.
"""

from __future__ import annotations

from django.conf import settings

from .query_params import MAX_DATABASE_INTEGER, describe_paging

PROBLEM_JSON = "application/problem+json"
WRITE_METHODS = ("post", "put", "patch", "delete")
#: Wagtail v3's scheme for "no token needed"; OpenAPI says that with an empty requirement, ``{}``.
ANONYMOUS_SCHEME = "AllowAnonymous"
STATUS_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    503: "Service Unavailable",
}
PROBLEM_DETAIL = {
    "title": "ProblemDetail",
    "type": "object",
    "description": "An RFC 7807 problem: every error of the API.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"anyOf": [{"type": "array", "items": {"type": "object"}}, {"type": "null"}]},
    },
    "required": ["type", "title", "status"],
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "string"},
    }
}

#: operationId → statuses a module adds to an operation (:func:`declare_statuses`).
_DECLARED: dict[str, set[int]] = {}
#: (operationId, query parameter) → the values it accepts (:func:`declare_values`).
_VALUES: dict[tuple[str, str], list[str]] = {}
#: (operationId, query parameter) → the number schema it accepts (:func:`declare_number`).
_NUMBERS: dict[tuple[str, str], dict] = {}


def declare_values(operation_id: str, parameter: str, values) -> None:
    """State the only values a string query ``parameter`` of ``operation_id`` accepts (a route
    that reads the raw string itself, so django-ninja cannot tell)."""
    _VALUES[(operation_id, parameter)] = sorted(values)


def declare_number(operation_id: str, parameter: str, minimum=None, maximum=None) -> None:
    """State that a string query ``parameter`` of ``operation_id`` is a number between
    ``minimum`` and ``maximum`` (inclusive; None: unbounded), read by the route itself."""
    schema: dict = {"type": "number"}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    _NUMBERS[(operation_id, parameter)] = schema


def _content_languages() -> list[str]:
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return [code for code, _name in languages]


def _string_values(schema: dict, values: list[str]) -> None:
    """Restrict a (possibly nullable) string schema to ``values``."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string":
            option["enum"] = list(values)


def _number(schema: dict, number: dict) -> None:
    """Make a (possibly nullable) string schema the number schema ``number``."""
    options = schema.get("anyOf", [schema])
    for option in options:
        if option.get("type") == "string":
            option.clear()
            option.update(number)


def _bound_integers(schema: dict) -> None:
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "integer":
            option.setdefault("maximum", MAX_DATABASE_INTEGER)


def describe_values(openapi: dict) -> dict:
    """Values the site accepts that django-ninja does not see: ``locale`` is one of the site's
    languages (any other is a 422, an empty one too), integers fit the database (the shared
    query check refuses larger ones), and what modules declare with :func:`declare_values` and
    :func:`declare_number`."""
    languages = _content_languages()
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            operation_id = operation.get("operationId", "")
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                _bound_integers(schema)
                if parameter.get("in") != "query":
                    continue
                declared = _VALUES.get((operation_id, parameter.get("name")))
                number = _NUMBERS.get((operation_id, parameter.get("name")))
                if declared is not None:
                    _string_values(schema, declared)
                elif number is not None:
                    _number(schema, number)
                elif parameter.get("name") == "locale":
                    _string_values(schema, languages)
    return openapi


def _wagtail_listings() -> dict[str, tuple[list, list[str]]]:
    """Wagtail's own listings that take ``order``: operationId → (the models it lists, the
    fields every one of them may be ordered by besides its own ``api_fields``)."""
    from django.apps import apps
    from wagtail.models import Page

    listings: dict[str, tuple[list, list[str]]] = {}
    from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS

    listings["pages_list"] = ([Page], BASE_PAGE_READ_FIELDS)
    if apps.is_installed("wagtail.images"):
        from wagtail.images import get_image_model
        from wagtail.images.api.v3.router import BASE_IMAGE_READ_FIELDS

        listings["images_list"] = ([get_image_model()], BASE_IMAGE_READ_FIELDS)
    if apps.is_installed("wagtail.documents"):
        from wagtail.documents import get_document_model
        from wagtail.documents.api.v3.router import BASE_DOCUMENT_READ_FIELDS

        listings["documents_list"] = ([get_document_model()], BASE_DOCUMENT_READ_FIELDS)
    if apps.is_installed("wagtail.contrib.redirects"):
        from wagtail.contrib.redirects.api.v3.router import BASE_REDIRECT_READ_FIELDS
        from wagtail.contrib.redirects.models import Redirect

        listings["redirects_list"] = ([Redirect], BASE_REDIRECT_READ_FIELDS)
    if apps.is_installed("wagtail.snippets"):
        from wagtail.snippets.models import get_snippet_models

        models = get_snippet_models()
        if models:
            listings["snippets_list"] = (models, [])
    return listings


def _order_values(models: list, base_fields: list[str], searchable: bool) -> list[str]:
    """What Wagtail's ``order`` accepts on every one of ``models`` (its own validator's fields,
    ascending and descending), ``random`` aside (its own alternative in the document). On a
    listing that also takes ``search``, only what the search backend can order by as well (the
    model's ``FilterField`` columns): the document cannot say "only without ``search``"."""
    from wagtail.api.validators import OrderingValidator
    from wagtail.search.index import class_is_indexed

    allowed = None
    for model in models:
        fields = set(
            OrderingValidator(
                model=model,
                fields=[],
                base_fields=[*base_fields, *([] if base_fields else [model._meta.pk.name])],
                db_fields_only=True,
            ).allowed_fields
        )
        if searchable and class_is_indexed(model):
            indexed = {field.get_attname(model) for field in model.get_filterable_search_fields()}
            fields &= indexed | {f"-{name}" for name in indexed}
        allowed = fields if allowed is None else allowed & fields
    return sorted((allowed or set()) - {"random"})


def describe_orderings(openapi: dict) -> dict:
    """Wagtail's listings take ``order`` as ``random`` or a list of field names, and refuse any
    other name with a 422: the document lists the names (those every listed model accepts; a
    page type's own fields, with ``type``, are accepted too)."""
    listings = _wagtail_listings()
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            listing = listings.get(operation.get("operationId", ""))
            if listing is None:
                continue
            parameters = operation.get("parameters", [])
            searchable = any(p.get("name") == "search" for p in parameters)
            for parameter in parameters:
                if parameter.get("in") != "query" or parameter.get("name") != "order":
                    continue
                schema = parameter.get("schema", {})
                for option in schema.get("anyOf", [schema]):
                    if option.get("type") == "array":
                        option.setdefault("items", {"type": "string"})["enum"] = _order_values(
                            *listing, searchable
                        )
    return openapi


def declare_statuses(operation_id: str, *statuses: int) -> None:
    """State that the operation ``operation_id`` can answer ``statuses`` (problem+json), for
    refusals a module adds around a route it does not own (e.g. Wagtail's page actions)."""
    _DECLARED.setdefault(operation_id, set()).update(statuses)


def _statuses(path: str, method: str, operation: dict, public: bool) -> set[int]:
    # Every route: Django's own refusals (400) and the shared query checks (422).
    statuses = {400, 422}
    has_path_parameter = any(p.get("in") == "path" for p in operation.get("parameters", []))
    # An id in the path, a finder, or Wagtail's ``?site=`` filter (an unknown site is a 404).
    names = {p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"}
    if has_path_parameter or path.rstrip("/").endswith("/find") or "site" in names:
        statuses.add(404)
    if not public:
        statuses |= {401, 403}
    elif method in WRITE_METHODS:
        # Anonymous writes: Origin check, per-network throttle, throttle store unavailable.
        statuses |= {403, 429, 503}
    if "requestBody" in operation:
        statuses.add(413)
    statuses |= _DECLARED.get(operation.get("operationId", ""), set())
    return statuses


def describe_errors_and_auth(openapi: dict) -> dict:
    """Every error a route can answer, as ``application/problem+json``; public routes as needing
    no token (an empty security requirement) instead of Wagtail's ``AllowAnonymous`` scheme."""
    components = openapi.setdefault("components", {})
    components.setdefault("schemas", {}).setdefault("ProblemDetail", PROBLEM_DETAIL)
    components.get("securitySchemes", {}).pop(ANONYMOUS_SCHEME, None)
    problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            security = operation.get("security")
            public = not security or any(ANONYMOUS_SCHEME in item for item in security)
            if security and public:
                operation["security"] = [
                    item for item in security if ANONYMOUS_SCHEME not in item and item
                ] + [{}]
            # django-ninja keys responses by int; a document read back from JSON, by str.
            responses = operation["responses"]
            declared = {str(status) for status in responses}
            for status in _statuses(path, method, operation, public):
                if str(status) not in declared:
                    responses[status] = {"description": STATUS_TEXT[status]}
            for status, response in responses.items():
                if not str(status).startswith(("4", "5")):
                    continue
                response["content"] = dict(problem)
                if str(status) == "429":
                    response.setdefault("headers", RETRY_AFTER)
    return openapi


ADJUSTMENTS = [describe_paging, describe_values, describe_orderings, describe_errors_and_auth]


def describe(api) -> None:
    """Apply :data:`ADJUSTMENTS` to every OpenAPI document ``api`` builds (idempotent)."""
    if getattr(api, "_practice_openapi_described", False):
        return
    generate = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        document = generate(*args, **kwargs)
        for adjust in ADJUSTMENTS:
            document = adjust(document)
        return document

    api.get_openapi_schema = get_openapi_schema
    api._practice_openapi_described = True
