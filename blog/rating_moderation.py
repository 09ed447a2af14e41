"""Ratings the owner can moderate: floods held back, ballots accepted or removed.

Without storing addresses, three defences work together when a visitor rates a post:

- the per-network throttle (``BlogSettings.rating_rate_limits``, :mod:`practice_core.throttles`);
- a **daily cap** on *new* ballots per post and per network
  (``PRACTICE_BLOG["RATING_DAILY_CAP"]``, 20 by default): a counter keyed by a hash of the post
  and the network, expiring with the day, in the throttle store; beyond it the visitor is
  answered 429;
- **burst holding**: once a network has cast ``PRACTICE_BLOG["RATING_BURST"]`` new ballots on a
  post within ``RATING_BURST_WINDOW`` seconds (3 within an hour by default), its further new
  ballots are stored as *pending*: not counted in the summary until the owner accepts them in
  the admin or ``RATING_COOL_DOWN`` seconds pass (72 hours by default; ``release_held_ratings``,
  run by a timer, and every new rating of the post count them then).

Every change of a post's ballots (accepting, removing, releasing) recomputes its summary from
the counted ballots in the same transaction, with the summary's row locked, like rating does.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_core import versions

from . import conf
from .models import Rating, RatingSummary
from .versions import ACTIVITY, post_scope

REMOVE_ACTION = "practice_blog.ratings.remove"
ACCEPT_ACTION = "practice_blog.ratings.accept"


def daily_cap() -> int:
    """New ballots one network may cast on one post per day (0: no cap)."""
    return int(conf.get("RATING_DAILY_CAP"))


def burst_limit() -> int:
    """New ballots a network may cast on a post within the burst window before more are held
    (0: never hold)."""
    return int(conf.get("RATING_BURST"))


def burst_window() -> timedelta:
    return timedelta(seconds=int(conf.get("RATING_BURST_WINDOW")))


def cool_down() -> timedelta:
    """How long a held ballot waits for the owner before it counts anyway."""
    return timedelta(seconds=int(conf.get("RATING_COOL_DOWN")))


def cap_key(scope: str, network_key: str) -> str:
    """The throttle key of a network's new ballots on one post (both parts are already hashes
    or ids; the throttle store adds the day and expires the counter with it)."""
    return f"{scope}:{network_key}"


def cap_rates() -> str:
    cap = daily_cap()
    return f"{cap}/day" if cap > 0 else ""


def recent_ballots(scope: str, network_key: str, now=None):
    """The network's ballots on this post within the burst window (a queryset), or None when
    no ballot of this network is ever held (bursts not limited, or no network)."""
    if burst_limit() <= 0 or not network_key:
        return None
    now = now or timezone.now()
    return Rating.objects.filter(
        scope=scope, network_key=network_key, created__gte=now - burst_window()
    )


def status_for_recent(recent: int | None):
    """Counted, or pending when ``recent`` (the network's ballots on the post within the burst
    window, None when never held) reaches the burst limit."""
    if recent is None:
        return Rating.Status.COUNTED
    return Rating.Status.PENDING if recent >= burst_limit() else Rating.Status.COUNTED


def status_for_new_ballot(scope: str, network_key: str, now=None):
    """Counted, or pending when the network is in a burst on this post.

    Call it with the post's summary row locked, so two ballots of a burst cannot both see the
    count before the other.
    """
    ballots = recent_ballots(scope, network_key, now)
    return status_for_recent(None if ballots is None else ballots.count())


def recount(summary: RatingSummary) -> RatingSummary:
    """Set ``summary`` (locked by the caller) from its counted ballots and save it."""
    counts = dict(
        Rating.objects.filter(scope=summary.scope, status=Rating.Status.COUNTED)
        .values_list("stars")
        .annotate(n=Count("pk"))
        .values_list("stars", "n")
    )
    for stars in range(1, 6):
        setattr(summary, f"count_{stars}", counts.get(stars, 0))
    summary.count = sum(counts.values())
    summary.total = sum(stars * n for stars, n in counts.items())
    summary.held = Rating.objects.filter(scope=summary.scope, status=Rating.Status.PENDING).count()
    summary.save()
    # Ballots changed with update() send no signals: the post's cached figures go stale here,
    # in the same transaction, as a rating's own save would make them.
    versions.bump(ACTIVITY, post_scope(summary.translation_key))
    return summary


def locked_summary(page) -> RatingSummary:
    """``page``'s summary row, created if missing and locked for the rest of the transaction."""
    from .ratings import scope_fields, scope_for

    summary, _created = RatingSummary.objects.select_for_update().get_or_create(
        scope=scope_for(page), defaults=scope_fields(page)
    )
    return summary


def release_due_in(summary: RatingSummary, now=None) -> int:
    """Count the held ballots of ``summary``'s post whose cool-down has passed (summary locked)."""
    if not summary.held:
        return 0
    now = now or timezone.now()
    released = Rating.objects.filter(
        scope=summary.scope, status=Rating.Status.PENDING, created__lte=now - cool_down()
    ).update(status=Rating.Status.COUNTED)
    if released:
        recount(summary)
    return released


def release_due(now=None) -> int:
    """Count every held ballot whose cool-down has passed; return how many (for the timer)."""
    from .cache_purge import purge_post

    now = now or timezone.now()
    scopes = set(
        Rating.objects.filter(
            status=Rating.Status.PENDING, created__lte=now - cool_down()
        ).values_list("scope", flat=True)
    )
    released = 0
    for scope in sorted(scopes):
        with transaction.atomic():
            summary = RatingSummary.objects.select_for_update().filter(scope=scope).first()
            if summary is None:
                continue
            count = release_due_in(summary, now)
            if count:
                released += count
                key = summary.translation_key
                transaction.on_commit(lambda key=key: purge_post(key))
    return released


