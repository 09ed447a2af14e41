"""Following the journal by email: asking, confirming, stopping, and sending new posts.

- **Asking** (the form on the journal and its posts) stores a *pending* follower and emails a
  signed confirmation link (double opt-in). Whether the address was already known is never
  revealed: the answer is always "check your inbox". Limits: per network (429 when exceeded) and
  per address (silently no second email within the hour), so nobody can flood an inbox.
- **Confirming** (a button behind the link, so a mail scanner that opens links confirms nothing)
  makes them a follower from that moment: only posts first published after it are sent.
- **Stopping** is one click on the link in every email, or the mail program's unsubscribe
  button (``List-Unsubscribe``, RFC 8058): the follower is deleted at once.
- **Sending** (:func:`send_new_posts`, run by ``manage.py send_follower_emails`` from a timer)
  emails each confirmed follower the journal's new posts in their language, one email per post
  or a weekly digest as the owner chose, claiming a :class:`FollowerDelivery` row before each
  email: a post is never sent twice to the same person, even after a crash mid-run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from practice_core import mail, throttles, url_tokens
from practice_core.sites import site_of

from .models import BlogIndexPage, BlogPostPage, BlogSettings, Follower, FollowerDelivery

logger = logging.getLogger(__name__)

CONFIRM_SALT = "practice_blog.followers.confirm"
STOP_SALT = "practice_blog.followers.stop"
ADDRESS_SALT = "practice_blog.followers.address"
CONFIRM_WITHIN = timedelta(days=7)
# Posts first published longer ago than this are not "new" any more: a timer that was off for
# months does not flood followers with old posts when it comes back.
NEW_POST_WINDOW = timedelta(days=30)
DIGEST_EVERY = timedelta(days=7)
# A claim older than this belongs to a run that stopped mid-way.
CLAIM_TIMEOUT = timedelta(minutes=15)
NETWORK_RATES = "5/hour, 20/day"
ADDRESS_RATES = "2/hour, 5/day"


# --------------------------------------------------------------------------------------------
# Asking, confirming, stopping
# --------------------------------------------------------------------------------------------


def address_key(email: str) -> str:
    """A keyed hash of an address, for the per-address limit (the cache never holds it)."""
    return salted_hmac(ADDRESS_SALT, email.strip().lower(), algorithm="sha256").hexdigest()[:32]


def ask_to_follow(index, email: str, network_key: str) -> Follower | None:
    """Record a request to follow ``index`` (a blog index page) and email the confirmation.

    Raises ``Throttled``/``ThrottlesUnavailable`` when the network sent too many; returns None
    (and sends nothing) when the address was asked for too often, so nobody can flood an inbox.
    """
    throttles.check("follow", network_key, NETWORK_RATES)
    email = email.strip()
    with transaction.atomic():
        throttles.record("follow", network_key, NETWORK_RATES)
        try:
            throttles.check("follow-address", address_key(email), ADDRESS_RATES)
        except throttles.Throttled:
            return None
        throttles.record("follow-address", address_key(email), ADDRESS_RATES)
        follower = (
            Follower.objects.select_for_update()
            .filter(email__iexact=email, journal_key=index.translation_key)
            .first()
        )
        if follower is None:
            follower = Follower.objects.create(
                email=email, journal_key=index.translation_key, locale_id=index.locale_id
            )
        elif follower.status == Follower.Status.PENDING:
            # Asking again renews the link, in the language asked in this time.
            follower.locale_id = index.locale_id
            follower.created = timezone.now()
            follower.save(update_fields=["locale", "created"])
        transaction.on_commit(lambda: send_confirmation(follower, index))
    return follower


def confirm_url(index, follower) -> str:
    with translation.override(follower.locale.language_code):
        path = reverse("blog_confirm_follow", args=[url_tokens.make(CONFIRM_SALT, follower.pk)])
    return site_of(index).root_url + path


def stop_url(index, follower) -> str:
    with translation.override(follower.locale.language_code):
        path = reverse("blog_stop_following", args=[url_tokens.make(STOP_SALT, follower.pk)])
    return site_of(index).root_url + path


def follower_from_token(salt, token):
    """``(valid, follower or None)`` for a signed link."""
    pk = url_tokens.read(salt, token)
    if pk is None:
        return False, None
    return True, Follower.objects.select_related("locale").filter(pk=pk).first()


def journal_of(follower):
    """The journal (blog index) in the follower's language, else in any language."""
    indexes = BlogIndexPage.objects.live().filter(translation_key=follower.journal_key)
    return indexes.filter(locale_id=follower.locale_id).first() or indexes.first()


