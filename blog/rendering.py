"""How the blog's pages are rendered for visitors: a post's page (its figures, forms and the
parts it shows besides its own fields, in a fixed number of queries whatever the number of
comments or ratings; see ``BlogPostPage.get_context``) and the index's cached pages. Comment
threads are in :mod:`blog.comments`, the JSON-LD in :mod:`blog.structured_data`."""

from django.conf import settings
from django.db import connections, router
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, ngettext

from practice_core import formatting

from .caching import cache_get, cache_set, cached, is_preview, post_key
from .comments import PENDING_COOKIE, LazyThreads, OwnPending, requested_comments_page
from .forms import CommentForm, RatingForm, sign_timestamp
from .models import BlogSettings, Comment, CommentsVersion, Rating, RatingSummary, localized
from .ratings import SUMMARY_FIELDS, read_figures
from .structured_data import json_ld
from .visitors import COOKIE_NAME as VISITOR_COOKIE
from .visitors import existing_voter_key


def bump_comments_version(sender, instance, **kwargs):
    """Signal receiver: a comment changed, so its post's cached comment list is stale."""
    CommentsVersion.bump(instance.translation_key)


def visitor_figures(page, voter_key, request=None):
    """The rating summary, this visitor's own stars and the post's comments version (1 query,
    once per request: the whole-page cache reads them for its key, and a page rendered after a
    miss reuses them)."""
    memo = getattr(request, "_blog_figures", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._blog_figures = memo
    if (page.pk, voter_key) not in memo:
        figures = read_figures(page, voter_key=voter_key, version=True)
        memo[page.pk, voter_key] = (figures.summary, figures.own_stars, figures.comments_version)
    return memo[page.pk, voter_key]


# A number in each CLDR plural category (what the browser's Intl.PluralRules answers), to render
# the summary's text in the matching gettext plural form for the rating script. "many" is 11 to
# 99 in Arabic and a million in French, Spanish, Italian or Portuguese.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "other": 100}


def rating_count_texts() -> dict:
    """The summary text for each plural category, with ``{average}`` and ``{count}`` left for
    the script to fill in (so it says "1 rating", "2 ratings", or Arabic's six forms right)."""
    samples = {**PLURAL_SAMPLES, "many": 11 if get_language() == "ar" else 1_000_000}
    return {
        category: ngettext(
            "%(average)s out of 5 · %(count)s rating",
            "%(average)s out of 5 · %(count)s ratings",
            number,
        )
        % {"average": "{average}", "count": "{count}"}
        for category, number in samples.items()
    }


def summary_text(average, count) -> str:
    """ "4.5 out of 5 · 12 ratings", the numbers written as the visitor's language writes them."""
    return ngettext(
        "%(average)s out of 5 · %(count)s rating",
        "%(average)s out of 5 · %(count)s ratings",
        count,
    ) % {"average": formatting.decimal(average, 1), "count": formatting.number(count)}


def own_text(stars) -> str:
    """What the visitor gave, shown next to the stars: "Your rating: 4 stars"."""
    stars = int(stars)
    return ngettext("Your rating: %(stars)s star", "Your rating: %(stars)s stars", stars) % {
        "stars": formatting.number(stars)
    }


def confirmation_text(stars, created: bool) -> str:
    """The confirmation after rating: thanks for a first rating, the new value for a change."""
    stars = int(stars)
    if created:
        text = ngettext(
            "Thank you: you rated this post %(stars)d star.",
            "Thank you: you rated this post %(stars)d stars.",
            stars,
        )
    else:
        text = ngettext(
            "Your rating is now %(stars)d star.", "Your rating is now %(stars)d stars.", stars
        )
    return text % {"stars": stars}


def rating_star_texts() -> dict:
    """For each number of stars, the texts the rating script shows after saving it."""
    return {
        stars: {
            "own": own_text(stars),
            "thanks": confirmation_text(stars, created=True),
            "changed": confirmation_text(stars, created=False),
        }
        for stars in range(1, 6)
    }


def post_context(page, request, rating_form=None, comment_form=None):
    """The visitor-facing extras of a post page.

    Only the rating figures (one query) and the forms are made for every request; the rest is
    lazy and the template keeps what it renders from it in the cache (``blog.caching``), so a
    cached view does not evaluate it.
    """
    blog_settings = BlogSettings.cached_for_request(request)
    # An alias shows its original's ratings and comments (its forms post to the original too).
    target = page.visitor_target()
    summary, own_rating, version = visitor_figures(target, existing_voter_key(request), request)
    authors = SimpleLazyObject(
        lambda: localized(page.authors, page.locale_id, select_related=["photo"])
    )
    categories = SimpleLazyObject(lambda: localized(page.categories, page.locale_id))
    tags = SimpleLazyObject(lambda: list(page.tags.all()))
    replying_to = None
    reply_to = request.GET.get("reply_to", "")
    if reply_to.isdigit():
        replying_to = (
            Comment.objects.approved()
            .filter(
                pk=int(reply_to),
                translation_key=target.translation_key,
                locale_id=target.locale_id,
                parent__isnull=True,
            )
            .only("pk", "author_name")
            .first()
        )
    if comment_form is None:
        comment_form = CommentForm(initial={"parent": replying_to.pk} if replying_to else None)
    distribution = [{"stars": n, "count": summary.distribution[str(n)]} for n in range(5, 0, -1)]
    ld_authors = cached(
        "ld-authors",
        page,
        request,
        lambda: [{"name": author.name, "role": author.role} for author in authors],
    )
    return {
        "blog_settings": blog_settings,
        "rating_summary": summary,
        "rating_distribution": distribution,
        "rating_count_texts": rating_count_texts(),
        "rating_star_texts": rating_star_texts(),
        "own_rating": own_rating,
        "rating_form": rating_form or RatingForm(initial={"stars": own_rating}),
        "comment_threads": LazyThreads(target, requested_comments_page(request)),
        "own_pending_comments": OwnPending(request, target),
        "comments_page": requested_comments_page(request),
        "comments_version": version,
        "comment_form": comment_form,
        "replying_to": replying_to,
        "comments_open": page.comments_are_open(blog_settings),
        "post_cache_key": "-" if is_preview(request) else post_key(page, request),
        "authors": authors,
        "categories": categories,
        "tags": tags,
        # A post's URL is its index's URL plus its slug: no query for the parent page.
        "index_url": page.url[: -len(page.slug) - 1] if page.url else "",
        "related_posts": SimpleLazyObject(lambda: page.related_posts(tags, categories)),
        "share_links": SimpleLazyObject(lambda: page.share_links(request)),
        "post_json_ld": json_ld(page, request, summary, ld_authors),
    }


# The whole rendered post, for visitors who are not signed in ------------------------------------
#
# A visitor without a session (not signed in, no pending message) on a post's plain URL sees what
# every such visitor sees, except for their own rating (one of six states: none or 1-5 stars) and
# two tokens in the forms: the CSRF token and the comment form's signed start time. The page is
# rendered with placeholders for the tokens and kept in the cache under the post's state
# (``blog.caching.post_key``), its rating figures, its comments version (both read from the
# database on every view) and the visitor's own stars; each visitor gets their own tokens put in.

CSRF_PLACEHOLDER = "blog-csrf-placeholder-7d1e5c"
STARTED_PLACEHOLDER = "blog-started-placeholder-7d1e5c"
# Cookies that do not change what a post shows, or only the own rating (the visitor cookie).
NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, VISITOR_COOKIE}


