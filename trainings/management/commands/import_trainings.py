"""``manage.py import_trainings FILE.csv``: add trainings to the directory from a spreadsheet."""

from django.core.management.base import CommandError

from practice_core.csv_import import CsvImportCommand
from practice_trainings.importer import COLUMNS, create_trainings, validate_csv
from practice_trainings.models import TrainingIndexPage


class Command(CsvImportCommand):
    noun = "training(s)"

    help = (
        "Import trainings from a CSV file (columns: "
        + ", ".join(COLUMNS)
        + "). Every row is validated first; if any row is bad nothing is imported and the "
        "errors are listed by line and column. See docs/trainings-guide.md."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--index",
            type=int,
            help="ID of the training index page to add to (default: the only one in the "
            "default language).",
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

    def validate(self, text, options):
        self.index = self.get_index(options["index"])
        return validate_csv(text, self.index)

    def create(self, plan, options):
        create_trainings(
            plan, self.index, publish=not options["draft"], progress=self.show_progress
        )
        return f"Imported {len(plan.rows)} training(s) under “{self.index.title}”."
