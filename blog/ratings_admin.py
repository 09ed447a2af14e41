"""The ratings screens in Wagtail's admin: the posts' ratings, and one post's ballots.

Both need the "Can moderate ratings" permission (``practice_blog.moderate_ratings``). Ratings are
shared by
a post's translations unless ``RATINGS_PER_LOCALE`` (PRACTICE_BLOG) is on, so a user limited to some
languages (a translator) may moderate them only when each language keeps its own and the post is
in one of theirs. The screens show counts, stars, networks as "Network 1, 2..." and cookie ages;
never a voter key, a network's hash or an address.
"""

from django import forms
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.models import Locale, Page

from practice_core.permissions import (
    is_locale_limited,
    locale_limits,
    may_change_locale,
    other_language_message,
    refusal,
)

from . import rating_moderation
from .models import BlogPostPage, Rating, RatingSummary, ratings_per_locale
from .ratings import scope_for

MODERATE_RATINGS_PERMISSION = "practice_blog.moderate_ratings"
CHART_DAYS = 30
RECENT_DAYS = 14


def can_moderate_ratings(user) -> bool:
    """May ``user`` open the ratings screens at all?"""
    if not (user and user.is_active and user.has_perm(MODERATE_RATINGS_PERMISSION)):
        return False
    return ratings_per_locale() or not is_locale_limited(user)


def can_moderate_ratings_of(user, page) -> bool:
    """May ``user`` see and change the ballots of ``page``?"""
    return can_moderate_ratings(user) and (
        not is_locale_limited(user) or may_change_locale(user, page.locale_id)
    )


def _refuse(request, page=None):
    if page is not None and can_moderate_ratings(request.user):
        return refusal(request, other_language_message(request.user, page.locale_id))
    if (
        request.user.has_perm(MODERATE_RATINGS_PERMISSION)
        and is_locale_limited(request.user)
        and not ratings_per_locale()
    ):
        return refusal(
            request,
            _(
                "A post's ratings are shared by all its languages, so they are moderated "
                "by the site's moderators."
            ),
        )
    return refusal(request, _("You may not moderate ratings."))


