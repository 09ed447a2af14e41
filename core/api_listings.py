"""What every plugin listing in the API shares (``/api/v3/trainings/``, ``/authors/``, ...).

- **The default language.** Without ``?locale=`` a listing lists the site's default language
  (``settings.LANGUAGE_CODE``), never every language's copy of the same thing: a front end that
  asks for "the trainings" gets each training once. ``?locale=xx`` picks another language.
- **No silently ignored parameters.** A query parameter the listing does not understand is a
  400 ``application/problem+json`` naming it, so a typo (``?framwork=``) or a feature of another
  listing (Wagtail's ``?fields=``: plugin listings always return every field their schema lists)
  never looks like an answer to the question asked.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from wagtail.api.v3.errors import problem_response
from wagtail.coreutils import get_supported_content_language_variant

# Accepted by every listing: Wagtail's site filter (``get_public_pages_queryset``).
COMMON_PARAMETERS = frozenset({"site"})


def default_locale_code() -> str:
    """The language a listing lists when the request names none: the site's default (as
    ``Locale.get_default()`` finds it, without a query)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _reason(name: str, accepted: list[str]) -> str:
    if name == "fields":
        return (
            "'fields' is not supported on this listing: every item always has all the fields "
            "its OpenAPI schema lists (Wagtail's /api/v3/pages/ listing is the one with "
            "'fields')."
        )
    return f"Unknown query parameter {name!r} was rejected; this listing accepts: " + ", ".join(
        accepted
    )


def unknown_parameters_problem(
    request: HttpRequest, accepted: Iterable[str]
) -> HttpResponse | None:
    """A 400 problem naming each query parameter of ``request`` not in ``accepted``, or None."""
    allowed = sorted(set(accepted) | COMMON_PARAMETERS)
    unknown = sorted(name for name in request.GET if name not in allowed)
    if not unknown:
        return None
    return problem_response(
        status=400,
        detail="Unsupported query parameter(s) rejected: " + ", ".join(unknown) + ".",
        errors=[
            {"type": "unknown_parameter", "loc": ["query", name], "msg": _reason(name, allowed)}
            for name in unknown
        ],
    )
