"""What the API's OpenAPI document adds to what django-ninja generates.

django-ninja describes each route from its Python signature; what the site enforces around the
routes (the shared query checks of :mod:`practice_core.query_params`) is stated here, once, for
every route, so the document describes what the API does (schemathesis checks it does).

:func:`describe` wraps a ``NinjaAPI``'s ``get_openapi_schema`` (call it once, from ``ready()``);
each function in :data:`ADJUSTMENTS` receives the generated document and returns it.
"""

from __future__ import annotations

from .query_params import describe_paging

ADJUSTMENTS = [describe_paging]


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