def _change_ballots(page, ballot_ids, user, *, remove: bool) -> int:
    from wagtail.log_actions import log

    from .cache_purge import purge_post
    from .ratings import scope_for

    ids = sorted({int(pk) for pk in ballot_ids})
    with transaction.atomic():
        summary = locked_summary(page)
        ballots = Rating.objects.filter(scope=scope_for(page), pk__in=ids)
        if not remove:
            ballots = ballots.filter(status=Rating.Status.PENDING)
        by_status = Counter(ballots.values_list("status", flat=True))
        changed = sum(by_status.values())
        if not changed:
            return 0
        if remove:
            ballots.delete()
        else:
            ballots.update(status=Rating.Status.COUNTED)
        recount(summary)
        log(
            instance=page,
            action=REMOVE_ACTION if remove else ACCEPT_ACTION,
            user=user,
            data={
                "count": changed,
                "counted": by_status.get(Rating.Status.COUNTED, 0),
                "pending": by_status.get(Rating.Status.PENDING, 0),
                "summary": summary.as_dict(),
            },
        )
        transaction.on_commit(lambda: purge_post(page.translation_key))
    return changed


def remove_ballots(page, ballot_ids, user) -> int:
    """Delete these ballots of ``page`` (others' ids are ignored), recount its summary in the
    same transaction and record who did it in the page's history. Returns how many went."""
    return _change_ballots(page, ballot_ids, user, remove=True)


def accept_ballots(page, ballot_ids, user) -> int:
    """Count these held ballots of ``page`` now; recounted and recorded as in
    :func:`remove_ballots`."""
    return _change_ballots(page, ballot_ids, user, remove=False)


# --------------------------------------------------------------------------------------------
# What the admin screen shows
# --------------------------------------------------------------------------------------------

COOKIE_AGE_GROUPS = [
    # (upper bound in seconds or None, label); a ballot without a cookie is "new visitor".
    (60 * 60, _("cookie under an hour old")),
    (24 * 60 * 60, _("cookie under a day old")),
    (30 * 24 * 60 * 60, _("cookie under a month old")),
    (None, _("cookie a month old or more")),
]


def cookie_age_label(rating) -> str:
    if rating.voter_key.startswith("user:"):
        return str(_("signed-in user"))
    if rating.cookie_age is None:
        return str(_("new visitor (no cookie yet)"))
    for bound, label in COOKIE_AGE_GROUPS:
        if bound is None or rating.cookie_age < bound:
            return str(label)
    return ""  # pragma: no cover - the last group has no bound


@dataclass
class BallotGroup:
    """Recent ballots from one network with one cookie age, as the owner sees them."""

    network: str  # "Network 1", numbered on the screen; the hash is never shown
    cookie_age: str
    ids: list = field(default_factory=list)
    stars: Counter = field(default_factory=Counter)
    pending: int = 0
    first: object = None
    last: object = None

    @property
    def count(self):
        return len(self.ids)

    @property
    def ids_text(self):
        return ",".join(str(pk) for pk in self.ids)

    @property
    def stars_text(self):
        return ", ".join(f"{stars}★ × {self.stars[stars]}" for stars in sorted(self.stars))


def recent_groups(scope: str, days: int = 14, limit: int = 2000) -> list[BallotGroup]:
    """Ballots of the last ``days`` days grouped by network and cookie age, largest first."""
    since = timezone.now() - timedelta(days=days)
    ratings = list(
        Rating.objects.filter(scope=scope, created__gte=since)
        .only("pk", "voter_key", "cookie_age", "network_key", "stars", "status", "created")
        .order_by("created")[:limit]
    )
    networks = {}
    groups = {}
    for rating in ratings:
        label = networks.setdefault(
            rating.network_key or "", _("Network %(number)d") % {"number": len(networks) + 1}
        )
        if not rating.network_key:
            label = _("Unknown network")
        key = (rating.network_key, cookie_age_label(rating))
        group = groups.get(key)
        if group is None:
            group = groups[key] = BallotGroup(network=str(label), cookie_age=key[1])
            group.first = rating.created
        group.ids.append(rating.pk)
        group.stars[rating.stars] += 1
        group.pending += rating.status == Rating.Status.PENDING
        group.last = rating.created
    return sorted(groups.values(), key=lambda group: (-group.count, group.network))


@dataclass
class Day:
    date: object
    counted: Counter
    pending: int

    @property
    def counted_total(self):
        return sum(self.counted.values())

    @property
    def total(self):
        return self.counted_total + self.pending


def daily_history(scope: str, days: int = 30) -> list[Day]:
    """New ballots per day over the last ``days`` days: counted ones by stars, and held ones."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    history = {
        first + timedelta(days=n): Day(first + timedelta(days=n), Counter(), 0) for n in range(days)
    }
    buckets = defaultdict(int)
    for created, stars, status in Rating.objects.filter(
        scope=scope,
        created__gte=timezone.make_aware(
            timezone.datetime.combine(first, timezone.datetime.min.time())
        ),
    ).values_list("created", "stars", "status"):
        buckets[(timezone.localtime(created).date(), stars, status)] += 1
    for (date, stars, status), n in buckets.items():
        day = history.get(date)
        if day is None:
            continue
        if status == Rating.Status.PENDING:
            day.pending += n
        else:
            day.counted[stars] += n
    return list(history.values())
