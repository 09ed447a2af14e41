from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "practice_blog"
    label = "practice_blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Routes must be added before the API's URLs are first read (ninja refuses later).
        from wagtail.api.v3.api import api

        from .api import register_public_snippet_routes, router

        api.add_router("/pages/", router)
        register_public_snippet_routes(api)  # headless API: /authors/, /categories/

        from . import signals  # noqa: F401 - connects the blog's receivers (blog/signals.py)
