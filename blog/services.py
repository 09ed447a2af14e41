"""What visitors can do to a post: rate it and comment on it.

The HTML forms (``practice_blog.views``) and the API routes (``practice_blog.api``) both call these
functions, so
validation, throttling, visitor identity and the atomic writes exist once.
"""

import logging
import re
import unicodedata
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, F, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_core import mail, spam, throttles, versions
from practice_core.sites import site_of

from . import rating_moderation
from .cache_purge import purge_post
from .models import BlogSettings, Comment, Rating, RatingSummary
from .ratings import scope_fields, scope_for
from .versions import ACTIVITY

logger = logging.getLogger(__name__)

DUPLICATE_WINDOW = timedelta(days=1)
MAX_NAME_LENGTH = 80


CAP_ACTION = "rating-daily-cap"


class DailyCapReached(throttles.Throttled):
    """This network has cast its day's new ballots on this post; try again tomorrow."""


class CommentsClosed(Exception):
    """The post no longer accepts comments."""


class DuplicateComment(ValidationError):
    """The same comment was already posted on this post."""


def validate_stars(stars) -> int:
    """Whole stars 1..5; ``True`` and ``"5"`` are not numbers of stars."""
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ValidationError(
            _("Choose a rating from 1 to 5 stars."), code="invalid_stars", params={"value": stars}
        )
    return stars


def _settings_for(visitor):
    return (
        visitor.blog_settings
        if visitor.blog_settings is not None
        else BlogSettings.for_default_site()
    )


def rate(page, stars, visitor) -> tuple[RatingSummary, bool]:
    """Record ``visitor``'s rating of ``page``; return the new summary and whether it is new.

    The summary row is locked (``select_for_update``; SQLite takes the write lock at the start of
    the transaction) before the visitor's rating is read, and every counter moves with an ``F()``
    expression in the same transaction as the rating, so concurrent ratings never lose updates.
    Re-rating moves the visitor's stars from one bucket to another; it never adds a rating.

    A new ballot beyond the network's daily cap on this post raises :class:`DailyCapReached`;
    one from a burst is stored as pending and leaves the summary as it was (see
    :mod:`practice_blog.rating_moderation`). Held ballots whose cool-down has passed are counted
    first.
    """
    stars = validate_stars(stars)
    rates = _settings_for(visitor).rating_rate_limits
    throttles.check("rating", visitor.network_key, rates)
    scope = scope_for(page)
    cap_rates = rating_moderation.cap_rates()
    cap_key = rating_moderation.cap_key(scope, visitor.network_key)
    with transaction.atomic():
        # Before the summary's row lock, so the throttle store's round trips do not lengthen
        # the time every other rating of this post waits for it; still inside the transaction:
        # if the counters cannot be written, nothing is stored.
        throttles.record("rating", visitor.network_key, rates)
        summary, _created = RatingSummary.objects.select_for_update().get_or_create(
            scope=scope, defaults=scope_fields(page)
        )
        rating_moderation.release_due_in(summary)
        existing, recent = _ballot_and_recent(summary, page, visitor)
        if existing is None:
            if cap_rates:
                try:
                    throttles.check(CAP_ACTION, cap_key, cap_rates)
                except throttles.Throttled as exc:
                    raise DailyCapReached(exc.retry_after) from None
            status = rating_moderation.status_for_recent(recent)
            Rating.objects.create(
                page=page,
                translation_key=page.translation_key,
                locale_id=page.locale_id,
                scope=scope,
                voter_key=visitor.voter_key,
                stars=stars,
                status=status,
                network_key=visitor.network_key or "",
                cookie_age=visitor.cookie_age,
            )
            if status == Rating.Status.COUNTED:
                RatingSummary.objects.filter(pk=summary.pk).update(
                    count=F("count") + 1,
                    total=F("total") + stars,
                    **{f"count_{stars}": F(f"count_{stars}") + 1},
                )
                summary.count += 1
                summary.total += stars
                setattr(summary, f"count_{stars}", getattr(summary, f"count_{stars}") + 1)
            else:
                RatingSummary.objects.filter(pk=summary.pk).update(held=F("held") + 1)
                summary.held += 1
            if cap_rates:
                throttles.record(CAP_ACTION, cap_key, cap_rates)
            created = True
        else:
            if existing.status == Rating.Status.COUNTED and existing.stars != stars:
                RatingSummary.objects.filter(pk=summary.pk).update(
                    total=F("total") + stars - existing.stars,
                    **{
                        f"count_{existing.stars}": F(f"count_{existing.stars}") - 1,
                        f"count_{stars}": F(f"count_{stars}") + 1,
                    },
                )
                summary.total += stars - existing.stars
                old = f"count_{existing.stars}"
                setattr(summary, old, getattr(summary, old) - 1)
                setattr(summary, f"count_{stars}", getattr(summary, f"count_{stars}") + 1)
            existing.stars = stars
            existing.page = page
            existing.locale_id = page.locale_id
            existing.save(update_fields=["stars", "page", "locale", "updated"])
            created = False
        # No refresh_from_db(): the row was locked before it was read (select_for_update;
        # SQLite's IMMEDIATE transaction holds the write lock from BEGIN), so nobody else has
        # changed it since, and the same deltas applied in Python give what the row now holds.
        purge_post(page.translation_key)  # the CDN's copies show the old summary
    return summary, created


