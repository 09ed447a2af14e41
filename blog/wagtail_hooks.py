"""Admin wiring: the moderation viewset, its permission policy, bulk actions and dashboard;
the ratings screens."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import privacy, ratings_admin
from .models import Comment, Follower, Rating
from .rendering import shared_post_fillers
from .versions import visitor_data_scopes
from .viewsets import (
    ApproveBulkAction,
    CommentPermissionPolicy,
    CommentViewSet,
    FollowerPermissionPolicy,
    FollowerViewSet,
    PendingCommentsPanel,
    RejectBulkAction,
    SpamBulkAction,
    can_moderate,
    reply_view,
)
from .visitors import COOKIE_NAME as VISITOR_COOKIE

# Registered before the viewset so Wagtail does not create its default policy for comments.
register_permission_policy(Comment, CommentPermissionPolicy(Comment))
register_snippet(CommentViewSet)
register_permission_policy(Follower, FollowerPermissionPolicy(Follower))
register_snippet(FollowerViewSet)

hooks.register("purge_visitor_data", privacy.purge)
hooks.register("purge_visitor_data", privacy.purge_followers)
hooks.register("erase_visitor_data", privacy.erase_followers)
hooks.register("erase_visitor_data", privacy.erase)


@hooks.register("register_content_version_models")
def versioned_models():
    # Followers show nowhere on the site: signing up changes no cached page.
    return [
        (Rating, visitor_data_scopes),
        (Comment, visitor_data_scopes),
        (Follower, lambda follower: ()),
    ]


@hooks.register("register_neutral_cookies")
def neutral_cookies():
    # The visitor cookie only chooses the own rating, which is filled in per request.
    return [VISITOR_COOKIE]


hooks.register("register_shared_response_fillers", shared_post_fillers)

for action in (ApproveBulkAction, RejectBulkAction, SpamBulkAction):
    hooks.register("register_bulk_action", action)


@hooks.register("register_admin_urls")
def register_reply_url():
    return [path("blog/comments/<int:comment_id>/reply/", reply_view, name="blog_reply_to_comment")]


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if can_moderate(request.user):
        panels.append(PendingCommentsPanel())


@hooks.register("register_permissions")
def register_moderation_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="practice_blog", codename="moderate_comments"
    )


# --------------------------------------------------------------------------------------------
# Ratings moderation
# --------------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_ratings_urls():
    return [
        path("blog/ratings/", ratings_admin.index_view, name="blog_ratings"),
        path("blog/ratings/<int:page_id>/", ratings_admin.post_view, name="blog_post_ratings"),
    ]


@hooks.register("register_admin_menu_item")
def register_ratings_menu_item():
    return ratings_admin.RatingsMenuItem(
        _("Ratings"), reverse_lazy("blog_ratings"), name="blog-ratings", icon_name="pick", order=255
    )


@hooks.register("register_page_header_buttons")
def add_ratings_button(page, user, view_name, next_url=None):
    yield from ratings_admin.ratings_button(page, user)


hooks.register("register_log_actions", ratings_admin.register_log_actions)


@hooks.register("register_permissions")
def register_ratings_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="practice_blog", codename="moderate_ratings"
    )


@hooks.register("insert_global_admin_css")
def blog_admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("practice_blog/admin.css"))
