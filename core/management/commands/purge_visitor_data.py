"""Forget visitor data older than its retention period (run it daily)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practice_core import visitor_data


class Command(BaseCommand):
    help = (
        "Forget visitor data older than its retention period: the visitor hash on old ratings "
        "(the stars still count), the email address on old comments, unconfirmed and old "
        "subscriptions, old enquiries. Throttle counters live in the cache and expire by "
        "themselves within a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=(
                "Retention in days for everything (default: PRACTICE_CORE "
                "VISITOR_DATA_RETENTION_DAYS, or 180, and for enquiries the period set in the "
                "practice's settings)."
            ),
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("The retention must be at least one day.")
        with transaction.atomic():
            lines = visitor_data.purge(days)
        for line in lines:
            self.stdout.write(self.style.SUCCESS(line))
