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
        from .models import Comment
        from .rendering import bump_comments_version

        post_save.connect(bump_comments_version, sender=Comment, dispatch_uid="blog.comments_v")
        from .cache_purge import purge_after_comment_change

        post_save.connect(purge_after_comment_change, sender=Comment, dispatch_uid="blog.purge_c")
        post_delete.connect(purge_after_comment_change, sender=Comment, dispatch_uid="blog.purge_d")
        post_delete.connect(bump_comments_version, sender=Comment, dispatch_uid="blog.comments_vd")

        # Cached post parts (blog.caching) show other posts, authors and categories.
        from django.apps import apps
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.models import Locale, Page, Site, TranslatableMixin
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .caching import bump_after_site_data_change, bump_content_version

        SITE_DATA_BASES = (TranslatableMixin, BaseGenericSetting, BaseSiteSetting, Locale, Site)

        page_signals = {"pub": page_published, "unpub": page_unpublished, "move": post_page_move}
        for name, signal in page_signals.items():
            signal.connect(bump_content_version, dispatch_uid=f"blog.content_v.{name}")
        post_delete.connect(bump_content_version, sender=Page, dispatch_uid="blog.cv_del")
        # post_save is sent for every model anyway; deletes are connected model by model, since a
        # receiver for every sender would stop Django's fast bulk deletes everywhere.
        post_save.connect(bump_after_site_data_change, dispatch_uid="blog.cv_site_save")
        for model in apps.get_models():
            if issubclass(model, SITE_DATA_BASES) and not issubclass(model, Page):
                post_delete.connect(
                    bump_after_site_data_change, sender=model, dispatch_uid=f"blog.cv_del.{model}"
                )
