"""Which summary a rating counts in, and reading summaries.

By default a post's translations share one summary (keyed by the post's ``translation_key``); with
``BLOG_RATINGS_PER_LOCALE = True`` each language keeps its own.
"""

from django.db.models import OuterRef

from .models import RatingSummary, ratings_per_locale


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
