"""Rebuild every post's rating summary from the stored ratings."""

from django.core.management.base import BaseCommand

from practice_blog.services import rebuild_summaries


class Command(BaseCommand):
    help = (
        "Rebuild rating summaries from the rating rows (after a restore, an import, or switching "
        "PRACTICE_BLOG RATINGS_PER_LOCALE)."
    )

    def handle(self, *args, **options):
        count = rebuild_summaries()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} rating summaries."))