def send_confirmation(follower, index) -> bool:
    """The double opt-in email (or, for a confirmed follower, a reminder that they follow)."""
    confirmed = follower.status == Follower.Status.CONFIRMED
    stop = stop_url(index, follower)
    context = {"journal": index, "stop_url": stop}
    if confirmed:
        template = "practice_blog/email/already_following.txt"
        links = [stop, index.get_full_url()]
        context["journal_url"] = index.get_full_url()
    else:
        template = "practice_blog/email/confirm_following.txt"
        context["confirm_url"] = confirm_url(index, follower)
        links = [context["confirm_url"], stop]
    return mail.send_quietly(
        mail.Email(
            template=template,
            subject=lambda: (
                _("Confirm: new posts from “%(journal)s” by email") % {"journal": index.title}
            ),
            to=[follower.email],
            language=follower.locale.language_code,
            context=context,
            links=links,
            unsubscribe_url=stop,
            site=site_of(index),
        ),
        f"the confirmation email to follower {follower.pk}",
    )


def confirm(follower) -> str:
    """Confirm a pending follower; returns "confirmed", "already" or "expired"."""
    with transaction.atomic():
        follower = Follower.objects.select_for_update().get(pk=follower.pk)
        if follower.status == Follower.Status.CONFIRMED:
            return "already"
        if follower.created < timezone.now() - CONFIRM_WITHIN:
            return "expired"
        follower.status = Follower.Status.CONFIRMED
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["status", "confirmed_at"])
    return "confirmed"


def stop_following(follower) -> None:
    """Forget the follower (and the record of what was sent to them) at once."""
    Follower.objects.filter(pk=follower.pk).delete()


# --------------------------------------------------------------------------------------------
# Sending
# --------------------------------------------------------------------------------------------


@dataclass
class SendingReport:
    """What one run of :func:`send_new_posts` did."""

    followers: int = 0
    emails: int = 0
    posts: int = 0
    failed: int = 0
    interrupted: int = 0
    skipped_busy: int = 0
    errors: list[str] = field(default_factory=list)


