"""What the blog forgets and erases (the ``purge_visitor_data`` / ``erase_visitor_data`` hooks).

See :mod:`practice_core.visitor_data` for the commands that run them.
"""

from datetime import timedelta

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from practice_core.visitor_data import default_retention_days

from .models import Comment, Follower, FollowerDelivery, Rating

ANONYMISED_PREFIX = "forgotten:"


def purge(days=None) -> list[str]:
    """Forget the visitor on old ratings (the stars still count) and the email on old comments."""
    days = days or default_retention_days()
    cutoff = timezone.now() - timedelta(days=days)
    # Each forgotten key stays unique, as the one-rating-per-voter constraint requires.
    ratings = (
        Rating.objects.filter(updated__lt=cutoff)
        .exclude(voter_key__startswith=ANONYMISED_PREFIX)
        .update(
            voter_key=Concat(Value(ANONYMISED_PREFIX), Cast(F("pk"), output_field=CharField())),
            network_key="",
        )
    )
    comments = (
        Comment.objects.filter(created__lt=cutoff)
        .exclude(email="")
        .update(email="", notify_on_reply=False)
    )
    return [
        f"Forgot the visitor on {ratings} ratings and the email on {comments} comments "
        f"older than {days} days."
    ]


def erase(email, dry_run=False) -> list[str]:
    """Delete every comment written with ``email`` (and the replies to them)."""
    comments = Comment.objects.filter(email__iexact=email)
    count = comments.count()
    replies = Comment.objects.filter(parent__in=comments).count()
    if dry_run:
        return [f"Would delete {count} comments and {replies} replies to them."]
    comments.delete()  # replies go with them (on_delete=CASCADE)
    return [f"Deleted {count} comments and {replies} replies to them."]


def purge_followers(days=None) -> list[str]:
    """Forget unconfirmed followers after a week, and the record of what was sent to
    followers once it no longer matters (posts that old are never "new")."""
    from .followers import CONFIRM_WITHIN, NEW_POST_WINDOW

    now = timezone.now()
    unconfirmed = Follower.objects.filter(
        status=Follower.Status.PENDING, created__lt=now - CONFIRM_WITHIN
    ).delete()[0]
    keep = max(timedelta(days=days or default_retention_days()), NEW_POST_WINDOW * 2)
    deliveries = FollowerDelivery.objects.filter(claimed_at__lt=now - keep).delete()[0]
    return [
        f"Deleted {unconfirmed} unconfirmed followers and the record of {deliveries} emails "
        "to followers."
    ]


def erase_followers(email, dry_run=False) -> list[str]:
    """Delete the follower(s) with ``email`` (every journal) and what was sent to them."""
    followers = Follower.objects.filter(email__iexact=email)
    if dry_run:
        return [f"Would delete {followers.count()} followers."]
    count = followers.count()
    followers.delete()
    return [f"Deleted {count} followers."]