class BallotsForm(forms.Form):
    """What the owner asks of some ballots: remove them, or count held ones now."""

    action = forms.ChoiceField(choices=[("remove", "remove"), ("accept", "accept")])
    ballots = forms.MultipleChoiceField(
        error_messages={"required": gettext_lazy("Choose at least one group of ballots.")}
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ballots"].choices = [(group.ids_text, group.ids_text) for group in groups]

    def ballot_ids(self) -> list[int]:
        return [int(pk) for text in self.cleaned_data["ballots"] for pk in text.split(",")]


def index_view(request):
    """Posts with ratings (or held ballots), most held first."""
    if not can_moderate_ratings(request.user):
        return _refuse(request)
    summaries = RatingSummary.objects.filter(Q(count__gt=0) | Q(held__gt=0))
    limits = locale_limits(request.user)
    if limits is not None:
        summaries = summaries.filter(locale_id__in=limits)
    summaries = list(summaries.order_by("-held", "-updated")[:200])
    posts = {}
    source = Locale.get_default().pk
    # A shared summary is named by the post in the site's language (else its first translation).
    for post in BlogPostPage.objects.filter(
        translation_key__in=[summary.translation_key for summary in summaries]
    ).order_by("pk"):
        posts[(post.translation_key, post.locale_id)] = post
        if post.locale_id == source or (post.translation_key, None) not in posts:
            posts[(post.translation_key, None)] = post
    rows = []
    for summary in summaries:
        post = posts.get((summary.translation_key, summary.locale_id))
        if post is None:
            continue
        rows.append(
            {
                "post": post,
                "summary": summary,
                "url": reverse("blog_post_ratings", args=[post.pk]),
            }
        )
    return TemplateResponse(
        request,
        "practice_blog/admin/ratings_index.html",
        {"rows": rows, "page_title": _("Ratings")},
    )


def _chart(days):
    """Bars for the SVG chart: one stacked column per day (counted by stars, then held)."""
    width, height, gap = 20, 120, 4
    top = max([day.total for day in days] + [1])
    columns = []
    for n, day in enumerate(days):
        y = height
        segments = []
        for stars in range(1, 6):
            value = day.counted[stars]
            if value:
                h = value * height / top
                y -= h
                segments.append({"y": y, "h": h, "class": f"stars-{stars}", "value": value})
        if day.pending:
            h = day.pending * height / top
            y -= h
            segments.append({"y": y, "h": h, "class": "held", "value": day.pending})
        columns.append({"x": n * (width + gap), "width": width, "day": day, "segments": segments})
    return {
        "columns": columns,
        "width": len(days) * (width + gap),
        "height": height,
        "top": top,
    }


def post_view(request, page_id):
    """One post's ratings: the summary, a chart of the last 30 days, recent ballots grouped by
    network and cookie age, and the form that removes or accepts groups of ballots."""
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None or not isinstance(page, BlogPostPage):
        raise Http404
    if not can_moderate_ratings_of(request.user, page):
        return _refuse(request, page)
    scope = scope_for(page)
    groups = rating_moderation.recent_groups(scope, days=RECENT_DAYS)
    if request.method == "POST":
        form = BallotsForm(request.POST, groups=groups)
        if form.is_valid():
            ids = form.ballot_ids()
            if form.cleaned_data["action"] == "remove":
                done = rating_moderation.remove_ballots(page, ids, request.user)
                text = ngettext(
                    "%(count)d ballot removed; the rating is recounted.",
                    "%(count)d ballots removed; the rating is recounted.",
                    done,
                )
            else:
                done = rating_moderation.accept_ballots(page, ids, request.user)
                text = ngettext(
                    "%(count)d held ballot now counts.",
                    "%(count)d held ballots now count.",
                    done,
                )
            messages.success(request, text % {"count": done})
            return redirect("blog_post_ratings", page.pk)
        status = 400
    else:
        form = BallotsForm(groups=groups)
        status = 200
    from django.db import transaction

    with transaction.atomic():
        summary = rating_moderation.locked_summary(page)
        rating_moderation.release_due_in(summary)
    days = rating_moderation.daily_history(scope, days=CHART_DAYS)
    return TemplateResponse(
        request,
        "practice_blog/admin/post_ratings.html",
        {
            "page_title": _("Ratings of “%(title)s”") % {"title": page.title},
            "post": page,
            "summary": summary,
            "distribution": [
                (stars, getattr(summary, f"count_{stars}")) for stars in range(5, 0, -1)
            ],
            "groups": groups,
            "form": form,
            "chart": _chart(days),
            "days": days,
            "recent_days": RECENT_DAYS,
            "chart_days": CHART_DAYS,
            "held_total": Rating.objects.filter(scope=scope, status=Rating.Status.PENDING).count(),
            "cool_down_hours": int(rating_moderation.cool_down().total_seconds() // 3600),
            "index_url": reverse("blog_ratings"),
            "shared": not ratings_per_locale(),
        },
        status=status,
    )


class RatingsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate_ratings(request.user)


def ratings_button(page, user):
    """The "Ratings" button in a post's header in the admin (for users who may moderate them)."""
    if page.specific_class is BlogPostPage and can_moderate_ratings_of(user, page):
        yield Button(
            _("Ratings"),
            reverse("blog_post_ratings", args=[page.pk]),
            icon_name="pick",
            priority=66,
        )


def register_log_actions(actions):
    @actions.register_action(rating_moderation.REMOVE_ACTION)
    class RemovedBallots(LogFormatter):
        label = gettext_lazy("Remove ratings")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return ngettext(
                "Removed %(count)d rating (%(held)d of them held)",
                "Removed %(count)d ratings (%(held)d of them held)",
                data.get("count", 0),
            ) % {"count": data.get("count", 0), "held": data.get("pending", 0)}

    @actions.register_action(rating_moderation.ACCEPT_ACTION)
    class AcceptedBallots(LogFormatter):
        label = gettext_lazy("Accept held ratings")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return ngettext(
                "Counted %(count)d held rating",
                "Counted %(count)d held ratings",
                data.get("count", 0),
            ) % {"count": data.get("count", 0)}
