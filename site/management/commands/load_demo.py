"""Load the demo practice: locales, page tree, settings, content and an admin login."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practice_site.demo import site as site_demo


class Command(BaseCommand):
    help = (
        "Create the demo practice (idempotent: running it again changes nothing). "
        "Development only: it creates an admin user whose login it prints."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-user", action="store_true", help="Do not create the demo admin user."
        )

    def handle(self, *args, **options):
        steps = list(self.steps())
        total = len(steps)
        for number, (label, step) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{total}] {label}…")
            with transaction.atomic():
                step(self.stdout)
        if not options["no_user"]:
            if not settings.DEBUG:
                raise CommandError(
                    "load_demo creates a demo admin user only with DEBUG on (development "
                    "settings); pass --no-user to load the content without one."
                )
            username, password, created = site_demo.ensure_admin_user()
            state = "created" if created else "already present"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo admin ({state}): http://127.0.0.1:8000/admin/ "
                    f"user '{username}' password '{password}'"
                )
            )
            translators = site_demo.ensure_translator_users()
            self.stdout.write("Demo translators (same password): " + ", ".join(sorted(translators)))
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def steps(self):
        yield "Locales", site_demo.ensure_locales
        yield "Home pages and site", site_demo.ensure_home_and_site
        yield "Practice settings", site_demo.ensure_settings
        yield "Standard pages", site_demo.ensure_standard_pages
        yield "Translations of the site pages", site_demo.translate_site_pages
        # Each plugin's demo module, when present, adds its own steps.
        for module_name in (
            "practice_site.demo.blog",
            "practice_site.demo.trainings",
            "practice_site.demo.translations",
        ):
            try:
                module = __import__(module_name, fromlist=["STEPS"])
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            yield from module.STEPS
        yield "Translator groups", site_demo.ensure_translator_groups
