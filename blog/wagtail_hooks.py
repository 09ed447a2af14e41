"""Admin wiring: the moderation viewset, its permission policy, bulk actions and dashboard."""

from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import privacy
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

    return Permission.objects.filter(content_type__app_label="blog", codename="moderate_comments")