def shares_pages(request) -> bool:
    """Whether this request may get (and fill) the whole-page cache: a GET or HEAD, not a
    preview, from a visitor without a session (not signed in, no pending message)."""
    return (
        request.method in ("GET", "HEAD")
        and not is_preview(request)
        and set(request.COOKIES) <= NEUTRAL_COOKIES
    )


def whole_page_cacheable(request) -> bool:
    return shares_pages(request) and not request.GET


def render_post(page, request):
    """The post's response: from the whole-page cache when the visitor allows it."""
    if not whole_page_cacheable(request):
        response = page.render(request)
        if PENDING_COOKIE in request.COOKIES:
            # The visitor's own pending comments are on this page: for their eyes only.
            response.render()
            patch_cache_control(response, private=True, no_store=True)
            own = (response.context_data or {}).get("own_pending_comments")
            if own is not None:
                own.tidy(response)
        return response
    blog_settings = BlogSettings.cached_for_request(request)
    target = page.visitor_target()
    summary, own, version = visitor_figures(target, existing_voter_key(request), request)
    figures = ",".join(str(getattr(summary, field)) for field in SUMMARY_FIELDS)
    key = (
        f"blog:post:html:{post_key(page, request)}:{request.scheme}:{figures}:{version}:"
        f"{page.comments_are_open(blog_settings)}:{own or 0}"
    )

    def render():
        comment_form = CommentForm()
        comment_form.initial["started"] = STARTED_PLACEHOLDER
        return page.render(
            request,
            context_overrides={"csrf_token": CSRF_PLACEHOLDER, "comment_form": comment_form},
        )

    return cached_html_response(request, key, render)


def cached_html_response(request, key, render):
    """The HTML kept under ``key``, or ``render()``'s (kept when it is a 200), with this
    visitor's tokens in place of the placeholders."""
    html = cache_get(key)
    if html is None:
        response = render()
        html = response.render().content.decode()
        if response.status_code == 200:
            cache_set(key, html)
    else:
        response = HttpResponse()
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    if STARTED_PLACEHOLDER in html:
        html = html.replace(STARTED_PLACEHOLDER, sign_timestamp())
    response.content = html
    return response


# The blog index's cards show every listed post's rating figures and comment count: its cached
# page is keyed on a marker of all visitor activity, read in one query (the newest rating, via
# its index; the number of ratings, so a deleted rating counts; the sum of the comments versions).
INDEX_PARAMETERS = {"page", "tag", "category"}


def blog_activity() -> str:
    database = connections[router.db_for_read(Rating)]
    qn = database.ops.quote_name
    sql = (
        f"SELECT (SELECT MAX({qn('updated')}) FROM {qn(Rating._meta.db_table)}),"  # noqa: S608 - our tables
        f" (SELECT SUM({qn('count')}) FROM {qn(RatingSummary._meta.db_table)}),"
        f" (SELECT SUM({qn('version')}) FROM {qn(CommentsVersion._meta.db_table)})"
    )
    with database.cursor() as cursor:
        cursor.execute(sql)
        return ",".join(map(str, cursor.fetchone()))


def render_index(index, request, render):
    """A blog index (or archive) page: from the whole-page cache for visitors without a session,
    on its plain URL or with ``page``, ``tag`` and ``category`` parameters only."""
    parameters = request.GET
    if not (
        shares_pages(request)
        and set(parameters) <= INDEX_PARAMETERS
        and all(len(values) == 1 and len(values[0]) <= 80 for _, values in parameters.lists())
    ):
        return render()
    query = "&".join(f"{name}={parameters[name]}" for name in sorted(parameters))
    key = (
        f"blog:index:html:{post_key(index, request)}:{request.scheme}:{request.path}:"
        f"{blog_activity()}:{query}"
    )
    return cached_html_response(request, key, render)
