"""Load the demo practice from site/demo/data/ (pages, snippets, translations, visitors...)."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practice_site.demo.loader import DATA_DIR, DemoDataError, DemoLoader

DEMO_PASSWORD = "practice-demo-admin"  # noqa: S105 - printed demo login, development only


class Command(BaseCommand):
    help = (
        "Load the demo practice from site/demo/data/. Running it again changes nothing, and it "
        "never touches what an owner added or changed. Development only unless --no-user: it "
        "creates demo logins whose password it prints."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-user", action="store_true", help="Do not create the demo logins.")
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST") or "127.0.0.1",
            help="Host name the demo site is served on (default: $HOST or 127.0.0.1).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="Port the demo site is served on (default: $PORT or 8000).",
        )
        parser.add_argument("--data", default=str(DATA_DIR), help="Folder of the demo's data.")

    def handle(self, *args, **options):
        users = not options["no_user"]
        if users and not settings.DEBUG:
            raise CommandError(
                "load_demo creates demo logins only with DEBUG on (development settings); "
                "pass --no-user to load the content without them."
            )
        started = time.monotonic()
        try:
            loader = DemoLoader(
                options["data"], options["host"], options["port"], users, DEMO_PASSWORD
            )
            steps = list(loader.steps())
            for number, (label, step) in enumerate(steps, start=1):
                self.stdout.write(f"[{number}/{len(steps)}] {label}…")
                with transaction.atomic():
                    step()
        except DemoDataError as exc:
            raise CommandError(f"The demo's data files are wrong: {exc}") from exc
        summary, *notes = loader.report()
        self.stdout.write(f"{summary} ({time.monotonic() - started:.1f} s)")
        for note in notes:
            self.stdout.write(self.style.WARNING(f"  {note}"))
        if users:
            self.print_logins(loader, options)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def print_logins(self, loader, options):
        demo_users = [
            loader.objects[key]
            for key, item in loader.items.items()
            if item["type"] == "user" and loader.objects.get(key) is not None
        ]
        url = f"http://{options['host']}:{options['port']}/admin/"
        for user in demo_users:
            if user.is_superuser:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Demo admin: {url} user '{user.username}' password '{DEMO_PASSWORD}'"
                    )
                )
        others = sorted(user.username for user in demo_users if not user.is_superuser)
        if others:
            self.stdout.write("Other demo logins (same password): " + ", ".join(others))
