"""Admin forms for checklists and assessments: the rules editors are held to."""

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Checklist, ChecklistItem
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
    """Answers must belong to the assessment's checklist version; the rest is on the models."""

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
        for name in ("reviewer", "second_reviewer"):
            if name in self.fields:
                current = getattr(self.instance, f"{name}_id", None)
                self.fields[name].queryset = reviewer_choices(current)
                self.fields[name].label_from_instance = _reviewer_label
                self.fields[name].help_text = _(
                    "People in the “Reviewers” group (Settings → Groups)."
                )
        checklist_id = self.instance.checklist_id if self.instance.pk else None
        items = ChecklistItem.objects.filter(checklist__published_at__isnull=False)
        if checklist_id:
            items = ChecklistItem.objects.filter(checklist_id=checklist_id)
        formset = self.formsets.get("answers") if hasattr(self, "formsets") else None
        if formset is not None:
            for form in formset.forms + [formset.empty_form]:
                if "item" in form.fields:
                    form.fields["item"].queryset = items

    @staticmethod
    def _source_language():
        from wagtail.models import Locale

        return Locale.get_default().language_code

    def clean(self):
        cleaned = super().clean()
        checklist = cleaned.get("checklist") or (
            self.instance.checklist if self.instance.checklist_id else None
        )
        formset = self.formsets.get("answers") if hasattr(self, "formsets") else None
        if checklist is None or formset is None:
            return cleaned
        seen = set()
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            item = form.cleaned_data.get("item")
            if item is None:
                continue
            if item.checklist_id != checklist.pk:
                form.add_error(
                    "item",
                    _("This item belongs to version %(version)s, not to this assessment's.")
                    % {"version": item.checklist.version},
                )
            if item.pk in seen:
                form.add_error("item", _("This item is answered twice."))
            seen.add(item.pk)
        return cleaned
