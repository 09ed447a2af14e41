"""Admin actions on checklist versions and assessments (each a confirm page and a POST).

Checklist versions and assessments are shared by every language (a translation of a version
only translates its text), so users limited to some languages (translators) may not act on
them, whatever model permissions they hold; everyone else needs the model permission. Refusals
are 403 pages that say why.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practice_core.permissions import refusal, refuse_other_locale, refuse_shared_work

from .models import Assessment, Checklist
from .services import (
    carry_forward,
    checklist_diff,
    previous_version,
    publish_version,
    start_new_version,
)


def _refused(request, permission, message):
    """None when the user may do this shared, whole-site action; else the 403 that says why."""
    refused = refuse_shared_work(request)
    if refused is None and not request.user.has_perm(permission):
        refused = refusal(request, message)
    return refused


def _checklist_edit_url(checklist):
    return reverse("wagtailsnippets_practice_trainings_checklist:edit", args=[checklist.pk])


def publish_checklist(request, pk):
    """Publish a draft version (with its changelog); it is immutable afterwards."""
    refused = _refused(
        request, "practice_trainings.change_checklist", _("You may not publish checklist versions.")
    )
    if refused:
        return refused
    checklist = get_object_or_404(Checklist, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            publish_version(checklist, changelog=request.POST.get("changelog"))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Version %(version)s is published and now in force.")
                % {"version": checklist.version},
            )
            return redirect("wagtailsnippets_practice_trainings_checklist:list")
    return TemplateResponse(
        request,
        "practice_trainings/admin/publish_checklist.html",
        {"checklist": checklist, "error": error, "header_title": _("Publish checklist version")},
        status=422 if error else 200,
    )


def new_checklist_version(request, pk):
    """Draft version N+1 from a published version, then open it for editing."""
    refused = _refused(
        request, "practice_trainings.add_checklist", _("You may not draft new checklist versions.")
    )
    if refused:
        return refused
    checklist = get_object_or_404(Checklist, pk=pk)
    if request.method != "POST":
        return TemplateResponse(
            request,
            "practice_trainings/admin/new_checklist_version.html",
            {"checklist": checklist, "header_title": _("New checklist version")},
        )
    try:
        draft = start_new_version(checklist)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("wagtailsnippets_practice_trainings_checklist:list")
    messages.success(
        request,
        _("Draft version %(version)s created. Edit it, then publish it with a changelog.")
        % {"version": draft.version},
    )
    return redirect(_checklist_edit_url(draft))


def compare_checklist(request, pk):
    """A readable difference between a version and the published version before it: each
    question added, removed or changed (its wording, weight, essential flag or section)."""
    from .viewsets import may_compare_checklists

    checklist = get_object_or_404(Checklist.objects.select_related("locale"), pk=pk)
    refused = refuse_other_locale(request, checklist.locale)
    if refused:
        return refused
    if not may_compare_checklists(request.user, checklist):
        return refusal(request, _("You may not read checklist versions."))
    previous = previous_version(checklist)
    return TemplateResponse(
        request,
        "practice_trainings/admin/compare_checklist.html",
        {
            "checklist": checklist,
            "previous": previous,
            "diff": checklist_diff(previous, checklist) if previous else [],
            "edit_url": _checklist_edit_url(checklist),
            "header_title": _("Compare with previous version"),
        },
    )


def carry_forward_assessment(request, pk):
    """Re-assess a training against the checklist in force, keeping unchanged answers."""
    refused = _refused(
        request, "practice_trainings.add_assessment", _("You may not start assessments.")
    )
    if refused:
        return refused
    assessment = get_object_or_404(Assessment.objects.select_related("checklist"), pk=pk)
    if request.method != "POST":
        newer = Checklist.in_force(assessment.checklist.locale)
        has_newer = newer is not None and newer.version > assessment.checklist.version
        return TemplateResponse(
            request,
            "practice_trainings/admin/carry_forward.html",
            {
                "assessment": assessment,
                "newer": newer if has_newer else None,
                "diff": checklist_diff(assessment.checklist, newer) if has_newer else [],
                "header_title": _("Carry answers forward"),
            },
        )
    try:
        new, carried = carry_forward(assessment, reviewer=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("practice_trainings_assessment:edit", assessment.pk)
    messages.success(
        request,
        _(
            "Started an assessment against version %(version)s: %(carried)s unchanged answers "
            "carried forward; review the rest."
        )
        % {"version": new.checklist.version, "carried": carried},
    )
    return redirect("practice_trainings_assessment:assess", new.pk)


def import_directories(user) -> list:
    """The training directories ``user`` may add trainings to (in the languages they work in)."""
    from practice_core.permissions import may_change_locale

    from .models import TrainingIndexPage

    return [
        directory
        for directory in TrainingIndexPage.objects.select_related("locale").order_by("path")
        if may_change_locale(user, directory.locale_id)
        and directory.permissions_for_user(user).can_add_subpage()
    ]


def import_trainings(request):
    """Import trainings from a CSV file: upload, a preview listing every problem by line and
    column (or the trainings to be created), then the import itself, all or nothing.

    Open to users who may add pages to a training directory in their languages; publishing
    needs the publish permission there too (otherwise the trainings are saved as drafts).
    """
    from .forms import TrainingImportForm
    from .importer import COLUMNS, create_trainings, validate_csv
    from .models import TrainingIndexPage

    directories = import_directories(request.user)
    if not directories:
        return refusal(request, _("You may not add trainings to a training directory."))
    queryset = TrainingIndexPage.objects.filter(pk__in=[d.pk for d in directories])
    context = {
        "header_title": _("Import trainings"),
        "columns": COLUMNS,
        "problems": [],
        "rows": [],
        "text": "",
    }
    status = 200
    if request.method != "POST":
        context["form"] = TrainingImportForm(directories=queryset)
        return TemplateResponse(request, "practice_trainings/admin/import_trainings.html", context)
    form = TrainingImportForm(request.POST, request.FILES, directories=queryset)
    context["form"] = form
    if form.is_valid():
        index = form.cleaned_data["directory"].specific
        publish = form.cleaned_data["publish"]
        text = form.cleaned_data["text"]
        if publish and not index.permissions_for_user(request.user).can_publish_subpage():
            form.add_error(
                "publish",
                _("You may not publish pages in this directory; untick this to save drafts."),
            )
        else:
            plan = validate_csv(text, index)
            context.update(text=text, index=index, publish=publish, problems=plan.errors)
            context["rows"] = plan.rows
            if not plan.errors and request.POST.get("action") == "import":
                try:
                    created = create_trainings(plan, index, publish=publish)
                except ValidationError as error:
                    context["problems"] = [" ".join(error.messages)]
                else:
                    messages.success(
                        request,
                        ngettext(
                            "Imported %(count)s training under “%(directory)s”.",
                            "Imported %(count)s trainings under “%(directory)s”.",
                            len(created),
                        )
                        % {"count": len(created), "directory": index.title},
                    )
                    return redirect("wagtailadmin_explore", index.pk)
            if context["problems"]:
                status = 422
    if form.errors:
        status = 422
    return TemplateResponse(
        request, "practice_trainings/admin/import_trainings.html", context, status=status
    )
