"""Count the held ratings whose cool-down has passed (run it from a timer, e.g. hourly)."""

from django.core.management.base import BaseCommand

from practice_blog.rating_moderation import release_due


class Command(BaseCommand):
    help = (
        "Count the ratings held from a burst once their cool-down (PRACTICE_BLOG "
        "RATING_COOL_DOWN) has passed without the owner removing them. Safe to run at any time, "
        "as often as you like."
    )

    def handle(self, *args, **options):
        count = release_due()
        self.stdout.write(self.style.SUCCESS(f"{count} held ratings now count."))
