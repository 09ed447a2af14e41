from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeCoreConfig(AppConfig):
    name = "practice_core"
    label = "practice_core"
    verbose_name = _("Practice core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Listed last in INSTALLED_APPS: every model, snippet and plugin hook exists by now.
        from . import versions

        versions.connect()
