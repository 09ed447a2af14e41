"""The blog's routes in Wagtail's API v3 (django-ninja), mounted under ``/api/v3/pages/``.

- ``POST /api/v3/pages/{id}/ratings/`` ``{"stars": 1..5}`` → 201 (first rating) or 200 (changed),
  body: the post's ``rating_summary``.
- ``GET /api/v3/pages/{id}/comments/`` → approved comments, ``{"count", "items"}``.
- ``POST /api/v3/pages/{id}/comments/`` ``{"author_name", "body", "email"?, "notify_on_reply"?,
  "parent"?}`` → 202 ``{"status": "pending"}``; with ``parent`` (a comment's id) it is a reply,
  under the HTML form's rules (one level, to an approved comment on this post and language).
- ``GET /api/v3/authors/?locale=`` and ``GET /api/v3/categories/?locale=`` → the public snippets,
  ``{"count", "items"}`` (no accounts, no emails).

Errors are Wagtail v3's ``application/problem+json``. Only live, public blog posts of the
requested site exist here: drafts, private pages, other page types and unknown ids are all 404.
Anonymous writes skip Django's CSRF check in ninja, so the Origin header is checked instead, and
every write is throttled per client network (429 with ``Retry-After``). Both writes call the same
services as the HTML forms, with the same visitor cookie.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Page, PageViewRestriction

from practice_core.api import add_snippet_listing
from practice_core.throttles import Throttled, ThrottlesUnavailable

from . import services
from .models import Author, BlogCategory, BlogPostPage, Comment
from .schemas import (
    AuthorOut,
    CategoryOut,
    CommentAccepted,
    CommentIn,
    CommentOut,
    RatingIn,
    RatingSummarySchema,
    author_out,
    category_out,
)
from .visitors import identify

router = Router(tags=["blog"])
AUTH = [BearerTokenAuth(), AllowAnonymous()]


def get_public_post(request: HttpRequest, page_id: int) -> BlogPostPage:
    """The live, public blog post ``page_id`` of this site (in any language), or 404.

    The same pages as ``wagtail.api.querysets.get_public_pages_queryset`` (live; no view
    restriction on the page or an ancestor that refuses this request; inside the requested
    site's root page or one of its translations), decided from the post itself: Wagtail's
    queryset loads every view restriction of the site and ORs one ``descendant_of`` per
    translation of the home page before filtering by id, which cost most of a rating's CPU.
    Here, one query: the post by primary key, with whether one of its ancestors (itself
    included) is the site's root page or a translation of it, and whether any of them has a view
    restriction; the restrictions themselves are loaded only when there are some (rare).
    """
    if not 0 < page_id < 2**63:  # no page has it, and the database cannot even compare it
        raise Http404("No blog post matches the given id.")
    try:
        site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    except ValueError as exc:  # an ambiguous ?site= filter
        raise HttpError(400, str(exc)) from exc
    if site is None:
        raise Http404("No blog post matches the given id.")
    # An alias shows another post's content under a second URL; visitors rate and comment on
    # the post itself, so an alias id is not a post here.
    post_path = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ancestors = Page.objects.alias(descendant=post_path).filter(descendant__startswith=F("path"))
    root = site.root_page  # Site.find_for_request loads it with the site
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        in_site = ancestors.filter(translation_key=root.translation_key)
    else:
        in_site = ancestors.filter(pk=root.pk)
    post = (
        BlogPostPage.objects.live()
        .filter(pk=page_id, alias_of__isnull=True)
        .annotate(
            in_site=Exists(in_site),
            restricted=Exists(ancestors.filter(view_restrictions__isnull=False)),
        )
        .select_related("locale")
        .defer_streamfields()
        .first()
    )
    if (
        post is None
        or not post.in_site
        or (post.restricted and not passes_restrictions(post, request))
    ):
        raise Http404("No blog post matches the given id.")
    return post


def passes_restrictions(page, request: HttpRequest) -> bool:
    """Whether every view restriction on ``page`` or an ancestor lets ``request`` through (only
    asked when there are some, which is rare)."""
    restrictions = PageViewRestriction.objects.filter(
        page__in=Page.objects.filter(path__in=ancestor_paths(page))
    )
    return all(restriction.accept_request(request) for restriction in restrictions)


def ancestor_paths(page) -> list[str]:
    step = Page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def check_origin(request: HttpRequest) -> None:
    """Refuse a browser write coming from another site (ninja skips CSRF for these routes)."""
    origin = request.headers.get("Origin")
    if not origin or request.user.is_authenticated:
        # Browsers always send Origin on cross-site POSTs; a missing one is not a browser
        # acting on a visitor's behalf. Bearer-token clients are trusted by their token.
        return
    if origin == "null":
        raise HttpError(403, "Cross-origin writes are not allowed from this origin.")
    parts = urlsplit(origin)
    allowed = {o.rstrip("/") for o in getattr(settings, "CORS_ALLOWED_ORIGINS", [])}
    if parts.netloc == request.get_host() or origin.rstrip("/") in allowed:
        return
    raise HttpError(403, "Cross-origin writes are not allowed from this origin.")


def throttled_response(exc: Throttled) -> HttpResponse:
    response = problem_response(
        status=429, detail="Too many requests from your network; please retry later."
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def unavailable_response() -> HttpResponse:
    response = problem_response(
        status=503,
        title="Service unavailable",
        detail="Writes are paused by a technical problem; nothing was saved. Please retry shortly.",
    )
    response["Retry-After"] = str(ThrottlesUnavailable.retry_after)
    return response


def validation_problem(exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"type": "value_error", "loc": ["body", "data", field], "msg": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"type": "value_error", "loc": ["body", "data"], "msg": m} for m in exc.messages]
    return problem_response(status=422, detail="Validation failed", errors=errors)


@router.post(
    "/{page_id}/ratings/",
    response={200: RatingSummarySchema, 201: RatingSummarySchema},
    url_name="blog_rate_post",
    summary="Rate a blog post",
    operation_id="blog_rate_post",
    auth=AUTH,
)
def rate_post(request: HttpRequest, page_id: int, data: RatingIn, response: HttpResponse):
    post = get_public_post(request, page_id)
    check_origin(request)
    visitor = identify(request, user=request.user)
    try:
        summary, created = services.rate(post, data.stars, visitor)
    except Throttled as exc:
        return throttled_response(exc)
    except ThrottlesUnavailable:
        return unavailable_response()
    except ValidationError as exc:
        return validation_problem(exc)
    visitor.remember(request, response)
    return Status(201 if created else 200, summary.as_dict())


@router.get(
    "/{page_id}/comments/",
    response=list[CommentOut],
    url_name="blog_list_comments",
    summary="Approved comments on a blog post",
    operation_id="blog_list_comments",
    auth=AUTH,
)
@paginate(WagtailLimitOffsetPagination)
def list_comments(request: HttpRequest, page_id: int):
    post = get_public_post(request, page_id)
    return (
        Comment.objects.approved()
        .filter(translation_key=post.translation_key, locale_id=post.locale_id)
        .select_related("locale")
        .order_by("created", "pk")
    )


@router.post(
    "/{page_id}/comments/",
    response={
        202: CommentAccepted,
        403: ProblemDetail,
        404: ProblemDetail,
        409: ProblemDetail,
        422: ProblemDetail,
        429: ProblemDetail,
    },
    url_name="blog_submit_comment",
    summary="Comment on a blog post, or reply to a comment (held for moderation)",
    description="A comment, or with `parent` a reply to an approved top-level comment on the "
    "same post in the same language (one level, as on the site). 202 `pending` (held for "
    "moderation); 422 names the field refused, e.g. `parent` for a comment that cannot be "
    "replied to; 403 when comments are closed; 409 for a duplicate; 429 when throttled.",
    operation_id="blog_submit_comment",
    auth=AUTH,
)
def submit_comment(request: HttpRequest, page_id: int, data: CommentIn, response: HttpResponse):
    post = get_public_post(request, page_id)
    check_origin(request)
    visitor = identify(request, user=request.user)
    try:
        comment = services.submit_comment(
            post,
            author_name=data.author_name,
            body=data.body,
            email=data.email or "",
            notify_on_reply=data.notify_on_reply,
            visitor=visitor,
            parent=data.parent,
        )
    except Throttled as exc:
        return throttled_response(exc)
    except ThrottlesUnavailable:
        return unavailable_response()
    except services.CommentsClosed as exc:
        return problem_response(status=403, title="Comments closed", detail=str(exc))
    except services.DuplicateComment as exc:
        return problem_response(status=409, title="Duplicate comment", detail=exc.messages[0])
    except ValidationError as exc:
        return validation_problem(exc)
    visitor.remember(request, response)
    status = "approved" if comment.status == Comment.Status.APPROVED else "pending"
    return Status(202, {"status": status})


# --------------------------------------------------------------------------------------------
# Public snippets: authors and categories, per locale
# --------------------------------------------------------------------------------------------

authors_router = Router(tags=["blog"])
categories_router = Router(tags=["blog"])


class AuthorList(Schema):
    count: int
    items: list[AuthorOut]


class CategoryList(Schema):
    count: int
    items: list[CategoryOut]


add_snippet_listing(
    authors_router,
    Author,
    response=AuthorList,
    item=author_out,
    name="blog_authors",
    summary="Blog authors",
    description="The blog's authors in one language (`?locale=`, default the site's default "
    "language), with their photo. Authors not translated yet come in the default language. "
    "An unknown parameter is a 400 naming it.",
    prepare=lambda authors: authors.select_related("photo").prefetch_related("photo__renditions"),
)
add_snippet_listing(
    categories_router,
    BlogCategory,
    response=CategoryList,
    item=category_out,
    name="blog_categories",
    summary="Blog categories",
    description="The blog's categories in one language (`?locale=`, default the site's "
    "default language); filter the blog index with `?category=<slug>`. An unknown parameter "
    "is a 400 naming it.",
)


def register_public_snippet_routes(api) -> None:
    """Add ``/authors/`` and ``/categories/`` to Wagtail's v3 API (once, from ``ready()``)."""
    if getattr(api, "_blog_snippet_routes_added", False):
        return
    api.add_router("/authors/", authors_router)
    api.add_router("/categories/", categories_router)
    api._blog_snippet_routes_added = True
