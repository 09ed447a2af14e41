"""Admin registration: snippets, assessments, the report and the checklist version buttons."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet

from practice_core.permissions import SharedContentPermissionPolicy, locale_limits

from .models import Assessment, AssessmentEvidence, Checklist
from .models.checklists import default_language_code
from .reports import TrainingsByScoreReport
from .viewsets import (
    TRAININGS_MENU_HOOK,
    AssessmentEvidenceViewSet,
    ChecklistViewSet,
    EvidenceNotesPermissionPolicy,
    FrameworkViewSet,
    ProviderViewSet,
    assessment_viewset,
    version_actions,
)

# Assessments are shared by every language: translators never change them (before the viewset,
# so Wagtail does not register its default policy).
register_permission_policy(Assessment, SharedContentPermissionPolicy(Assessment))
register_snippet(ChecklistViewSet)
register_snippet(FrameworkViewSet)
register_snippet(ProviderViewSet)
register_permission_policy(AssessmentEvidence, EvidenceNotesPermissionPolicy(AssessmentEvidence))
register_snippet(AssessmentEvidenceViewSet)


@hooks.register("register_content_version_models")
def versioned_models():
    """What the directory, training pages and their API answers show besides pages, snippets and
    images (which ``practice_core.versions`` follows already): a change raises ``content``."""
    from .models import (
        Answer,
        ChecklistItem,
        EvidenceNote,
        TrainingLanguage,
        TrainingPage,
        TrainingSession,
    )

    return [
        Assessment,
        Answer,
        AssessmentEvidence,
        EvidenceNote,
        Checklist,
        ChecklistItem,
        TrainingSession,
        TrainingLanguage,
        TrainingPage.frameworks.through,
    ]


@hooks.register("register_admin_viewset")
def register_assessment_viewset():
    return assessment_viewset


@hooks.register("register_admin_urls")
def register_report_urls():
    from .views import assessments_import_template, import_assessments, import_trainings

    return [
        path("trainings/import/", import_trainings, name="trainings_import"),
        path(
            "trainings/import-assessments/",
            import_assessments,
            name="trainings_assessments_import",
        ),
        path(
            "trainings/import-assessments/template.csv",
            assessments_import_template,
            name="trainings_assessments_import_template",
        ),
        path(
            "reports/trainings-by-score/",
            TrainingsByScoreReport.as_view(),
            name="trainings_report",
        ),
        path(
            "reports/trainings-by-score/results/",
            TrainingsByScoreReport.as_view(results_only=True),
            name="trainings_report_results",
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Assessment).user_has_any_permission(
            request.user, ["add", "change", "view"]
        )


@hooks.register(TRAININGS_MENU_HOOK)
def register_report_menu_item():
    return ReportMenuItem(
        _("Trainings by score"),
        reverse("trainings_report"),
        name="trainings-by-score",
        icon_name="tasks",
        order=20,
    )


class TrainingDirectoryMenuItem(MenuItem):
    """Opens the page explorer at the training directory (in the user's language when they are
    limited to some), where trainings are added and edited; shown to those who edit pages."""

    def is_shown(self, request):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )

    def render_component(self, request):
        from .models import TrainingIndexPage

        directories = TrainingIndexPage.objects.order_by("path")
        limits = locale_limits(request.user)
        if limits is not None:
            directories = directories.filter(locale_id__in=limits)
        directory = (
            directories.filter(locale__language_code=default_language_code()).first()
            or directories.first()
        )
        url = (
            reverse("wagtailadmin_explore", args=[directory.pk])
            if directory is not None
            else reverse("wagtailadmin_explore_root")
        )
        # Menu items are shared by every request: the URL goes to the component, not on self.
        return LinkMenuItemComponent(
            self.name,
            self.label,
            url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from .views import may_import_trainings

        return may_import_trainings(request.user)


@hooks.register(TRAININGS_MENU_HOOK)
def register_import_menu_item():
    return ImportMenuItem(
        _("Import trainings"),
        reverse("trainings_import"),
        name="trainings-import",
        icon_name="upload",
        order=70,
    )


class AssessmentImportMenuItem(MenuItem):
    def is_shown(self, request):
        from .views import may_import_assessments

        return may_import_assessments(request.user)


@hooks.register(TRAININGS_MENU_HOOK)
def register_assessment_import_menu_item():
    return AssessmentImportMenuItem(
        _("Import assessments"),
        reverse("trainings_assessments_import"),
        name="trainings-assessments-import",
        icon_name="upload",
        order=75,
    )


@hooks.register(TRAININGS_MENU_HOOK)
def register_directory_menu_item():
    return TrainingDirectoryMenuItem(
        _("Training directory"),
        "",
        name="training-directory",
        icon_name="folder-open-inverse",
        order=5,
    )


@hooks.register("register_admin_menu_item")
def register_trainings_menu():
    """The "Trainings" sidebar menu: the training directory, assessments, the report, checklists,
    frameworks, providers and evidence notes, each shown only to those who may use it
    (hidden when empty)."""
    return SubmenuMenuItem(
        _("Trainings"),
        Menu(register_hook_name=TRAININGS_MENU_HOOK),
        name="trainings",
        icon_name="tasks",
        order=250,
    )


@hooks.register("register_snippet_listing_buttons")
def checklist_version_buttons(snippet, user, next_url=None):
    """The version actions in a listing row's menu (the edit screen shows them as buttons)."""
    if isinstance(snippet, Checklist):
        for label, url, icon in version_actions(snippet, user):
            yield Button(label, url, icon_name=icon, priority=10)
