"""The admin report "Trainings by score", with filters and CSV/XLSX export."""

import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from practice_core.permissions import SharedContentPermissionPolicy
from practice_core.spreadsheets import ExcelFriendlyCSVMixin

from .models import BAND_CHOICES, Assessment
from .services import newest_published_version

COVERAGE_CHOICES = [
    ("under-60", _("Under 60 %")),
    ("60-99", _("60 % to 99 %")),
    ("complete", _("100 %")),
]


def reviewers(request):
    return get_user_model().objects.filter(
        pk__in=Assessment.objects.exclude(reviewer=None).values("reviewer")
    )


class TrainingsByScoreFilterSet(WagtailFilterSet):
    band = django_filters.ChoiceFilter(label=_("Band"), choices=BAND_CHOICES)
    coverage_range = django_filters.ChoiceFilter(
        label=_("Coverage"), choices=COVERAGE_CHOICES, method="filter_coverage"
    )
    re_review_due = django_filters.BooleanFilter(
        label=_("Re-review due"), method="filter_re_review"
    )
    reviewer = django_filters.ModelChoiceFilter(
        label=_("Reviewer"), queryset=reviewers, empty_label=_("Anyone")
    )

    class Meta:
        model = Assessment
        fields = ["band", "reviewer"]

    def filter_re_review(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(re_review_flag=value)

    def filter_coverage(self, queryset, name, value):
        if value == "under-60":
            return queryset.filter(coverage__lt=0.6)
        if value == "60-99":
            return queryset.filter(coverage__gte=0.6, coverage__lt=1)
        if value == "complete":
            return queryset.filter(coverage__gte=1)
        return queryset


class ReReviewDueColumn(Column):
    """Says "Re-review due" where one is due and nothing otherwise (a red cross for "no" read
    as an alarm)."""

    def get_value(self, instance):
        return _("Re-review due") if instance.re_review_flag else ""


class CoverageColumn(Column):
    def get_value(self, instance):
        return f"{instance.coverage_percent} %"


class TrainingsByScoreReport(ExcelFriendlyCSVMixin, ReportView):
    """Each training's latest assessment, best score first."""

    page_title = _("Trainings by score")
    header_icon = "tasks"
    index_url_name = "trainings_report"
    index_results_url_name = "trainings_report_results"
    filterset_class = TrainingsByScoreFilterSet
    permission_policy = SharedContentPermissionPolicy(Assessment)
    any_permission_required = ["add", "change", "view"]
    columns = [
        TitleColumn(
            "training",
            label=_("Training"),
            accessor="training.title",
            url_name="practice_trainings_assessment:edit",
        ),
        Column("score", label=_("Score")),
        Column("band", label=_("Band"), accessor="get_band_display"),
        CoverageColumn("coverage_percent", label=_("Coverage")),
        Column("version", label=_("Checklist version"), accessor="checklist.version"),
        ReReviewDueColumn("re_review_flag", label=_("Re-review")),
        Column("reviewer", label=_("Reviewer")),
        DateColumn("reviewed_on", label=_("Reviewed on")),
    ]
    list_export = [
        "training.title",
        "training.url_path",
        "score",
        "band",
        "coverage_percent",
        "checklist.version",
        "re_review_flag",
        "reviewer",
        "second_reviewer",
        "third_reviewer",
        "reviewed_on",
    ]
    export_headings = {
        "training.title": _("Training"),
        "training.url_path": _("Page path"),
        "score": _("Score"),
        "band": _("Band"),
        "coverage_percent": _("Coverage (%)"),
        "checklist.version": _("Checklist version"),
        "re_review_flag": _("Re-review due"),
        "reviewer": _("Reviewer"),
        "second_reviewer": _("Second reviewer"),
        "third_reviewer": _("Third reviewer"),
        "reviewed_on": _("Reviewed on"),
    }

    def get_filename(self):
        return f"trainings-by-score-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        newest = newest_published_version() or 0
        return (
            Assessment.objects.filter(is_latest=True)
            .select_related(
                "training", "checklist", "reviewer", "second_reviewer", "third_reviewer"
            )
            .annotate(
                re_review_flag=Case(
                    When(Q(checklist__version__lt=newest) | Q(rereview_pending=True), then=True),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                coverage_percent=Cast(Round(F("coverage") * 100), IntegerField()),
            )
            .order_by(F("score").desc(nulls_last=True), "training__title")
        )
