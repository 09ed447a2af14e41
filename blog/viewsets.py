"""The comment moderation screens in Wagtail's admin.

Everything here requires the custom "Can moderate comments" permission
(``practice_blog.moderate_comments``):
the listing with its filters and search, the edit and inspect views, the bulk actions
(approve, reject, mark as spam, delete), the reply-as-the-practice view, the dashboard panel and
the menu count. Nobody adds comments from the admin except as replies.
"""

import django_filters
from django import forms
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.models import Locale
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from practice_core.permissions import locale_limits, may_change_locale, refusal, refuse_other_locale
from practice_core.spreadsheets import ExcelFriendlyCSVMixin

from .models import BlogPostPage, Comment, Follower
from .services import reply_as_practice

MODERATE_PERMISSION = "practice_blog.moderate_comments"


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def can_moderate_comment(user, comment) -> bool:
    """Moderators act on comments in the languages they may work in (all, unless limited)."""
    return can_moderate(user) and may_change_locale(user, comment.locale_id)


def comments_for(user, queryset=None):
    """The comments ``user`` may moderate: all of them, or their languages' when limited."""
    queryset = Comment.objects.all() if queryset is None else queryset
    limits = locale_limits(user)
    return queryset if limits is None else queryset.filter(locale_id__in=limits)


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Moderators may view, change and delete comments; nobody creates them in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return can_moderate(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_moderate_comment(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Comment.objects.none()
        return comments_for(user)

    def users_with_any_permission(self, actions):
        if set(actions) <= {"add"}:
            return super().users_with_any_permission([]).none()
        return self._get_users_with_any_permission_codenames(["moderate_comments"])


class CommentContextPanel(Panel):
    """The comment's post, language, date and thread on its edit screen. The commenter's email
    address is never shown, not even to moderators (only whether they asked about replies)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice_blog/admin/comment_context_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            comment = self.instance
            root = comment.parent or comment
            thread = []
            if comment.pk:
                thread = [root, *root.replies.order_by("created", "pk")] if root.pk else []
            context.update(
                {
                    "comment": comment,
                    "post_url": comment.page.url if comment.page_id else "",
                    "edit_post_url": reverse("wagtailadmin_pages:edit", args=[comment.page_id])
                    if comment.page_id
                    else "",
                    "thread": thread,
                }
            )
            return context


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Comment.Status.choices)
    page = django_filters.ModelChoiceFilter(
        label=_("Post"),
        queryset=lambda request: BlogPostPage.objects.order_by("title"),
    )
    locale = django_filters.ModelChoiceFilter(label=_("Language"), queryset=Locale.objects.all())
    created = django_filters.DateFromToRangeFilter(label=_("Written"), widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = ["status", "page", "locale", "created"]


class PendingCommentsMenuItem(MenuItem):
    """The "Comments" menu item, with the number awaiting moderation in its label."""

    def is_shown(self, request):
        return can_moderate(request.user)

    def render_component(self, request):
        pending = comments_for(request.user, Comment.objects.pending()).count()
        label = self.label
        if pending:
            label = _("%(label)s (%(count)d awaiting moderation)") % {
                "label": self.label,
                "count": pending,
            }
        original, self.label = self.label, label
        try:
            return super().render_component(request)
        finally:
            self.label = original


class ExcelFriendlyIndexView(ExcelFriendlyCSVMixin, SnippetIndexView):
    """A snippet listing whose CSV download opens right in Excel (byte-order mark)."""


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_name = "blog-comments"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    # The commenter's email address is never shown in the admin, nor searchable there (erasing
    # someone's comments by address is the erase_visitor_data command's job).
    inspect_view_fields_exclude = ["translation_key", "email"]
    filterset_class = CommentFilterSet
    search_fields = ["author_name", "body"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-created"]
    list_export = ["created", "author_name", "status", "body"]
    index_view_class = ExcelFriendlyIndexView
    panels = [
        CommentContextPanel(heading=_("About this comment")),
        FieldPanel("status"),
        FieldPanel("author_name", read_only=True),
        FieldPanel("body", read_only=True),
    ]

    @property
    def menu_item_class(self):
        return PendingCommentsMenuItem

    @property
    def list_display(self):
        return [
            TitleColumn(
                "author_name",
                label=_("Name"),
                get_url=lambda comment: reverse(self.get_url_name("edit"), args=[comment.pk]),
                classname="blog-comment-name",
            ),
            Column(
                "excerpt",
                label=_("Comment"),
                accessor=lambda comment: Truncator(comment.body).chars(120),
                classname="blog-comment-excerpt",
            ),
            Column("post", label=_("Post"), accessor=post_link),
            Column("thread", label=_("Thread"), accessor=thread_summary),
            Column("locale", label=_("Language"), accessor="locale.get_display_name"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            DateColumn("created", label=_("Written")),
            Column("reply", label=_("Reply"), accessor=reply_link),
        ]

    def get_queryset(self, request):
        return comments_for(
            request.user,
            Comment.objects.select_related("page", "locale", "moderated_by", "parent").annotate(
                reply_count=Count("replies")
            ),
        )


def post_link(comment):
    url = comment.page.url
    if not url:
        return comment.page.title
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>', url, comment.page.title
    )


def thread_summary(comment):
    """Where the comment sits in its thread: the comment it answers, or how many answer it."""
    if comment.parent_id:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtailsnippets_practice_blog_comment:edit", args=[comment.parent_id]),
            _("In reply to %(name)s") % {"name": comment.parent.author_name},
        )
    count = getattr(comment, "reply_count", None)
    if count is None:
        count = comment.replies.count()
    if not count:
        return ""
    return ngettext("%(count)d reply", "%(count)d replies", count) % {"count": count}


def reply_link(comment):
    if comment.is_practice_reply or comment.status in (
        Comment.Status.SPAM,
        Comment.Status.REJECTED,
    ):
        return ""
    return format_html(
        '<a href="{}">{}</a>', reverse("blog_reply_to_comment", args=[comment.pk]), _("Reply")
    )


# --------------------------------------------------------------------------------------------
# Bulk actions
# --------------------------------------------------------------------------------------------


class ModerateBulkAction(SnippetBulkAction):
    """Set the status of the selected comments (subclasses say which)."""

    models = [Comment]
    template_name = "practice_blog/admin/confirm_bulk_moderate.html"
    new_status = None

    def dispatch(self, request, *args, **kwargs):
        # Wagtail would quietly skip every comment; say why instead.
        if not can_moderate(request.user):
            return refusal(request, _("You may not moderate comments."))
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        # Comments in languages the moderator may not work in are listed as not actionable.
        return can_moderate_comment(self.request.user, obj)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        from django.db import transaction
        from django.utils import timezone

        from practice_core import versions

        from .cache_purge import purge_post
        from .versions import visitor_data_scopes

        with transaction.atomic():
            count = Comment.objects.filter(pk__in=[obj.pk for obj in objects]).update(
                status=cls.new_status, moderated_by=user, moderated_at=timezone.now()
            )
            # update() sends no signals: the posts' versions are raised here, with the change.
            scopes = {scope for obj in objects for scope in visitor_data_scopes(obj)}
            if scopes:
                versions.bump(*scopes)
        for obj in {obj.translation_key: obj for obj in objects}.values():
            purge_post(obj.translation_key)
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment marked as “%(status)s”.",
            "%(count)d comments marked as “%(status)s”.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "status": Comment.Status(self.new_status).label}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_label"] = Comment.Status(self.new_status).label
        return context


class ApproveBulkAction(ModerateBulkAction):
    display_name = _("Approve")
    action_type = "approve_comments"
    aria_label = _("Approve the selected comments")
    action_priority = 10
    new_status = Comment.Status.APPROVED


class RejectBulkAction(ModerateBulkAction):
    display_name = _("Reject")
    action_type = "reject_comments"
    aria_label = _("Reject the selected comments")
    action_priority = 15
    new_status = Comment.Status.REJECTED


class SpamBulkAction(ModerateBulkAction):
    display_name = _("Mark as spam")
    action_type = "spam_comments"
    aria_label = _("Mark the selected comments as spam")
    action_priority = 20
    new_status = Comment.Status.SPAM


# --------------------------------------------------------------------------------------------
# Reply as the practice, dashboard panel
# --------------------------------------------------------------------------------------------


class ReplyForm(forms.Form):
    author_name = forms.CharField(label=_("Signed as"), max_length=80)
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 8}), max_length=3000
    )


def practice_name(request):
    from django.apps import apps

    # The site layer may offer the practice's name; the plugin works without it.
    for model in apps.get_models():
        if model.__name__ == "PracticeSettings" and hasattr(model, "for_request"):
            name = getattr(model.for_request(request), "practice_name", "")
            if name:
                return name
    return str(_("The practice"))


def reply_view(request, comment_id):
    """Publish a reply from the practice to a visitor's comment (approving that comment too).

    Only for moderators who may work in the comment's language; never to spam or a rejected
    comment (replying would approve it).
    """
    from django.core.exceptions import ValidationError

    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id)
    refused = refuse_other_locale(request, comment.locale_id)
    if refused:
        return refused
    if not can_moderate(request.user):
        return refusal(request, _("You may not moderate comments, so you cannot reply to them."))
    if comment.status in (Comment.Status.SPAM, Comment.Status.REJECTED):
        return refusal(
            request,
            _("This comment is marked “%(status)s”: approve it before replying to it.")
            % {"status": comment.get_status_display()},
            status=409,
        )
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                reply_as_practice(
                    comment,
                    form.cleaned_data["body"],
                    request.user,
                    form.cleaned_data["author_name"],
                )
            except ValidationError as exc:
                form.add_error("body", exc.messages)
            else:
                messages.success(request, _("Your reply is published."))
                return redirect("wagtailsnippets_practice_blog_comment:list")
    else:
        form = ReplyForm(initial={"author_name": practice_name(request)})
    return TemplateResponse(
        request,
        "practice_blog/admin/reply.html",
        {"comment": comment, "form": form, "page_title": _("Reply")},
    )


class PendingCommentsPanel(Component):
    """A dashboard panel: how many comments await moderation, and the latest few."""

    name = "blog_pending_comments"
    order = 150
    template_name = "practice_blog/admin/pending_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context.get("request")
        user = getattr(request, "user", None)
        pending = comments_for(user, Comment.objects.pending()).select_related("page")
        return {
            "count": pending.count(),
            "latest": list(pending.order_by("-created")[:5]),
            "list_url": reverse("wagtailsnippets_practice_blog_comment:list") + "?status=pending",
        }


# --------------------------------------------------------------------------------------------
# Followers (new posts by email)
# --------------------------------------------------------------------------------------------


class FollowerPermissionPolicy(ModelPermissionPolicy):
    """People with the model's view/delete permissions see, export and delete followers;
    nobody adds or edits them in the admin (only the follower confirms or stops)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in ("add", "change")]
        return super().users_with_any_permission(actions)


class FollowerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Follower.Status.choices)
    locale = django_filters.ModelChoiceFilter(label=_("Language"), queryset=Locale.objects.all())

    class Meta:
        model = Follower
        fields = ["status", "locale"]


