from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Routes must be added before the API's URLs are first read (ninja refuses later).
        from wagtail.api.v3.api import api

        from .api import register_public_snippet_routes, router

        api.add_router("/pages/", router)
        register_public_snippet_routes(api)  # headless API: /authors/, /categories/

        from django.db.models.signals import post_delete, post_save

        from . import signals  # noqa: F401 - connects the summary upkeep on deletes
        from .cache_purge import purge_after_comment_change
        from .models import Comment

        post_save.connect(purge_after_comment_change, sender=Comment, dispatch_uid="blog.purge_c")
        post_delete.connect(purge_after_comment_change, sender=Comment, dispatch_uid="blog.purge_d")
        # Cached pages and fragments follow the content versions: the blog registers its
        # models with practice_core's receivers in wagtail_hooks.py.
