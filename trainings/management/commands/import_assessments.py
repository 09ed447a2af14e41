"""``manage.py import_assessments FILE.csv``: record assessments from a spreadsheet."""

from practice_core.csv_import import CsvImportCommand
from practice_trainings.assessment_importer import COLUMNS, create_assessments, validate_csv


class Command(CsvImportCommand):
    noun = "assessment(s)"
    help = (
        "Import assessments from a CSV file, one row per training and checklist item (columns: "
        + ", ".join(COLUMNS)
        + "). Every row is validated first; if any row is bad nothing is imported and the "
        "errors are listed by line and column. See docs/trainings-guide.md."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Save the assessments as drafts (visitors do not see them until published).",
        )

    def validate(self, text, options):
        return validate_csv(text)

    def create(self, plan, options):
        create_assessments(plan, publish=not options["draft"], progress=self.show_progress)
        return f"Imported {len(plan.rows)} assessment(s)."
