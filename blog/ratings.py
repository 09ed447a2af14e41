"""Which summary a rating counts in, and reading summaries.

By default a post's translations share one summary (keyed by the post's ``translation_key``); with
``BLOG_RATINGS_PER_LOCALE = True`` each language keeps its own.
"""

import functools

from django.db.models import OuterRef

from .models import Comment, RatingSummary, ratings_per_locale


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
def _figures_sql(alias: str) -> str:
    from django.db import connections

    quote = connections[alias].ops.quote_name
    summary = RatingSummary._meta
    comment = Comment._meta
    columns = ", ".join(f"s.{quote(summary.get_field(f).column)}" for f in SUMMARY_FIELDS)
    # Only table and column names from the models' metadata, quoted; values are parameters.
    return (
        f"SELECT {columns}, "  # noqa: S608
        f"(SELECT COUNT(*) FROM {quote(comment.db_table)} c"
        f" WHERE c.{quote(comment.get_field('translation_key').column)} = %s"
        f" AND c.{quote(comment.get_field('locale').column)} = %s"
        f" AND c.{quote(comment.get_field('status').column)} = %s) "
        f"FROM (SELECT 1 AS one) AS o"
        f" LEFT JOIN {quote(summary.db_table)} s"
        f" ON s.{quote(summary.get_field('scope').column)} = %s"
    )


def post_figures(page) -> tuple[RatingSummary, int]:
    """``page``'s rating summary and its number of approved comments (in its language), in one
    query.

    The API detail of a post needs both on every request. Written as SQL rather than the ORM
    because compiling the equivalent queryset (seven subqueries on the locale row) cost more CPU
    than the whole rest of the serialisation; the summary is LEFT JOINed to a one-row select, so
    a post nobody has rated still gets its comment count, and an empty summary.
    """
    from django.db import connections, router

    connection = connections[router.db_for_read(RatingSummary)]
    sql = _figures_sql(connection.alias)
    scope = scope_for(page)
    params = [
        Comment._meta.get_field("translation_key").get_db_prep_value(
            page.translation_key, connection
        ),
        page.locale_id,
        Comment.Status.APPROVED.value,
        scope,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        *figures, comments = cursor.fetchone()
    summary = RatingSummary(
        scope=scope,
        **scope_fields(page),
        **{field: value or 0 for field, value in zip(SUMMARY_FIELDS, figures, strict=True)},
    )
    return summary, comments or 0
