"""What every CSV import of the plugins shares: reading the file, problems by line and column,
the admin screen's upload → preview → import, and the management command's reading and report.

An import is two functions of the plugin: one *validates* the text and returns an
:class:`ImportPlan` (every problem found, or the rows ready to write), one *creates* what a plan
without problems describes, all or nothing. The admin screen (:func:`import_screen`, template
``practice_core/admin/csv_import.html``) and the command (:class:`CsvImportCommand`) call the
same two functions, so the screen, the command and the tests can never disagree.
"""

from __future__ import annotations

import csv
import io
from abc import ABCMeta, abstractmethod
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The largest CSV file an import screen reads (a few thousand rows).
# The largest file or text an import screen accepts unless its form says otherwise (a plugin's
# form answers its own setting, e.g. PRACTICE_TRAININGS["IMPORT_MAX_BYTES"]).
DEFAULT_MAX_IMPORT_BYTES = 2 * 1024 * 1024


@dataclass
class RowError:
    """One problem of a file: its line (1 is the header; 0 for the file as a whole), the column
    it is in ("" for the whole line) and what is wrong."""

    line: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            where = _("line %(line)s, column %(column)s") % {
                "line": self.line,
                "column": self.column,
            }
        elif self.line:
            where = _("line %(line)s") % {"line": self.line}
        else:
            return self.message
        return f"{where}: {self.message}"


@dataclass
class ImportPlan:
    """Validated rows, ready to create; ``errors`` lists every problem found."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def read_rows(text: str, plan: ImportPlan, columns, required=()):
    """The rows of ``text`` (CSV with a header line) as ``(line, {column: stripped value})``.

    Problems of the header (a column not in ``columns``, a ``required`` one missing) go to
    ``plan.errors`` and no row is given; so does a line the csv module cannot read (a NUL
    byte, an unclosed quote...), which ends the rows. A byte-order mark is dropped.
    """
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        plan.errors.append(RowError(1, "", _("not readable as CSV (%(error)s)") % {"error": error}))
        return
    header = [name.strip() for name in header]
    reader.fieldnames = header
    for name in header:
        if name not in columns:
            plan.errors.append(RowError(1, name, _("unknown column")))
    for name in required:
        if name not in header:
            plan.errors.append(RowError(1, name, _("required column is missing")))
    if plan.errors:
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            plan.errors.append(
                RowError(
                    reader.line_num, "", _("not readable as CSV (%(error)s)") % {"error": error}
                )
            )
            return
        values = {key: (value or "").strip() for key, value in row.items() if key}
        if not any(values.values()):
            continue  # a blank line of a spreadsheet
        yield reader.line_num, values


class CsvUploadForm(forms.Form):
    """An import screen's upload: a UTF-8 CSV file (a byte-order mark is fine), or after a
    preview the same text coming back in ``csv_text`` to be imported (and validated again).

    The file's text is read here, so an unreadable file is a form error, never a crash;
    ``cleaned_data["text"]`` is the text to validate. Subclasses add their own fields.
    """

    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        required=False,
        help_text=gettext_lazy("UTF-8 CSV with a header line; “CSV UTF-8” in Excel's Save As."),
    )
    csv_text = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)

    def max_bytes(self) -> int:
        """The largest file (or text) accepted, in bytes; plugins' forms answer their setting."""
        return DEFAULT_MAX_IMPORT_BYTES

    def clean_csv_text(self):
        text = self.cleaned_data.get("csv_text", "")
        if len(text.encode("utf-8", "surrogatepass")) > self.max_bytes():
            raise forms.ValidationError(self._too_large())
        return text

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > self.max_bytes():
            raise forms.ValidationError(self._too_large())
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _(
                    "This file is not UTF-8 text. In Excel choose Save As → “CSV UTF-8 (comma "
                    "delimited)”; in LibreOffice choose the character set “Unicode (UTF-8)”."
                )
            ) from None

    def _too_large(self):
        return _("The file is larger than %(size)s MB; split it into smaller files.") % {
            "size": self.max_bytes() // (1024 * 1024)
        }

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("file") or cleaned.get("csv_text") or ""
        if not text.strip() and not self.errors:
            self.add_error("file", _("Choose a CSV file with a header line and at least one row."))
        if "\x00" in text:
            self.add_error("file", _("This is not a text file (it contains NUL bytes)."))
        cleaned["text"] = text.removeprefix("\ufeff")
        return cleaned


def import_screen(request, form, *, validate, create, template, context):
    """Upload → preview → import, for an admin screen whose permission the caller has checked.

    ``validate(form, context)`` returns the :class:`ImportPlan` of ``form.cleaned_data["text"]``
    (adding what the preview shows to ``context``), or None after adding a form error;
    ``create(form, plan)`` writes a plan without problems (all or nothing) and returns the
    response to send (a redirect), or raises
    ``ValidationError`` when something changed since the preview (nothing is then written).
    The import happens only for ``action=import`` and a plan without problems; otherwise the
    page shows the problems (422) or the preview. ``template`` extends
    ``practice_core/admin/csv_import.html``.
    """
    context = {"form": form, "problems": [], "rows": [], "text": "", **context}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            context["publish"] = form.cleaned_data.get("publish", False)
            plan = validate(form, context)
            if plan is not None:
                context.update(text=form.cleaned_data["text"], problems=plan.errors, rows=plan.rows)
                if not plan.errors and request.POST.get("action") == "import":
                    try:
                        return create(form, plan)
                    except ValidationError as error:
                        context["problems"] = [RowError(0, "", " ".join(error.messages))]
                        context["rows"] = []
        if form.errors or context["problems"]:
            status = 422
    return TemplateResponse(request, template, context, status=status)


class CsvImportCommand(BaseCommand, metaclass=ABCMeta):
    """A management command importing a CSV file: read it (UTF-8, a byte-order mark is fine),
    validate every row, list each problem by line and column and import nothing if there is
    one, else import with a progress bar. Subclasses give ``validate`` and ``create``."""

    #: What is imported, for the messages ("training(s)").
    noun = "row(s)"

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a UTF-8 CSV file with a header line.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, import nothing."
        )

    def read(self, path) -> str:
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                return handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text.") from exc

    @abstractmethod
    def validate(self, text, options) -> ImportPlan:
        """Every row of ``text`` checked: the plan of what to import, or its problems."""

    @abstractmethod
    def create(self, plan, options) -> str:
        """Import the plan (calling ``self.show_progress``); return the success message."""

    def handle(self, *args, **options):
        text = self.read(options["file"])
        if "\x00" in text:
            raise CommandError(f"{options['file']} is not a text file (it contains NUL bytes).")
        plan = self.validate(text, options)
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
                    f"{len(plan.rows)} {self.noun} are valid. Dry run: nothing was imported."
                )
            )
            return
        try:
            message = self.create(plan, options)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages) + " Nothing was imported.") from exc
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(message))

    def show_progress(self, done, total, width=30):
        filled = round(width * done / total) if total else width
        bar = "#" * filled + "." * (width - filled)
        self.stdout.write(f"\rImporting [{bar}] {done}/{total}", ending="")
        self.stdout.flush()
