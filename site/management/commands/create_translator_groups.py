"""Create a "Translators: <language>" group for each non-English locale."""

from django.core.management.base import BaseCommand

from practice_site.translators import ensure_translator_teams


class Command(BaseCommand):
    help = (
        "Create or refresh one translator group per language (edit and publish in that "
        "language's tree, translate snippets into it, submit translations into it only). "
        "Run again after adding a locale or a language's home page."
    )

    def handle(self, *args, **options):
        for group in ensure_translator_teams():
            self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
