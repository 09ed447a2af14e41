"""How the trainings' pages are rendered for visitors: the directory (filters, cards, paging),
the comparison and a training's page, and what of them is cached.

Everything cached here is kept under ``practice_core.cache`` keys, which carry the site's content
version (``practice_core.versions``: any publish, snippet, assessment, answer or checklist change
raises it) and the language; listings also carry the current minute, since sessions that start
leave "upcoming" and move the date sort. Previews are never cached. The directory and training
pages are shared whole with visitors without a session (``practice_core.cache.share_response``).
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from practice_core.cache import cached, get_or_build, is_preview, make_key, share_response

from .comparison import Comparison, load_comparison, parse_ids
from .listing import (
    ListingSnapshot,
    attach_frameworks,
    clock_minute,
    clock_minute_ends,
    load_filter_options,
    paginate_listing,
    parse_listing,
)
from .structured_data import course_json_ld

COMPARE_TEMPLATE = "practice_trainings/training_compare_page.html"


# The directory -------------------------------------------------------------------------------


def listing_context(index, request) -> dict:
    """Everything the directory shows: filters applied, one page of results, the options.

    A fixed number of queries whatever the number of trainings (see the tests); cached per
    directory, language, query string and minute.
    """
    if is_preview(request):
        return build_listing_snapshot(index, request).context()
    snapshot: ListingSnapshot = cached(
        "trainings-listing",
        index.pk,
        index.locale_id,
        index.per_page,
        sorted(request.GET.lists()),
        clock_minute(),
        build=lambda: build_listing_snapshot(index, request),
    )
    return snapshot.context()


def build_listing_snapshot(index, request) -> ListingSnapshot:
    """Filter, sort and paginate from the database (what ``listing_context`` caches)."""
    options = load_filter_options(index.locale)
    listing = parse_listing(
        request.GET, index.training_candidates(), options, default_currency=index.price_currency
    )
    page_obj = paginate_listing(
        listing, request.GET.get("page"), index.per_page, options.frameworks_by_key
    )
    return ListingSnapshot.take(listing, page_obj, options)


def directory(index, request):
    """The directory page. Its body (filters, count, cards, pagination) is rendered once per
    cache key of ``listing_context`` plus the site and scheme (card links); the page around it
    is shared whole until the minute ends."""
    if is_preview(request):
        return index.render(request, context_overrides=listing_context(index, request))

    def render_body():
        context = {"page": index, "self": index, "request": request}
        context.update(listing_context(index, request))
        return render_to_string("practice_trainings/includes/directory.html", context)

    body = cached(
        "trainings-directory-html",
        index.pk,
        index.locale_id,
        index.per_page,
        sorted(request.GET.lists()),
        clock_minute(),
        request=request,
        build=render_body,
    )
    response = index.render(request, context_overrides={"directory_html": mark_safe(body)})  # noqa: S308 - rendered by our template
    share_response(request, valid_until=clock_minute_ends())
    return response


# The comparison ------------------------------------------------------------------------------


def comparison(index, request):
    """The side-by-side comparison. A valid selection's table is rendered once per cache key
    (directory, the normalised ids in their order, minute, language, site). An unusable
    selection (malformed, too few or too many ids, or ids that are not live, public trainings
    here) is never cached: it gets its message, built afresh."""
    ids, error = parse_ids(",".join(request.GET.getlist("ids")))
    if error:
        return index.render(
            request,
            context_overrides={"comparison": Comparison(error=error)},
            template=COMPARE_TEMPLATE,
        )
    if is_preview(request):
        return index.render(
            request,
            context_overrides={"comparison": load_comparison(index, ids)},
            template=COMPARE_TEMPLATE,
        )

    refused = {}

    def render_table():
        compared = load_comparison(index, ids)
        if compared.error:
            refused["comparison"] = compared
            return None
        context = {"page": index, "self": index, "request": request, "comparison": compared}
        return render_to_string("practice_trainings/includes/comparison.html", context)

    # The "next start" row moves with the clock: the minute is part of the key.
    key = make_key(
        "trainings-compare-html",
        index.pk,
        index.locale_id,
        tuple(ids),
        clock_minute(),
        request=request,
    )
    table = get_or_build(key, render_table, keep=lambda html: html is not None)
    if table is None:
        return index.render(request, context_overrides=refused, template=COMPARE_TEMPLATE)
    return index.render(
        request,
        context_overrides={
            "comparison_html": mark_safe(table),  # noqa: S308 - our template
            "comparison_ids": ",".join(str(pk) for pk in ids),
        },
        template=COMPARE_TEMPLATE,
    )


# A training's page ---------------------------------------------------------------------------


def cached_extra(page, kind: str, build):
    """``build()``, cached for the live page under the site's content version, this page and
    the active language (texts and snippets are localised); a draft is built afresh."""
    if not page.is_cacheable:
        return build()
    return cached(f"trainings-{kind}", page.pk, page.locale_id, build=build)


def page_extras(page) -> dict:
    """What the training's page shows besides its own fields."""
    return {
        "scorecard": page.scorecard,
        "sessions": list(page.sessions.all()),
        "languages": [item.language for item in page.languages_offered.all()],
        "frameworks": attach_frameworks([page])[0].framework_list,
        "provider": page.provider if page.provider_id else None,
    }


def training_context(page, request, context) -> dict:
    """The page's extras, its article rendered once per state (shared whole with visitors
    without a session) and its JSON-LD."""
    preview = is_preview(request)
    extras = (
        page_extras(page)
        if preview
        else cached_extra(page, "page-extras", lambda: page_extras(page))
    )
    added = dict(extras)
    if page.provider_id and extras.get("provider") is not None:
        page.provider = extras["provider"]  # the cached snippet: no query for the template
    if not preview and page.is_cacheable:
        body = cached(
            "trainings-page-html",
            page.pk,
            page.locale_id,
            request=request,
            build=lambda: render_to_string(
                "practice_trainings/includes/training_body.html", {**context, **added}
            ),
        )
        added["training_body"] = mark_safe(body)  # noqa: S308 - rendered by our own template
        share_response(request, valid_until=clock_minute_ends())
    added["json_ld"] = course_json_ld(
        page,
        request,
        extras["scorecard"],
        sessions=extras["sessions"],
        languages=extras["languages"],
    )
    return added
