"""The blog's own URLs outside the page tree: links in emails (include them under a language
prefix, e.g. ``path("mail/", include("blog.urls"))`` in ``i18n_patterns``)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "stop-reply-emails/<str:token>/",
        views.stop_reply_emails,
        name="blog_stop_reply_emails",
    ),
    path("follow/confirm/<str:token>/", views.confirm_follow, name="blog_confirm_follow"),
    path("follow/stop/<str:token>/", views.stop_following, name="blog_stop_following"),
]
