"""How the blog's pages are rendered for visitors: a post's page (its figures, forms and the
parts it shows besides its own fields, in a fixed number of queries whatever the number of
comments or ratings; see ``BlogPostPage.get_context``) and the index's cached pages. Comment
threads are in :mod:`practice_blog.comments`, the JSON-LD in
:mod:`practice_blog.structured_data`."""

import re
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.translation import get_language, gettext, ngettext

from practice_core import formatting, versions
from practice_core.cache import (
    CSRF_PLACEHOLDER,
    ENTRY_TIMEOUT,
    cached,
    is_preview,
    make_key,
    may_share,
    share_response,
)

from .comments import PENDING_COOKIE, LazyThreads, OwnPending, requested_comments_page
from .forms import CommentForm, RatingForm, sign_timestamp
from .models import BlogSettings, Comment, Rating, localized, tag_names
from .ratings import read_figures, scope_for
from .structured_data import json_ld, post_sharing
from .versions import ACTIVITY, post_scope
from .visitors import existing_voter_key


def visitor_figures(page, voter_key, request=None):
    """The rating summary and this visitor's own stars (1 query, once per request)."""
    memo = getattr(request, "_blog_figures", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._blog_figures = memo
    if (page.pk, voter_key) not in memo:
        figures = read_figures(page, voter_key=voter_key)
        memo[page.pk, voter_key] = (figures.summary, figures.own_stars)
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

    The rating figures (one query, with the post's content version) and the forms are made for
    every render; the rest is lazy and the template keeps what it renders
    from it in the cache under ``post_cache_key``, so a cached fragment does not evaluate it.
    """
    # An alias shows its original's ratings and comments (its forms post to the original too).
    target = page.visitor_target()
    blog_settings = BlogSettings.cached_for_request(request)
    shared = getattr(request, "_blog_shared_render", False)
    voter_key = None if shared else existing_voter_key(request)
    summary, own_rating = visitor_figures(target, voter_key, request)
    authors = SimpleLazyObject(
        lambda: localized(page.authors, page.locale_id, select_related=["photo"])
    )
    categories = SimpleLazyObject(lambda: localized(page.categories, page.locale_id))
    tags = SimpleLazyObject(lambda: list(page.tags.all()))
    shown_tags = SimpleLazyObject(lambda: tag_names(tags, page.locale_id))
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
    post_cache_key = "-" if is_preview(request) else make_key("post", page.pk, request=request)

    # A post's URL is its index's URL plus its slug: no query for the parent page.
    index_url = page.url[: -len(page.slug) - 1] if page.url else ""

    def structured_data():
        index_full_url = request.build_absolute_uri(index_url) if index_url else ""
        return {
            "authors": [
                {
                    "name": author.name,
                    "role": author.role,
                    "url": f"{index_full_url}?author={author.pk}" if index_full_url else "",
                }
                for author in authors
            ],
            **post_sharing(page, request),
        }

    # Renditions and settings are read once per content version, not per view.
    ld_data = (
        structured_data()
        if is_preview(request)
        else cached("post-ld", page.pk, request=request, build=structured_data)
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
        "comments_cache_key": "-"
        if is_preview(request)
        else make_key(
            "post-comments",
            page.pk,
            page.comments_are_open(blog_settings),
            requested_comments_page(request),
            request=request,
            scopes=(versions.CONTENT, post_scope(target.translation_key)),
        ),
        "cache_timeout": ENTRY_TIMEOUT,
        "comment_form": comment_form,
        "replying_to": replying_to,
        "comments_open": page.comments_are_open(blog_settings),
        "post_cache_key": post_cache_key,
        "rating_lookup": scope_for(target),
        "authors": authors,
        "categories": categories,
        "tags": shown_tags,
        "index_url": index_url,
        "share_image": ld_data["share_image"],
        "related_posts": SimpleLazyObject(lambda: page.related_posts(tags, categories)),
        "share_links": SimpleLazyObject(lambda: page.share_links(request)),
        "post_json_ld": json_ld(page, request, summary, ld_data["authors"], ld_data),
    }


# The whole rendered post and journal, shared by visitors who are not signed in ------------------
#
# A visitor without a session (not signed in, no pending message) on a post's plain URL sees what
# every such visitor sees, except for their own rating and two tokens in the forms: the CSRF token
# and the comment form's signed start time. The page is rendered with placeholders for all three
# and kept whole by ``practice_core.cache.SharedResponseMiddleware``, under the versions of the
# post and of the site's content; every hit fills in the visitor's own (the fillers below).

STARTED_PLACEHOLDER = "blog-started-placeholder-7d1e5c"
OWN_RATING = re.compile(r"<!--blog:rating-form:([^>]{1,80})-->(.*?)<!--/blog:rating-form-->", re.S)


def render_post(page, request):
    """The post's response, rendered to be shared when the visitor allows it."""
    if not (may_share(request) and not request.GET):
        response = page.render(request)
        if PENDING_COOKIE in request.COOKIES:
            # The visitor's own pending comments are on this page: for their eyes only (the
            # cookie is not a neutral one, so this page is never shared either).
            response.render()
            patch_cache_control(response, private=True, no_store=True)
            own = (response.context_data or {}).get("own_pending_comments")
            if own is not None:
                own.tidy(response)
        return response
    request._blog_shared_render = True
    comment_form = CommentForm()
    comment_form.initial["started"] = STARTED_PLACEHOLDER
    response = page.render(
        request,
        context_overrides={"csrf_token": CSRF_PLACEHOLDER, "comment_form": comment_form},
    )
    share_response(
        request,
        fillers=["practice_blog.started", "practice_blog.own-rating"],
        valid_until=comments_close_time(page, BlogSettings.cached_for_request(request)),
    )
    return response


def comments_close_time(page, blog_settings) -> float | None:
    """When the post's comment form closes by itself (a Unix time), if that is still to come:
    the shared page shows the form until then."""
    days = blog_settings.close_comments_after_days
    if page.comments_closed or days is None:
        return None
    first_closed_day = page.publication_date + timedelta(days=days + 1)
    moment = datetime.combine(first_closed_day, time.min, tzinfo=timezone.get_current_timezone())
    return moment.timestamp() if moment > timezone.now() else None


def fill_started(request, html: str) -> str:
    """The comment form's signed start time, made for this visitor."""
    return html.replace(STARTED_PLACEHOLDER, sign_timestamp())


def fill_own_rating(request, html: str) -> str:
    """The visitor's own stars in the rating form (one query, only for a visitor who has the
    blog's visitor cookie)."""
    voter_key = existing_voter_key(request)
    if voter_key is None:
        return html
    match = OWN_RATING.search(html)
    if match is None:
        return html
    stars = (
        Rating.objects.filter(scope=match[1], voter_key=voter_key)
        .values_list("stars", flat=True)
        .first()
    )
    if stars is None:
        return html
    form = match[2].replace(
        f'id="stars-{stars}" value="{stars}">', f'id="stars-{stars}" value="{stars}" checked>'
    )
    form = form.replace(
        f'<button type="submit" data-rating-button>{escape(gettext("Add a rating"))}</button>',
        f'<button type="submit" data-rating-button>{escape(gettext("Change my rating"))}</button>',
    )
    form = form.replace(
        '<p class="rating__own" data-rating-own></p>',
        f'<p class="rating__own" data-rating-own>{escape(own_text(stars))}</p>',
    )
    return html[: match.start(2)] + form + html[match.end(2) :]


def shared_post_fillers():
    """The blog's per-visitor parts of shared pages (``register_shared_response_fillers``)."""
    return {"practice_blog.started": fill_started, "practice_blog.own-rating": fill_own_rating}


# The journal's cards show every listed post's rating figures and comment count: its shared page
# is built from the blog's activity scope as well as the site's content.
INDEX_PARAMETERS = {"page", "tag", "category", "author"}


def render_index(index, request, render):
    """A blog index (or archive) page, shared with other visitors without a session on its plain
    URL or with ``page``, ``tag`` and ``category`` parameters only."""
    parameters = request.GET
    versions.read(versions.CONTENT, ACTIVITY)
    if (
        may_share(request)
        and set(parameters) <= INDEX_PARAMETERS
        and all(len(values) == 1 and len(values[0]) <= 80 for _, values in parameters.lists())
    ):
        share_response(request)
    return render()
