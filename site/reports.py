"""Admin reports of the project layer."""

import datetime

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from practice_core.permissions import locale_limits, source_locale
from practice_core.spreadsheets import ExcelFriendlyCSVMixin

from .translation_status import STATUS_LABELS, translation_status_rows


class TranslationStatusView(ExcelFriendlyCSVMixin, ReportView):
    """Every page and snippet, with its state in each language and links to translate or sync."""

    page_title = _("Translation status")
    header_icon = "globe"
    template_name = "practice_site/admin/translation_status.html"
    results_template_name = "practice_site/admin/translation_status_results.html"
    index_url_name = "translation_status"
    index_results_url_name = "translation_status_results"
    paginate_by = 100
    any_permission_required = None

    def user_has_permission(self, permission):
        return self.request.user.has_perm("wagtailadmin.access_admin")

    def get_filename(self):
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

    @property
    def target_locales(self):
        locales = Locale.objects.exclude(pk=source_locale().pk).order_by("language_code")
        limits = locale_limits(self.request.user)
        if limits is not None:
            # A translator sees their own language's column, and public source content only.
            locales = locales.filter(pk__in=limits)
        return list(locales)

    @property
    def list_export(self):
        return ["title", "kind"] + [f"status_{loc.language_code}" for loc in self.target_locales]

    @property
    def export_headings(self):
        headings = {"title": _("Title"), "kind": _("Type")}
        for locale in self.target_locales:
            headings[f"status_{locale.language_code}"] = locale.get_display_name()
        return headings

    def get_queryset(self):
        limits = locale_limits(self.request.user)
        rows = translation_status_rows(target_locale_ids=limits, public_only=limits is not None)
        wanted_status = self.request.GET.get("status", "")
        wanted_locale = self.request.GET.get("locale", "")
        wanted_kind = self.request.GET.get("kind", "")
        if wanted_kind == "page":
            rows = [row for row in rows if row.translate_url and "page" in row.translate_url]
        elif wanted_kind == "snippet":
            rows = [row for row in rows if row.translate_url and "snippet" in row.translate_url]
        if wanted_status in STATUS_LABELS:
            rows = [
                row
                for row in rows
                if any(
                    status.status == wanted_status
                    and (not wanted_locale or status.locale.language_code == wanted_locale)
                    for status in row.statuses
                )
            ]
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locales"] = self.target_locales
        context["status_choices"] = list(STATUS_LABELS.items())
        context["selected"] = {
            "status": self.request.GET.get("status", ""),
            "locale": self.request.GET.get("locale", ""),
            "kind": self.request.GET.get("kind", ""),
        }
        return context
