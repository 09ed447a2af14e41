"""The site's search backend: Wagtail's database backend, given only text it can handle.

Every search (the site's search page, the API's ``?search=``, the admin's searches) goes through
the configured backend, so cleaning the query here covers them all, including routes added
later::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "practice_core.search"}}

What :func:`clean_query` changes, and why:

* a NUL byte or another control character becomes a space: PostgreSQL refuses NUL in any text,
  and it means nothing in a search;
* a double quote becomes a space: the SQLite backend writes each word into an FTS5 string
  between double quotes without escaping them, so ``"`` ended the string early ("unterminated
  string", a 500). FTS5's tokenizer treats quotes as separators anyway, so results are the same;
* the text is cut at :data:`MAX_QUERY_LENGTH` characters: no real search is longer.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

MAX_QUERY_LENGTH = 200


def clean_query(text: str) -> str:
    """``text`` as a search backend can take it (see the module's docstring)."""
    cleaned = "".join(
        " " if character == '"' or unicodedata.category(character) == "Cc" else character
        for character in text[: MAX_QUERY_LENGTH * 2]
    )
    return " ".join(cleaned.split())[:MAX_QUERY_LENGTH]


def _clean(query):
    """A copy-free clean of a query string or of Wagtail's query objects (PlainText, Phrase,
    And, Or, Not, ...): their text parts are cleaned in place."""
    if isinstance(query, str):
        return clean_query(query)
    if isinstance(getattr(query, "query_string", None), str):
        query.query_string = clean_query(query.query_string)
    for subquery in getattr(query, "subqueries", None) or ():
        _clean(subquery)
    if getattr(query, "subquery", None) is not None:
        _clean(query.subquery)
    return query


class CleanQueriesMixin:
    """Clean every query before the backend builds SQL from it."""

    def search(self, query, *args, **kwargs):
        return super().search(_clean(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(_clean(query), *args, **kwargs)


@cache
def _with_clean_queries(backend_class):
    return type(backend_class.__name__, (CleanQueriesMixin, backend_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Wagtail's database backend for this database (PostgreSQL, SQLite FTS5, ...), with queries
    cleaned by :func:`clean_query`."""
    backend = DatabaseSearchBackend(params)
    backend.__class__ = _with_clean_queries(type(backend))
    return backend
