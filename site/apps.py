from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeSiteConfig(AppConfig):
    name = "practice_site"
    label = "practice_site"
    verbose_name = _("Practice site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/", router)

        from practice_core.openapi import describe

        describe(api)

        from . import public_redirects

        public_redirects.install()

        from . import page_actions

        page_actions.install()

        from . import cache_purge

        cache_purge.connect()

        from . import translation_publishing

        translation_publishing.install()
