"""Admin forms for checklists and assessments: the rules editors are held to."""

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from practice_core.csv_import import CsvUploadForm

from . import conf
from .models import Checklist
from .services import ChecklistLocked, assert_checklist_editable


class ChecklistForm(WagtailAdminModelForm):
    """Refuses any change to a published version; numbers a new draft after the newest one."""

    def clean(self):
        cleaned = super().clean()
        try:
            assert_checklist_editable(self.instance)
        except ChecklistLocked as error:
            raise forms.ValidationError(error.messages) from None
        return cleaned

    def save(self, commit=True):
        if self.instance.pk is None:
            newest = Checklist.objects.aggregate(newest=Max("version"))["newest"] or 0
            self.instance.version = newest + 1
            self.instance.published_at = None
        return super().save(commit=commit)


REVIEWERS_GROUP = "Reviewers"


def reviewer_choices(current_id=None):
    """Active members of the "Reviewers" group, plus whoever is already chosen (kept on save)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(Q(is_active=True, groups__name=REVIEWERS_GROUP) | Q(pk=current_id or 0))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _reviewer_label(user) -> str:
    return user.get_full_name() or user.get_username()


class AssessmentForm(WagtailAdminModelForm):
    """An assessment's training, published checklist version (fixed once created), reviewers
    (members of the "Reviewers" group) and date; the answers are given on the assessing screen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "checklist" in self.fields:
            self.fields["checklist"].queryset = (
                Checklist.objects.published().filter(locale__language_code=self._source_language())
                or Checklist.objects.published()
            )
            if not self.instance.pk:
                in_force = Checklist.in_force()
                if in_force is not None:
                    self.fields["checklist"].initial = in_force.pk
            else:
                # Changing the version of an existing assessment would orphan its answers.
                self.fields["checklist"].disabled = True
        for name in ("reviewer", "second_reviewer", "third_reviewer"):
            if name in self.fields:
                current = getattr(self.instance, f"{name}_id", None)
                self.fields[name].queryset = reviewer_choices(current)
                self.fields[name].label_from_instance = _reviewer_label
                self.fields[name].help_text = _(
                    "People in the “Reviewers” group (Settings → Groups)."
                )

    @staticmethod
    def _source_language():
        from wagtail.models import Locale

        return Locale.get_default().language_code


class TrainingsCsvUploadForm(CsvUploadForm):
    """The trainings plugin's imports accept files up to
    ``PRACTICE_TRAININGS["IMPORT_MAX_BYTES"]``."""

    def max_bytes(self) -> int:
        return int(conf.get("IMPORT_MAX_BYTES"))


class TrainingImportForm(TrainingsCsvUploadForm):
    """The trainings import screen's upload, the directory to add to, draft or publish.

    ``directories`` are the training directories the user may add pages to (in their languages).
    """

    directory = forms.ModelChoiceField(label=_("Add to directory"), queryset=None)
    publish = forms.BooleanField(
        label=_("Publish the trainings"),
        required=False,
        initial=True,
        help_text=_("Untick to save them as drafts, to publish one by one."),
    )

    def __init__(self, *args, directories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directory"].queryset = directories
        self.fields["directory"].label_from_instance = lambda page: (
            f"{page.title} ({page.locale.get_display_name()})"
        )
        if directories is not None and len(directories) == 1:
            self.fields["directory"].initial = directories[0].pk


class AssessmentImportForm(TrainingsCsvUploadForm):
    """The assessments import screen's upload, and whether to publish the assessments."""

    publish = forms.BooleanField(
        label=_("Publish the assessments"),
        required=False,
        initial=True,
        help_text=_(
            "Untick to save them as drafts (visitors do not see them until you publish each on "
            "its assessing screen)."
        ),
    )
