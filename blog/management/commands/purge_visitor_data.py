"""Forget visitor data older than the retention period (VISITOR_DATA_RETENTION_DAYS)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from blog.models import Comment, Rating

ANONYMISED_PREFIX = "forgotten:"


class Command(BaseCommand):
    help = (
        "Forget visitor data older than the retention period: the visitor hash on old ratings "
        "(the stars still count) and the email address on old comments. Throttle counters live "
        "in the cache and expire by themselves within a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: the VISITOR_DATA_RETENTION_DAYS setting, or 180).",
        )

    def handle(self, *args, days=None, **options):
        if days is None:
            days = getattr(settings, "VISITOR_DATA_RETENTION_DAYS", 180)
        if days < 1:
            raise CommandError("The retention must be at least one day.")
        cutoff = timezone.now() - timedelta(days=days)
        with transaction.atomic():
            # The rating stays (the summary is unchanged); only the link to the visitor goes.
            # Each forgotten key stays unique, as the one-rating-per-voter constraint requires.
            ratings = (
                Rating.objects.filter(updated__lt=cutoff)
                .exclude(voter_key__startswith=ANONYMISED_PREFIX)
                .update(
                    voter_key=Concat(
                        Value(ANONYMISED_PREFIX), Cast(F("pk"), output_field=CharField())
                    )
                )
            )
            comments = Comment.objects.filter(created__lt=cutoff).exclude(email="").update(email="")
        self.stdout.write(
            self.style.SUCCESS(
                f"Forgot the visitor on {ratings} ratings and the email on {comments} comments "
                f"older than {days} days."
            )
        )
