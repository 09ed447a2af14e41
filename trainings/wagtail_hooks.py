"""Admin registration: snippets, assessments, the report and the checklist version buttons."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet

from practice_core.permissions import SharedContentPermissionPolicy, is_locale_limited

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
    return [
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


@hooks.register("register_admin_menu_item")
def register_trainings_menu():
    """The "Trainings" sidebar menu: assessments, the report, checklists, frameworks, providers
    and evidence notes, each shown only to those who may use it (hidden when empty)."""
    return SubmenuMenuItem(
        _("Trainings"),
        Menu(register_hook_name=TRAININGS_MENU_HOOK),
        name="trainings",
        icon_name="tasks",
        order=250,
    )


@hooks.register("register_snippet_listing_buttons")
def checklist_version_buttons(snippet, user, next_url=None):
    # Versions are drafted and published in the source language, by users not limited to some
    # languages (trainings.views checks the same).
    if (
        isinstance(snippet, Checklist)
        and user.has_perm("trainings.change_checklist")
        and not is_locale_limited(user)
        and snippet.locale.language_code == default_language_code()
    ):
        if snippet.is_published:
            yield Button(
                _("New version"),
                reverse("wagtailsnippets_trainings_checklist:new_version", args=[snippet.pk]),
                icon_name="copy",
                priority=10,
            )
        else:
            yield Button(
                _("Publish this version"),
                reverse("wagtailsnippets_trainings_checklist:publish", args=[snippet.pk]),
                icon_name="upload",
                priority=10,
            )