def _ballot_and_recent(summary, page, visitor) -> tuple[Rating | None, int | None]:
    """The visitor's ballot on the post, if any, and how many ballots their network cast on it
    within the burst window (None when never held), in one query.

    Call it with ``summary`` locked: that lock serialises every change of the post's ballots
    that matters here (ratings, moderation), so the ballot needs no row lock of its own, and a
    statement begun after the lock was granted sees every such change committed before it.
    (Only ``privacy.purge`` touches ballots without it, and only their voter and network keys,
    never the stars or status the summary is moved by.)
    """
    ballot = Rating.objects.filter(scope=summary.scope, voter_key=visitor.voter_key)
    values = {
        "ballot_pk": Subquery(ballot.values("pk")[:1]),
        "ballot_stars": Subquery(ballot.values("stars")[:1]),
        "ballot_status": Subquery(ballot.values("status")[:1]),
    }
    recent = rating_moderation.recent_ballots(summary.scope, visitor.network_key)
    if recent is not None:
        values["recent"] = Coalesce(
            Subquery(recent.order_by().values("scope").annotate(n=Count("pk")).values("n")[:1]),
            0,
        )
    row = RatingSummary.objects.filter(pk=summary.pk).annotate(**values).values(*values).get()
    existing = None
    if row["ballot_pk"] is not None:
        existing = Rating(
            pk=row["ballot_pk"],
            scope=summary.scope,
            voter_key=visitor.voter_key,
            stars=row["ballot_stars"],
            status=row["ballot_status"],
            translation_key=page.translation_key,
            page=page,
            locale_id=page.locale_id,
        )
    return existing, row.get("recent")


def rebuild_summaries() -> int:
    """Rebuild every rating summary from the rating rows; return how many summaries exist."""
    from collections import defaultdict

    from wagtail.models import Page

    with transaction.atomic():
        # Ratings are re-scoped first, so switching RATINGS_PER_LOCALE takes effect; when
        # a voter rated two translations that now share a summary, their latest rating stands.
        pages = {}
        seen = set()
        for rating in Rating.objects.select_for_update().order_by("-updated", "-pk"):
            page = pages.get(rating.page_id)
            if page is None:
                page = pages[rating.page_id] = Page.objects.get(pk=rating.page_id)
            scope = scope_for(page)
            if (scope, rating.voter_key) in seen:
                rating.delete()
                continue
            seen.add((scope, rating.voter_key))
            if rating.scope != scope:
                rating.scope = scope
                rating.save(update_fields=["scope"])
        buckets = defaultdict(lambda: [0, 0, 0, 0, 0])
        held = defaultdict(int)
        fields = {}
        for rating in Rating.objects.all():
            if rating.status == Rating.Status.PENDING:
                held[rating.scope] += 1  # held ballots wait for the owner; never counted here
            else:
                buckets[rating.scope][rating.stars - 1] += 1
            fields[rating.scope] = scope_fields(pages[rating.page_id])
        RatingSummary.objects.exclude(scope__in=list(fields)).delete()
        for scope in fields:
            counts = buckets[scope]
            RatingSummary.objects.update_or_create(
                scope=scope,
                defaults={
                    **fields[scope],
                    "count": sum(counts),
                    "total": sum(n * c for n, c in enumerate(counts, start=1)),
                    "held": held[scope],
                    **{f"count_{n}": c for n, c in enumerate(counts, start=1)},
                },
            )
        # Figures may have moved on any post (summaries are written with update_or_create).
        versions.bump(versions.CONTENT, ACTIVITY)
    return len(fields)


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------


# Direction controls can make the words after them read backwards (spoofing a name, or the
# practice's badge next to it): refused. Zero-width spaces, word joiners and byte-order marks
# only hide things (an "empty" name): dropped. ZWJ/ZWNJ stay, emoji and Persian words need them.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
INVISIBLE_CHARACTERS = re.compile("[\u200b\u2060\ufeff]")
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Letters and symbols that draw nothing: Hangul fillers, the blank braille pattern, the
# Mongolian vowel separator, and the ideographic space. With format characters (soft hyphen,
# joiners), combining marks and variation selectors, a text made only of them looks empty.
BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u3000")
# Generic names visitors may not sign with, besides the practice's own (see reserved_names).
RESERVED_NAMES = ("admin", "administrator", "moderator", "webmaster", "staff", "practice")


