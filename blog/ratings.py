"""Which summary a rating counts in, and reading summaries.

By default a post's translations share one summary (keyed by the post's ``translation_key``); with
``PRACTICE_BLOG = {"RATINGS_PER_LOCALE": True}`` each language keeps its own.
"""

import functools
from dataclasses import dataclass

from django.db.models import OuterRef

from practice_core import versions

from .models import Comment, RatingSummary, ratings_per_locale
from .versions import post_scope


def scope_for(page) -> str:
    """The key of the summary that ratings of ``page`` count in."""
    if ratings_per_locale():
        return f"{page.translation_key}:{page.locale_id}"
    return str(page.translation_key)


def scope_fields(page) -> dict:
    """The identifying fields of ``page``'s summary row."""
    return {
        "translation_key": page.translation_key,
        "locale_id": page.locale_id if ratings_per_locale() else None,
    }


def scope_filter_for_outer_ref() -> dict:
    """Match a summary against the page of an outer queryset (for listing annotations)."""
    if ratings_per_locale():
        return {"translation_key": OuterRef("translation_key"), "locale_id": OuterRef("locale_id")}
    return {"translation_key": OuterRef("translation_key"), "locale__isnull": True}


def summary_for(page) -> RatingSummary:
    """The summary of ``page``'s ratings: the stored row, or an empty unsaved one (one query)."""
    summary = RatingSummary.objects.filter(scope=scope_for(page)).first()
    if summary is None:
        summary = RatingSummary(scope=scope_for(page), **scope_fields(page))
    return summary


SUMMARY_FIELDS = ("count", "total", "count_1", "count_2", "count_3", "count_4", "count_5")


@functools.cache
def _figures_sql(alias: str, own: bool, comments: bool) -> str:
    """The SQL of :func:`read_figures` for one database and choice of extras."""
    from django.db import connections

    from practice_core.models import ContentVersion

    from .models import Rating

    quote = connections[alias].ops.quote_name
    summary, comment = RatingSummary._meta, Comment._meta

    def column(meta, name):
        return quote(meta.get_field(name).column)

    # Only table and column names from the models' metadata, quoted; values are parameters.
    columns = [f"s.{column(summary, field)}" for field in SUMMARY_FIELDS]
    joins = [f"LEFT JOIN {quote(summary.db_table)} s ON s.{column(summary, 'scope')} = %s"]
    # The post's content version, read in the same statement as its figures (see
    # ``practice_core.versions``): a cached answer built from them carries it.
    version = ContentVersion._meta
    columns.append(f"v.{column(version, 'number')}")
    joins.append(f"LEFT JOIN {quote(version.db_table)} v ON v.{column(version, 'scope')} = %s")
    if own:
        rating = Rating._meta
        columns.append(f"r.{column(rating, 'stars')}")
        joins.append(
            f"LEFT JOIN {quote(rating.db_table)} r ON r.{column(rating, 'scope')} = %s"
            f" AND r.{column(rating, 'voter_key')} = %s"
        )
    if comments:
        columns.append(
            f"(SELECT COUNT(*) FROM {quote(comment.db_table)} c"  # noqa: S608
            f" WHERE c.{column(comment, 'translation_key')} = %s"
            f" AND c.{column(comment, 'locale')} = %s AND c.{column(comment, 'status')} = %s)"
        )
    return f"SELECT {', '.join(columns)} FROM (SELECT 1 AS one) o {' '.join(joins)}"  # noqa: S608


@dataclass
class Figures:
    summary: RatingSummary
    own_stars: int | None = None  # the visitor's own rating (when asked with a voter key)
    comment_count: int = 0  # approved comments in the page's language (when asked)


def read_figures(page, voter_key=None, comments=False) -> Figures:
    """``page``'s rating summary, and on request the visitor's own stars and its number of
    approved comments (in its language), in one query, with the post's content version (which
    the request remembers, see ``practice_core.versions``).

    Pages and the API read these on every request. Written as SQL rather than the ORM because
    compiling the equivalent queryset (subqueries on a one-row select) cost more CPU than the
    rest of a cached page; each row is found by a unique key and may be missing.
    """
    from django.db import connections, router

    database = connections[router.db_for_read(RatingSummary)]
    scope = scope_for(page)
    key = Comment._meta.get_field("translation_key").get_db_prep_value(
        page.translation_key, database
    )
    # In the order the placeholders stand in the SQL: the count's subquery, then the joins.
    params = [key, page.locale_id, Comment.Status.APPROVED.value] if comments else []
    version_scope = post_scope(page.translation_key)
    params += [scope, version_scope]
    if voter_key:
        params += [scope, voter_key]
    with database.cursor() as cursor:
        cursor.execute(_figures_sql(database.alias, bool(voter_key), comments), params)
        row = list(cursor.fetchone())
    counts, extras = row[: len(SUMMARY_FIELDS)], row[len(SUMMARY_FIELDS) :]
    versions.remember(version_scope, extras.pop(0) or 0)
    figures = Figures(
        RatingSummary(
            scope=scope,
            **scope_fields(page),
            **{field: value or 0 for field, value in zip(SUMMARY_FIELDS, counts, strict=True)},
        )
    )
    if voter_key:
        figures.own_stars = extras.pop(0)
    if comments:
        figures.comment_count = extras.pop(0) or 0
    return figures


def post_figures(page) -> tuple[RatingSummary, int]:
    """``page``'s rating summary and its number of approved comments in its language."""
    figures = read_figures(page, comments=True)
    return figures.summary, figures.comment_count
