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


def may_import_trainings(user) -> bool:
    """Whether ``user`` may add pages to some training directory in their languages, in one
    query (the sidebar asks on every admin page; the screen itself checks each directory with
    :func:`import_directories`)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from practice_core.permissions import locale_limits

    from .models import TrainingIndexPage

    if not user.is_authenticated:
        return False
    directories = (
        PagePermissionPolicy()
        .instances_user_has_permission_for(user, "add")
        .type(TrainingIndexPage)
    )
    limits = locale_limits(user)
    if limits is not None:
        directories = directories.filter(locale_id__in=limits)
    return directories.exists()


def import_trainings(request):
    """Import trainings from a CSV file: upload, a preview listing every problem by line and
    column (or the trainings to be created), then the import itself, all or nothing.

    Open to users who may add pages to a training directory in their languages; publishing
    needs the publish permission there too (otherwise the trainings are saved as drafts).
    """
    from practice_core.csv_import import import_screen

    from .forms import TrainingImportForm
    from .importer import COLUMNS, create_trainings, validate_csv
    from .models import TrainingIndexPage

    directories = import_directories(request.user)
    if not directories:
        return refusal(request, _("You may not add trainings to a training directory."))
    queryset = TrainingIndexPage.objects.filter(pk__in=[d.pk for d in directories])
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = TrainingImportForm(*data, directories=queryset)

    def validate(form, context):
        index = form.cleaned_data["directory"].specific
        if (
            form.cleaned_data["publish"]
            and not index.permissions_for_user(request.user).can_publish_subpage()
        ):
            form.add_error(
                "publish",
                _("You may not publish pages in this directory; untick this to save drafts."),
            )
            return None
        context["index"] = index
        return validate_csv(form.cleaned_data["text"], index)

    def create(form, plan):
        index = form.cleaned_data["directory"].specific
        created = create_trainings(plan, index, publish=form.cleaned_data["publish"])
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

    return import_screen(
        request,
        form,
        validate=validate,
        create=create,
        template="practice_trainings/admin/import_trainings.html",
        context={"header_title": _("Import trainings"), "columns": COLUMNS},
    )


def may_import_assessments(user) -> bool:
    """May ``user`` use Trainings → Import assessments? Assessments are shared by every
    language, so never a user limited to some; otherwise the permissions to add assessments and
    to answer them (what the assessing screen needs). Each training is checked on its row."""
    from practice_core.permissions import is_locale_limited

    return (
        user.is_authenticated
        and not is_locale_limited(user)
        and user.has_perms(
            ["practice_trainings.add_assessment", "practice_trainings.change_assessment"]
        )
    )


def _refuse_assessment_import(request):
    refused = refuse_shared_work(request)
    if refused is None and not may_import_assessments(request.user):
        refused = refusal(request, _("You may not import assessments."))
    return refused


def import_assessments(request):
    """Import assessments from a CSV file (one row per training and checklist item): upload, a
    preview listing every problem by line and column (or the assessments to be recorded), then
    the import, all or nothing, each assessment recorded as the assessing screen records it."""
    from practice_core.csv_import import import_screen

    from .assessment_importer import COLUMNS, create_assessments, validate_csv
    from .forms import AssessmentImportForm

    refused = _refuse_assessment_import(request)
    if refused:
        return refused
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = AssessmentImportForm(*data)

    def validate(form, context):
        return validate_csv(form.cleaned_data["text"], request.user)

    def create(form, plan):
        created = create_assessments(plan, publish=form.cleaned_data["publish"])
        messages.success(
            request,
            ngettext(
                "Imported %(count)s assessment.",
                "Imported %(count)s assessments.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect("practice_trainings_assessment:index")

    checklist = Checklist.in_force()
    return import_screen(
        request,
        form,
        validate=validate,
        create=create,
        template="practice_trainings/admin/import_assessments.html",
        context={
            "header_title": _("Import assessments"),
            "columns": COLUMNS,
            "checklist": checklist,
        },
    )


def assessments_import_template(request):
    """The assessments import's CSV template: the header and one row per item of the checklist
    in force (with a byte-order mark, so Excel opens it right)."""
    from django.http import HttpResponse

    from practice_core.spreadsheets import BYTE_ORDER_MARK

    from .assessment_importer import template_csv

    refused = _refuse_assessment_import(request)
    if refused:
        return refused
    checklist = Checklist.in_force()
    if checklist is None:
        messages.error(request, _("No checklist version is published yet."))
        return redirect("trainings_assessments_import")
    response = HttpResponse(
        BYTE_ORDER_MARK + template_csv(checklist).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="assessments-checklist-version-{checklist.version}.csv"'
    )
    return response