def has_visible_text(value: str) -> bool:
    """Whether ``value`` shows at least one character (a letter, digit, punctuation, symbol)."""
    return any(
        not character.isspace()
        and character not in BLANK_CHARACTERS
        and unicodedata.category(character)[0] not in "CMZ"
        for character in value
    )


def comparable_name(name: str) -> str:
    """A name reduced to what a reader tells apart: compatibility forms, case, letters/digits."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(character for character in folded if character.isalnum())


def reserved_names(page) -> tuple[set[str], set[str]]:
    """(names a visitor may not use, names a visitor's name may not contain), comparable.

    Reserved: "The practice" in every language of the site, the practice's name (the site
    layer's ``PracticeSettings.practice_name`` when there is one), every name the practice has
    signed a reply with, and :data:`RESERVED_NAMES`.
    """
    from django.apps import apps
    from django.conf import settings
    from django.utils import translation

    exact = {comparable_name(name) for name in RESERVED_NAMES}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            exact.add(comparable_name(_("The practice")))
    contained = {
        comparable_name(name)
        for name in Comment.objects.filter(is_practice_reply=True)
        .values_list("author_name", flat=True)
        .distinct()
    }
    site = site_of(page)
    for model in apps.get_models():  # the site layer may offer the practice's name
        if site is not None and model.__name__ == "PracticeSettings" and hasattr(model, "for_site"):
            contained.add(comparable_name(getattr(model.for_site(site), "practice_name", "")))
    # A name made of a reserved word alone is refused; a practice's name of a few letters
    # could be part of anybody's name, so only longer ones are refused inside a name.
    exact |= {name for name in contained if len(name) < 5}
    return {name for name in exact if name}, {name for name in contained if len(name) >= 5}


def check_visitor_name(page, name: str) -> None:
    """Refuse a visitor's name that poses as the practice (see :func:`reserved_names`)."""
    exact, contained = reserved_names(page)
    candidate = comparable_name(name)
    if candidate in exact or any(reserved in candidate for reserved in contained):
        raise ValidationError(
            {
                "author_name": _(
                    "This name is kept for the practice's own replies; please sign with your "
                    "own name."
                )
            }
        )


def _clean_text(value, field, label, max_length):
    if not isinstance(value, str):
        raise ValidationError({field: _("%(label)s must be text.") % {"label": label}})
    if "\x00" in value:
        raise ValidationError({field: _("%(label)s contains a null character.") % {"label": label}})
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            {field: _("%(label)s contains control characters.") % {"label": label}}
        )
    if DIRECTION_CONTROLS.search(value):
        raise ValidationError(
            {
                field: _("%(label)s contains characters that reverse the text direction.")
                % {"label": label}
            }
        )
    value = INVISIBLE_CHARACTERS.sub("", value).strip()
    if not has_visible_text(value):
        raise ValidationError({field: _("Please fill in %(label)s.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("%(label)s can be at most %(max)d characters (it has %(length)d).")
                % {"label": label, "max": max_length, "length": len(value)}
            }
        )
    return value


def submit_comment(
    page, *, author_name, body, email=None, visitor, parent=None, notify_on_reply=False
) -> Comment:
    """Validate and store a visitor's comment on ``page``; return it (usually pending).

    Raises ``ValidationError`` (per field) for bad input, :class:`DuplicateComment`,
    :class:`CommentsClosed`, :class:`practice_core.throttles.Throttled` or
    :class:`practice_core.throttles.ThrottlesUnavailable`; nothing is stored then.
    More than two links marks the comment as likely spam (stored, never shown).
    ``notify_on_reply`` (the visitor's consent, unticked by default) needs an email address.
    ``parent`` (a Comment or its id) makes it a reply: one level only, to an approved comment on
    the same post in the same language; the HTML form and the API both pass the id here.
    """
    blog_settings = _settings_for(visitor)
    errors = {}
    try:
        author_name = _clean_text(author_name, "author_name", _("your name"), MAX_NAME_LENGTH)
        check_visitor_name(page, author_name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        body = _clean_text(body, "body", _("your comment"), Comment.MAX_BODY_LENGTH)
        body = body.replace("\r\n", "\n")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    email = (email or "").strip() if isinstance(email, str) or email is None else email
    if not isinstance(email, str) or "\x00" in email:
        errors["email"] = [_("Enter a valid email address.")]
    elif len(email) > Comment._meta.get_field("email").max_length:
        # PostgreSQL would refuse the row with an error page; say it to the visitor instead.
        errors["email"] = [_("An email address can be at most 254 characters.")]
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    if notify_on_reply is not True and notify_on_reply is not False:
        errors["notify_on_reply"] = [_("Tick the box or leave it empty.")]
    elif notify_on_reply and "email" not in errors and not email:
        errors["email"] = [_("Give your email address so we can tell you when we reply.")]
    if parent is not None and not isinstance(parent, Comment):
        # An id, from the HTML form's hidden field or the API's `parent`: the same rules below.
        valid_id = isinstance(parent, int) and not isinstance(parent, bool) and 0 < parent < 2**63
        parent = Comment.objects.filter(pk=parent).first() if valid_id else None
        if parent is None:
            errors["parent"] = [_("You can only reply to a published comment on this post.")]
    if parent is not None and (
        parent.translation_key != page.translation_key
        or parent.locale_id != page.locale_id
        or parent.parent_id is not None
        or parent.status != Comment.Status.APPROVED
    ):
        errors["parent"] = [_("You can only reply to a published comment on this post.")]
    if errors:
        raise ValidationError(errors)
    if not page.comments_are_open(blog_settings):
        raise CommentsClosed(_("Comments are closed on this post."))
    throttles.check("comment", visitor.network_key, blog_settings.comment_rate_limits)
    # Only this visitor's own comments count as duplicates: telling anyone else "already
    # posted... waiting for moderation" would confirm that someone's pending comment exists.
    duplicate_key = throttles.hashed(
        "\x00".join([visitor.voter_key, str(page.translation_key), author_name, body]),
        "comment-duplicate",
    )
    if throttles.done_recently("comment", duplicate_key):
        raise DuplicateComment(
            _("You have already posted this comment; it is waiting for moderation or shown below."),
            code="duplicate",
        )
    if spam.looks_like_link_spam(body):
        status = Comment.Status.SPAM
    elif blog_settings.auto_approve_comments:
        status = Comment.Status.APPROVED
    else:
        status = Comment.Status.PENDING
    with transaction.atomic():
        comment = Comment.objects.create(
            page=page,
            translation_key=page.translation_key,
            locale_id=page.locale_id,
            parent=parent,
            author_name=author_name,
            email=email,
            body=body,
            status=status,
            notify_on_reply=bool(notify_on_reply and email),
        )
        # Inside the transaction: if the counters cannot be written, the comment is rolled back.
        throttles.record("comment", visitor.network_key, blog_settings.comment_rate_limits)
        throttles.remember_done("comment", duplicate_key, int(DUPLICATE_WINDOW.total_seconds()))
    if status != Comment.Status.SPAM and blog_settings.notification_email:
        address = blog_settings.notification_email
        transaction.on_commit(lambda: notify_new_comment(comment, page, address))
    return comment


def reply_as_practice(parent: Comment, body: str, user, author_name: str) -> Comment:
    """Publish the practice's reply to a visitor's comment (from the admin), approving it.

    A visitor who asked to be told gets one email about it, once the reply is committed.
    """
    body = _clean_text(body, "body", _("your reply"), Comment.MAX_BODY_LENGTH)
    now = timezone.now()
    with transaction.atomic():
        if parent.status != Comment.Status.APPROVED:
            parent.moderate(Comment.Status.APPROVED, user)
        reply = Comment.objects.create(
            page_id=parent.page_id,
            translation_key=parent.translation_key,
            locale_id=parent.locale_id,
            parent=parent.parent or parent,
            author_name=author_name,
            body=body,
            status=Comment.Status.APPROVED,
            moderated_by=user,
            moderated_at=now,
            is_practice_reply=True,
        )
        if parent.notify_on_reply and parent.email and not parent.is_practice_reply:
            from .notifications import tell_commenter_about_reply

            transaction.on_commit(lambda: tell_commenter_about_reply(parent, reply))
    return reply


def notify_new_comment(comment, page, address):
    """Tell the practice a comment arrived (in the site's language; the address is the setting)."""
    from django.conf import settings

    admin_base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    try:
        moderation_url = admin_base + reverse("wagtailsnippets_practice_blog_comment:list")
    except Exception:  # noqa: BLE001 - the admin URL is a courtesy, never a reason to fail
        moderation_url = admin_base + "/admin/"
    mail.send_quietly(
        mail.Email(
            template="practice_blog/email/new_comment.txt",
            subject=lambda: _("New comment on “%(title)s”") % {"title": page.title},
            to=[address],
            language=settings.LANGUAGE_CODE,
            context={"comment": comment, "page": page, "moderation_url": moderation_url},
            links=[moderation_url],
        ),
        "the new-comment notification",
    )