class FollowerViewSet(SnippetViewSet):
    model = Follower
    icon = "mail"
    menu_label = _("Followers")
    menu_name = "blog-followers"
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["email", "locale", "status", "created", "confirmed_at", "last_digest_at"]
    filterset_class = FollowerFilterSet
    search_fields = ["email"]
    search_backend_name = None
    list_per_page = 100
    ordering = ["-created"]
    list_export = ["email", "locale", "status", "created", "confirmed_at"]
    index_view_class = ExcelFriendlyIndexView
    export_headings = {
        "email": _("Email"),
        "locale": _("Language"),
        "status": _("Status"),
        "created": _("Asked"),
        "confirmed_at": _("Confirmed"),
    }

    @property
    def list_display(self):
        return [
            TitleColumn(
                "email",
                label=_("Email"),
                get_url=lambda follower: reverse(self.get_url_name("inspect"), args=[follower.pk]),
            ),
            Column("locale", label=_("Language"), accessor="locale.get_display_name"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            DateColumn("created", label=_("Asked")),
            DateColumn("confirmed_at", label=_("Confirmed")),
        ]

    def get_queryset(self, request):
        followers = Follower.objects.select_related("locale")
        limits = locale_limits(request.user)
        if limits is not None:  # someone limited to some languages sees those followers only
            followers = followers.filter(locale_id__in=limits)
        return followers
