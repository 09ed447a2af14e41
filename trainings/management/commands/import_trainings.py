"""``manage.py import_trainings FILE.csv``: add trainings to the directory from a spreadsheet."""

from django.core.management.base import BaseCommand, CommandError

from practice_trainings.importer import COLUMNS, create_trainings, validate_csv
from practice_trainings.models import TrainingIndexPage


class Command(BaseCommand):
    help = (
        "Import trainings from a CSV file (columns: "
        + ", ".join(COLUMNS)
        + "). Every row is validated first; if any row is bad nothing is imported and the "
        "errors are listed by line and column. See docs/trainings-guide.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a UTF-8 CSV file with a header line.")
        parser.add_argument(
            "--index",
            type=int,
            help="ID of the training index page to add to (default: the only one in the "
            "default language).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, import nothing."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Save the trainings as drafts, unpublished."
        )

    def get_index(self, index_id):
        from wagtail.models import Locale

        indexes = TrainingIndexPage.objects.all()
        if index_id is not None:
            index = indexes.filter(pk=index_id).first()
            if index is None:
                raise CommandError(f"No training index page with ID {index_id}.")
            return index
        default = indexes.filter(locale=Locale.get_default())
        if default.count() != 1:
            raise CommandError(
                "Give --index ID: there is not exactly one training index page in the "
                "default language."
            )
        return default.first()

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{options['file']} is not UTF-8 text.") from exc
        index = self.get_index(options["index"])
        plan = validate_csv(text, index)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(plan.errors)} problem(s) found; nothing was imported. Fix the file and "
                "run the command again."
            )
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(plan.rows)} training(s) are valid. Dry run: nothing was imported."
                )
            )
            return
        create_trainings(plan, index, publish=not options["draft"], progress=self.show_progress)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(plan.rows)} training(s) under “{index.title}”.")
        )

    def show_progress(self, done, total, width=30):
        filled = round(width * done / total) if total else width
        bar = "#" * filled + "." * (width - filled)
        self.stdout.write(f"\rImporting [{bar}] {done}/{total}", ending="")
        self.stdout.flush()
