"""Scheduled publishing: what should be live by now and is not.

Wagtail publishes a page scheduled for later ("Go live" in the editor) only when
``manage.py publish_scheduled`` runs: ``make serve``/``make demo`` run it every minute
(``manage.py serve_with_scheduler``) and docs/operations.md shows the systemd timer and cron line
for a server. If that job is missing or broken, the owner would only find out from a visitor; the
dashboard panel below says so as soon as a page is late.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

from practice_core.permissions import locale_limits

# The job runs every minute: a page is "late" once two runs could have published it.
LATE_AFTER = timedelta(minutes=2)
SHOWN = 10


def late_pages(user, now=None) -> list[tuple[Page, object]]:
    """``(page, go-live time)`` for each page whose scheduled revision should have gone live more
    than ``LATE_AFTER`` ago (so the job should have published it), limited to pages ``user`` may
    edit or publish, in the languages they work in; the most overdue first.

    Few revisions are ever scheduled at once, so they are read first and the pages after.
    """
    cutoff = (now or timezone.now()) - LATE_AFTER
    scheduled = list(
        Revision.page_revisions.filter(approved_go_live_at__lt=cutoff)
        .order_by("approved_go_live_at", "pk")
        .values_list("object_id", "approved_go_live_at")
    )
    if not scheduled:
        return []
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    limits = locale_limits(user)
    if limits is not None:
        pages = pages.filter(locale_id__in=limits)
    by_id = {
        page.pk: page
        for page in pages.filter(pk__in={int(object_id) for object_id, _when in scheduled})
        .select_related("locale")
        .specific(defer=True)
    }
    late, seen = [], set()
    for object_id, when in scheduled:
        page = by_id.get(int(object_id))
        if page is not None and page.pk not in seen:
            seen.add(page.pk)
            late.append((page, when))
    return late


class LatePublishingPanel(Component):
    """A dashboard warning: pages whose go-live time has passed and that are still not live."""

    name = "practice_late_publishing"
    order = 50  # above Wagtail's own panels: something is wrong
    template_name = "practice_site/admin/late_publishing_panel.html"

    def __init__(self, late):
        self.late = late

    def get_context_data(self, parent_context):
        return {
            "count": len(self.late),
            "late": [
                {
                    "page": page,
                    "go_live_at": when,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
                for page, when in self.late[:SHOWN]
            ],
        }


def add_late_publishing_panel(request, panels):
    """``construct_homepage_panels``: the warning, only when something is late for this user."""
    late = late_pages(request.user)
    if late:
        panels.append(LatePublishingPanel(late))
