"""Admin screens: snippets for the checklist, frameworks and providers; assessments."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    ObjectList,
    Panel,
)
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from practice_core.permissions import is_locale_limited, may_change_locale

from .forms import AssessmentForm, ChecklistForm
from .models import Assessment, AssessmentEvidence, Checklist, Framework, Provider
from .models.checklists import default_language_code
from .services import checklist_diff, ensure_answers, recompute_assessment
from .widgets import TrainingChooser

#: Every trainings screen sits in one "Trainings" sidebar menu (practice_trainings.wagtail_hooks).
TRAININGS_MENU_HOOK = "register_trainings_menu_item"


def may_compare_checklists(user, checklist) -> bool:
    """Reading two versions side by side: anyone with a checklist permission, in their languages."""
    return may_change_locale(user, checklist.locale_id) and any(
        user.has_perm(f"practice_trainings.{action}_checklist")
        for action in ("add", "change", "view")
    )


def version_actions(checklist, user) -> list[tuple]:
    """The version actions ``user`` may take on ``checklist``: ``(label, url, icon)`` rows.

    "New version" (from a published version) and "Publish this version" (of a draft) act on what
    every language shares, so they are offered in the source language only, to users not limited
    to some languages holding the model permission (``practice_trainings.views`` checks the same on
    POST).
    "Compare with previous" only reads, so it is offered from version 2 on to anyone who may read
    checklists in the version's language.
    """
    actions = []
    in_source = checklist.locale.language_code == default_language_code()
    may_manage = in_source and not is_locale_limited(user)
    name = "wagtailsnippets_practice_trainings_checklist"
    if may_manage and checklist.is_published and user.has_perm("practice_trainings.add_checklist"):
        actions.append(
            (_("New version"), reverse(f"{name}:new_version", args=[checklist.pk]), "copy")
        )
    if (
        may_manage
        and not checklist.is_published
        and user.has_perm("practice_trainings.change_checklist")
    ):
        actions.append(
            (_("Publish this version"), reverse(f"{name}:publish", args=[checklist.pk]), "upload")
        )
    if checklist.version > 1 and may_compare_checklists(user, checklist):
        actions.append(
            (
                _("Compare with previous"),
                reverse(f"{name}:compare", args=[checklist.pk]),
                "history",
            )
        )
    return actions


class ChecklistStatusPanel(Panel):
    """At the top of a checklist version: published (locked) or draft, what to do next, and the
    version actions ("New version", "Publish this version", "Compare with previous") as buttons
    (here rather than in the slim header, which has no room for them on a phone)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice_trainings/admin/checklist_status_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["checklist"] = self.instance
            context["in_source"] = self.instance.locale.language_code == default_language_code()
            context["actions"] = version_actions(self.instance, self.request.user)
            return context


class ChecklistViewSet(SnippetViewSet):
    model = Checklist
    menu_hook = TRAININGS_MENU_HOOK
    menu_order = 30
    icon = "list-ol"
    menu_label = _("Checklist")
    list_display = ["title", "version", "published_at", "locale"]
    list_filter = ["locale"]
    ordering = ["-version"]

    edit_handler = ObjectList(
        [ChecklistStatusPanel(heading=_("Status")), *Checklist.panels],
        base_form_class=ChecklistForm,
    )

    def get_urlpatterns(self):
        from . import views

        return super().get_urlpatterns() + [
            path("publish/<int:pk>/", views.publish_checklist, name="publish"),
            path("new-version/<int:pk>/", views.new_checklist_version, name="new_version"),
            path("compare/<int:pk>/", views.compare_checklist, name="compare"),
        ]


class FrameworkViewSet(SnippetViewSet):
    model = Framework
    menu_hook = TRAININGS_MENU_HOOK
    menu_order = 40
    icon = "tag"
    list_display = ["name", "slug", "locale"]


class ProviderViewSet(SnippetViewSet):
    model = Provider
    menu_hook = TRAININGS_MENU_HOOK
    menu_order = 50
    icon = "group"
    list_display = ["name", "website", "accreditation"]


