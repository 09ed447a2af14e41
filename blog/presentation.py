"""Everything a post page shows besides the page's own fields, gathered in a fixed number of
queries whatever the number of comments or ratings (see ``BlogPostPage.get_context``)."""

import contextlib
import json
import time

from django.core.cache import cache
from django.db.models import Count, IntegerField, Subquery
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale

from .forms import CommentForm, RatingForm
from .models import BlogSettings, Comment, Rating, RatingSummary, localized
from .ratings import scope_fields, scope_for
from .visitors import existing_voter_key

COMMENTS_VERSION_KEY = "blog:comments:version:{}"


def comments_version(translation_key) -> int:
    """A number that changes whenever a comment of this post (any language) is saved or deleted.

    It is part of the cache key of the rendered comment list, so the list is rendered once and
    served from the cache until a comment is approved, edited or removed.
    """
    key = COMMENTS_VERSION_KEY.format(translation_key)
    try:
        version = cache.get(key)
        if version is None:
            version = time.time_ns()
            cache.set(key, version, None)
    except Exception:  # an unreachable cache: a fresh number means no cached list is used
        version = time.time_ns()
    return version


def bump_comments_version(sender, instance, **kwargs):
    """Signal receiver: a comment changed, so its post's cached comment list is stale."""
    with contextlib.suppress(Exception):
        cache.set(COMMENTS_VERSION_KEY.format(instance.translation_key), time.time_ns(), None)


class LazyThreads:
    """The comment threads, fetched only if the cached comment list has to be rendered."""

    def __init__(self, page):
        self.page = page

    @cached_property
    def threads(self):
        return comment_threads(self.page)[0]

    def __iter__(self):
        return iter(self.threads)

    def __bool__(self):
        return bool(self.threads)

    def __len__(self):
        return len(self.threads)


def comment_threads(page):
    """Approved comments in the page's language, oldest first, each with its replies (1 query)."""
    comments = list(
        Comment.objects.approved()
        .filter(translation_key=page.translation_key, locale_id=page.locale_id)
        .only("pk", "parent_id", "author_name", "body", "created", "is_practice_reply", "locale_id")
        .order_by("created", "pk")
    )
    threads, replies = [], {}
    for comment in comments:
        comment.thread_replies = []
        if comment.parent_id is None:
            threads.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in threads:
        comment.thread_replies = replies.get(comment.pk, [])
    return threads, len(comments)


SUMMARY_FIELDS = ("count", "total", "count_1", "count_2", "count_3", "count_4", "count_5")


def visitor_figures(page, voter_key):
    """The rating summary, this visitor's own stars and the number of approved comments in other
    languages, in one query (subqueries on the page's locale row, which always exists)."""
    scope = scope_for(page)
    summaries = RatingSummary.objects.filter(scope=scope)
    annotations = {
        f"summary_{field}": Subquery(summaries.values(field)[:1], output_field=IntegerField())
        for field in SUMMARY_FIELDS
    }
    annotations["own_stars"] = Subquery(
        Rating.objects.filter(scope=scope, voter_key=voter_key or "").values("stars")[:1],
        output_field=IntegerField(),
    )
    annotations["other_comments"] = Subquery(
        Comment.objects.approved()
        .filter(translation_key=page.translation_key)
        .exclude(locale_id=page.locale_id)
        .order_by()
        .values("translation_key")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    row = (
        Locale.objects.filter(pk=page.locale_id)
        .annotate(**annotations)
        .values(*annotations)
        .first()
    ) or {}
    summary = RatingSummary(
        scope=scope,
        **scope_fields(page),
        **{field: row.get(f"summary_{field}") or 0 for field in SUMMARY_FIELDS},
    )
    own = row.get("own_stars") if voter_key else None
    return summary, own, row.get("other_comments") or 0


def json_ld(page, request, summary, authors) -> str:
    """The post's JSON-LD ``BlogPosting``; ``aggregateRating`` only once someone has rated it."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": page.title,
        "description": page.summary or strip_tags(page.search_description or ""),
        "datePublished": page.publication_date.isoformat(),
        "inLanguage": get_language(),
        "url": page.get_full_url(request),
        "mainEntityOfPage": page.get_full_url(request),
        "timeRequired": f"PT{page.reading_time}M",
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if authors:
        data["author"] = [
            {
                "@type": "Person",
                "name": author.name,
                **({"jobTitle": author.role} if author.role else {}),
            }
            for author in authors
        ]
    if summary.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": summary.average,
            "ratingCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "</script>" or "<!--" in a title must not end the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON escaped for a script element above


def post_context(page, request, rating_form=None, comment_form=None):
    """The visitor-facing extras of a post page."""
    blog_settings = BlogSettings.cached_for_request(request)
    # An alias shows its original's ratings and comments (its forms post to the original too).
    target = page.visitor_target()
    summary, own_rating, other_language_comments = visitor_figures(
        target, existing_voter_key(request)
    )
    threads = LazyThreads(target)
    authors = localized(page.authors, page.locale_id, select_related=["photo"])
    categories = localized(page.categories, page.locale_id)
    tags = list(page.tags.all())
    replying_to = None
    reply_to = request.GET.get("reply_to", "")
    if reply_to.isdigit():
        replying_to = next((c for c in threads if c.pk == int(reply_to)), None)
    if comment_form is None:
        comment_form = CommentForm(initial={"parent": replying_to.pk} if replying_to else None)
    distribution = [{"stars": n, "count": summary.distribution[str(n)]} for n in range(5, 0, -1)]
    return {
        "blog_settings": blog_settings,
        "rating_summary": summary,
        "rating_distribution": distribution,
        "own_rating": own_rating,
        "rating_form": rating_form or RatingForm(initial={"stars": own_rating}),
        "comment_threads": threads,
        "comments_version": comments_version(target.translation_key),
        "other_language_comments": other_language_comments,
        "comment_form": comment_form,
        "replying_to": replying_to,
        "comments_open": page.comments_are_open(blog_settings),
        "authors": authors,
        "categories": categories,
        "tags": tags,
        # A post's URL is its index's URL plus its slug: no query for the parent page.
        "index_url": page.url[: -len(page.slug) - 1] if page.url else "",
        "related_posts": page.related_posts(tags, categories),
        "share_links": page.share_links(request),
        "post_json_ld": json_ld(page, request, summary, authors),
    }
