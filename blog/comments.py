"""A post's comment threads as visitors see them: approved, in the post's language, oldest
first, a page of threads at a time (a fixed number of queries, whatever the number of comments)."""

from django.core import signing
from django.utils.functional import cached_property

from . import conf
from .models import Comment


def threads_per_page() -> int:
    """How many comment threads (a comment and its replies) a post page shows at a time."""
    return max(1, int(conf.get("COMMENT_THREADS_PER_PAGE")))


def requested_comments_page(request) -> int:
    """The page of comments asked for with ``?comments=N`` (1 when absent or not a number)."""
    value = request.GET.get("comments", "")
    return int(value) if value.isdigit() and 0 < len(value) < 7 and int(value) > 0 else 1


class LazyThreads:
    """One page of the comment threads, fetched only if the cached comment list is rendered.

    A post shows its threads a page at a time, oldest first, so a post with a thousand comments
    costs what one with fifty does, cached or not.
    """

    def __init__(self, page, number=1):
        self.page = page
        self.requested = number

    @cached_property
    def _page(self):
        return comment_threads(self.page, self.requested, threads_per_page())

    @property
    def threads(self):
        return self._page["threads"]

    @property
    def number(self) -> int:
        return self._page["number"]

    @property
    def pages(self) -> int:
        return self._page["pages"]

    @property
    def previous_number(self):
        return self.number - 1 if self.number > 1 else None

    @property
    def next_number(self):
        return self.number + 1 if self.number < self.pages else None

    @cached_property
    def other_languages(self) -> int:
        """Approved comments on the post's other translations (shown under the list)."""
        return other_language_comments(self.page)

    def __iter__(self):
        return iter(self.threads)

    def __bool__(self):
        return bool(self.threads)

    def __len__(self):
        return len(self.threads)


def comment_threads(page, number=1, per_page=50) -> dict:
    """Page ``number`` of the approved threads in the page's language, oldest first, each with its
    replies (3 queries: the number of threads, the page's threads, their replies). A page past
    the last shows the last one."""
    approved = Comment.objects.approved().filter(
        translation_key=page.translation_key, locale_id=page.locale_id
    )
    fields = ("pk", "parent_id", "author_name", "body", "created", "is_practice_reply", "locale_id")
    total = approved.filter(parent__isnull=True).count()
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    start = (number - 1) * per_page
    threads = list(
        approved.filter(parent__isnull=True)
        .only(*fields)
        .order_by("created", "pk")[start : start + per_page]
    )
    replies = {}
    if threads:
        for reply in (
            approved.filter(parent_id__in=[thread.pk for thread in threads])
            .only(*fields)
            .order_by("created", "pk")
        ):
            replies.setdefault(reply.parent_id, []).append(reply)
    for thread in threads:
        thread.thread_replies = replies.get(thread.pk, [])
    return {"threads": threads, "number": number, "pages": pages, "total": total}


def other_language_comments(page) -> int:
    """Approved comments on the post's other translations (shown under its comment list)."""
    return (
        Comment.objects.approved()
        .filter(translation_key=page.translation_key)
        .exclude(locale_id=page.locale_id)
        .count()
    )


# A visitor's own comments awaiting moderation --------------------------------------------------
#
# After sending a comment that is held for moderation, the visitor sees it on the post (marked
# "awaiting moderation"); nobody else does. What makes it theirs is a signed, HttpOnly cookie
# listing the ids of their pending comments: no session, no account, nothing stored on the
# server. A page shown with it is personal: it is never kept in or served from the shared page
# cache (only the cookies in ``practice_blog.rendering.NEUTRAL_COOKIES`` allow that) and is sent
# with
# ``Cache-Control: private, no-store``. The cookie is dropped once none of its comments is pending.

PENDING_COOKIE = "blog_pending"
PENDING_SALT = "practice_blog.comments.pending"
PENDING_MAX_AGE = 60 * 60 * 24 * 30
PENDING_LIMIT = 20


def pending_ids(request) -> list[int]:
    """The comment ids in the visitor's signed pending-comments cookie ([] if absent or forged)."""
    try:
        value = request.get_signed_cookie(
            PENDING_COOKIE, salt=PENDING_SALT, default="", max_age=PENDING_MAX_AGE
        )
    except signing.BadSignature:
        return []
    ids = [int(part) for part in value.split(".") if part.isdigit() and len(part) < 19]
    return ids[-PENDING_LIMIT:]


def _set_pending(request, response, ids) -> None:
    if not ids:
        response.delete_cookie(PENDING_COOKIE, samesite="Lax")
        return
    response.set_signed_cookie(
        PENDING_COOKIE,
        ".".join(str(pk) for pk in ids[-PENDING_LIMIT:]),
        salt=PENDING_SALT,
        max_age=PENDING_MAX_AGE,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )


def remember_pending(request, response, comment) -> None:
    """Add ``comment`` to the visitor's pending-comments cookie on ``response``."""
    ids = [pk for pk in pending_ids(request) if pk != comment.pk] + [comment.pk]
    _set_pending(request, response, ids)


class OwnPending:
    """The visitor's own comments on ``page`` that still await moderation (one query, only when
    the visitor has the cookie; none otherwise)."""

    fields = ("pk", "parent_id", "author_name", "body", "created", "translation_key", "locale_id")

    def __init__(self, request, page):
        self.request = request
        self.page = page

    @cached_property
    def _all(self) -> list:
        ids = pending_ids(self.request)
        if not ids:
            return []
        return list(
            Comment.objects.pending()
            .filter(pk__in=ids)
            .select_related("parent")
            .only(*self.fields, "parent__author_name")
            .order_by("created", "pk")
        )

    @cached_property
    def comments(self) -> list:
        return [
            comment
            for comment in self._all
            if comment.translation_key == self.page.translation_key
            and comment.locale_id == self.page.locale_id
        ]

    def __iter__(self):
        return iter(self.comments)

    def __bool__(self):
        return bool(self.comments)

    def __len__(self):
        return len(self.comments)

    def tidy(self, response) -> None:
        """Rewrite (or drop) the cookie when some of its comments were moderated meanwhile."""
        if PENDING_COOKIE not in self.request.COOKIES:
            return
        still = [comment.pk for comment in self._all]
        if set(still) != set(pending_ids(self.request)):
            _set_pending(self.request, response, still)