class EvidenceNotesPermissionPolicy(ModelPermissionPolicy):
    """Evidence notes are made from the answers (``practice_trainings.evidence``), never by hand:
    nobody
    adds or deletes them here; translators change their language's through wagtail-localize."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


class AssessmentEvidenceViewSet(SnippetViewSet):
    """Each assessment's evidence notes, listed so translators can translate them (the source
    text is written on the assessing screen and shown read-only here)."""

    model = AssessmentEvidence
    menu_hook = TRAININGS_MENU_HOOK
    menu_order = 60
    icon = "doc-full"
    menu_label = _("Evidence notes")
    list_display = ["__str__", "locale", "live"]
    list_filter = ["locale"]


class AssessmentStatusPanel(Panel):
    """Shows, at the top of an assessment, its version status and reviewer disagreements."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice_trainings/admin/assessment_status_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            assessment = self.instance
            context["assessment"] = assessment
            context["re_review_due"] = assessment.re_review_due
            context["disagreements"] = [
                answer
                for answer in assessment.answers.select_related("item")
                if answer.reviewers_disagree
            ]
            # What changed between this assessment's version and the one it is due against.
            old = new = None
            if assessment.rereview_pending and assessment.carried_from_id:
                old, new = assessment.carried_from.checklist, assessment.checklist
            elif assessment.re_review_due:
                old = assessment.checklist
                new = Checklist.in_force(old.locale)
            context["diff_old"], context["diff_new"] = old, new
            context["diff"] = checklist_diff(old, new) if old and new else []
            context["coverage_percent"] = round((assessment.coverage or 0) * 100)
            context["evidence_notes_url"] = reverse(
                "wagtailsnippets_practice_trainings_assessmentevidence:list"
            )
            context["assess_url"] = reverse(
                "practice_trainings_assessment:assess", args=[assessment.pk]
            )
            context["carry_forward_url"] = reverse(
                "practice_trainings_assessment:carry_forward", args=[assessment.pk]
            )
            return context


class AssessmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("training", "checklist", "reviewer")
            .with_newest_version()
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Assess (answer the questions)"),
                url=reverse("practice_trainings_assessment:assess", args=[instance.pk]),
                icon_name="tasks",
                priority=5,
            )
        )
        if instance.re_review_due:
            buttons.append(
                MenuItem(
                    _("Carry answers forward"),
                    url=reverse("practice_trainings_assessment:carry_forward", args=[instance.pk]),
                    icon_name="copy",
                    priority=15,
                )
            )
        return buttons


class AssessmentCreateView(generic.CreateView):
    """A new assessment is a draft (visitors do not see it) and opens the assessing screen."""

    def save_instance(self):
        self.form.instance.is_draft = True
        instance = super().save_instance()
        ensure_answers(instance)
        return recompute_assessment(instance, notes_changed=False)  # every answer is unknown

    def get_success_url(self):
        return reverse("practice_trainings_assessment:assess", args=[self.object.pk])


class AssessmentEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        ensure_answers(instance)
        # No evidence note is edited here; the notes' language follows the training's.
        return recompute_assessment(instance, notes_changed="training" in self.form.changed_data)


class CoveragePercentColumn(Column):
    """Coverage as a whole percentage ("38 %"), not the stored fraction."""

    def get_value(self, instance):
        return f"{round((instance.coverage or 0) * 100)} %"


class ReReviewColumn(Column):
    def get_value(self, instance):
        return _("Re-review due") if instance.re_review_due else ""


class AssessmentViewSet(ModelViewSet):
    """Assessments: the training, version, reviewers and date here; the answers on the assessing
    screen (``practice_trainings.assessing``). Scores are recomputed on every save."""

    model = Assessment
    icon = "tasks"
    menu_label = _("Assessments")
    menu_order = 10
    menu_hook = TRAININGS_MENU_HOOK
    index_view_class = AssessmentIndexView
    add_view_class = AssessmentCreateView
    edit_view_class = AssessmentEditView
    list_display = [
        "__str__",
        "score",
        "band",
        CoveragePercentColumn("coverage", label=_("Coverage")),
        ReReviewColumn("re_review", label=_("Re-review")),
        "reviewer",
        "reviewed_on",
    ]
    list_filter = ["band", "checklist", "reviewer"]
    search_fields = []
    edit_handler = ObjectList(
        [
            AssessmentStatusPanel(heading=_("Status")),
            FieldPanel("training", widget=TrainingChooser()),
            FieldPanel("checklist"),
            FieldRowPanel(
                [
                    FieldPanel("reviewer"),
                    FieldPanel("second_reviewer"),
                    FieldPanel("third_reviewer"),
                ]
            ),
            FieldPanel("reviewed_on"),
            FieldPanel("notes"),
        ],
        base_form_class=AssessmentForm,
    )

    def get_urlpatterns(self):
        from . import assessing, views

        return super().get_urlpatterns() + [
            path("carry-forward/<int:pk>/", views.carry_forward_assessment, name="carry_forward"),
            path("assess/<int:pk>/", assessing.assess, name="assess"),
            path("assess/<int:pk>/score/", assessing.score_preview, name="score_preview"),
        ]

    def carry_forward_url(self, pk):
        return reverse(self.get_url_name("carry_forward"), args=[pk])


assessment_viewset = AssessmentViewSet("practice_trainings_assessment")
