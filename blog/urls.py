"""The blog's own URLs outside the page tree: following the journal and links in emails.

Include them under a language prefix, e.g. ``path("mail/", include("practice_blog.urls"))`` in
``i18n_patterns``: the prefix is the language of the pages and emails they lead to.
"""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "stop-reply-emails/<str:token>/",
        views.stop_reply_emails,
        name="blog_stop_reply_emails",
    ),
    path("follow/<int:index_id>/", views.follow_journal, name="blog_follow"),
    path("follow/<int:index_id>/check-your-email/", views.follow_sent, name="blog_follow_sent"),
    path("follow/confirm/<str:token>/", views.confirm_follow, name="blog_confirm_follow"),
    path("follow/stop/<str:token>/", views.stop_following, name="blog_stop_following"),
]