def mark_interrupted(now) -> int:
    """Claims left by a run that stopped mid-way: never sent again (it may have arrived)."""
    return FollowerDelivery.objects.filter(
        status=FollowerDelivery.Status.CLAIMED, claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(status=FollowerDelivery.Status.INTERRUPTED)


def new_posts_for(follower, now) -> list:
    """The journal's posts in the follower's language that are new to them, oldest first."""
    since = max(follower.confirmed_at, now - NEW_POST_WINDOW)
    indexes = BlogIndexPage.objects.live().filter(
        translation_key=follower.journal_key, locale_id=follower.locale_id
    )
    done = follower.deliveries.exclude(
        status=FollowerDelivery.Status.FAILED, attempts__lt=FollowerDelivery.MAX_ATTEMPTS
    ).values("translation_key")
    posts = BlogPostPage.objects.none()
    for index in indexes:
        posts |= BlogPostPage.objects.child_of(index)
    return list(
        posts.live()
        .public()
        .filter(
            locale_id=follower.locale_id,
            first_published_at__gte=since,
            # Imported or back-dated posts are not news.
            publication_date__gte=(since - timedelta(days=7)).date(),
        )
        .exclude(translation_key__in=done)
        .order_by("first_published_at", "pk")
    )


def claim(follower, post, now) -> FollowerDelivery | None:
    """Take the right to email ``post`` to ``follower``; None if it is (or was) someone's."""
    try:
        with transaction.atomic():
            return FollowerDelivery.objects.create(
                follower=follower,
                translation_key=post.translation_key,
                page=post,
                claimed_at=now,
            )
    except IntegrityError:
        pass
    # A failed attempt may be tried again, by exactly one run.
    retried = FollowerDelivery.objects.filter(
        follower=follower,
        translation_key=post.translation_key,
        status=FollowerDelivery.Status.FAILED,
        attempts__lt=FollowerDelivery.MAX_ATTEMPTS,
    ).update(status=FollowerDelivery.Status.CLAIMED, attempts=F("attempts") + 1, claimed_at=now)
    if not retried:
        return None
    return FollowerDelivery.objects.get(follower=follower, translation_key=post.translation_key)


class Journals:
    """Per-run lookups of each journal's page in a language and its owner's choice."""

    def __init__(self):
        self._modes = {}

    def mode(self, follower, index) -> str:
        if follower.journal_key not in self._modes:
            site = site_of(index)
            settings = BlogSettings.for_site(site) if site else BlogSettings()
            self._modes[follower.journal_key] = settings.follower_emails
        return self._modes[follower.journal_key]


def post_email(follower, index, posts, stop, *, digest=False) -> mail.Email:
    """One post, or the weekly digest of several, in the follower's language."""
    urls = [post.get_full_url() for post in posts]
    entries = list(zip(posts, urls, strict=True))
    if digest:
        template = "practice_blog/email/digest.txt"

        def subject():
            return _("New in “%(journal)s”") % {"journal": index.title}

    else:
        template = "practice_blog/email/new_post.txt"
        subject = posts[0].title

    return mail.Email(
        template=template,
        subject=subject,
        to=[follower.email],
        language=follower.locale.language_code,
        context={"journal": index, "entries": entries, "stop_url": stop},
        links=[*urls, stop],
        unsubscribe_url=stop,
        list_id=f"{index.title} <{index.translation_key}.{mail.mail_domain()}>",
        site=site_of(index),
    )


def deliver(deliveries, email, connection, report, now) -> bool:
    """Send one composed email over ``connection`` and record the outcome on its claims."""
    pks = [delivery.pk for delivery in deliveries]
    try:
        sent = mail.send([mail.compose(email)], connection=connection)
    except Exception as exc:  # noqa: BLE001 - one refused address must not stop the run
        sent = 0
        report.errors.append(f"{type(exc).__name__}: {exc}")
        logger.warning("A follower email was refused: %s", exc)
    status = FollowerDelivery.Status.SENT if sent else FollowerDelivery.Status.FAILED
    FollowerDelivery.objects.filter(pk__in=pks).update(status=status, sent_at=now if sent else None)
    if sent:
        report.emails += 1
        report.posts += len(pks)
    else:
        report.failed += 1
    return bool(sent)


def send_to(follower, connection, journals, report, now) -> None:
    index = journal_of(follower)
    if index is None:
        return
    posts = new_posts_for(follower, now)
    if not posts:
        return
    stop = stop_url(index, follower)
    if journals.mode(follower, index) == BlogSettings.FollowerEmails.WEEKLY:
        if follower.last_digest_at and now - follower.last_digest_at < DIGEST_EVERY:
            return
        claimed = [(post, claim(follower, post, now)) for post in posts]
        claimed = [(post, delivery) for post, delivery in claimed if delivery is not None]
        if not claimed:
            report.skipped_busy += 1
            return
        email = post_email(follower, index, [post for post, _d in claimed], stop, digest=True)
        if deliver([d for _p, d in claimed], email, connection, report, now):
            Follower.objects.filter(pk=follower.pk).update(last_digest_at=now)
        return
    for post in posts:
        delivery = claim(follower, post, now)
        if delivery is None:
            report.skipped_busy += 1
            continue
        deliver([delivery], post_email(follower, index, [post], stop), connection, report, now)


def send_new_posts(
    *,
    batch_size: int = 50,
    now=None,
    progress: Callable[[int, int], None] | None = None,
) -> SendingReport:
    """Email every confirmed follower the posts that are new to them (see the module's doc).

    Followers are handled in batches of ``batch_size``, each batch over one connection to the
    mail server; ``progress(done, total)`` is called after each batch.
    """
    now = now or timezone.now()
    report = SendingReport()
    report.interrupted = mark_interrupted(now)
    pks = list(
        Follower.objects.filter(status=Follower.Status.CONFIRMED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    report.followers = len(pks)
    journals = Journals()
    if progress:
        progress(0, len(pks))
    for start in range(0, len(pks), batch_size):
        batch = Follower.objects.filter(pk__in=pks[start : start + batch_size]).select_related(
            "locale"
        )
        connection = get_connection()
        try:
            connection.open()
            for follower in batch.order_by("pk"):
                send_to(follower, connection, journals, report, now)
        finally:
            connection.close()
        if progress:
            progress(min(start + batch_size, len(pks)), len(pks))
    return report
