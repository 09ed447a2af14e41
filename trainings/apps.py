from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "practice_trainings"
    label = "practice_trainings"
    verbose_name = _("Trainings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (connects the score-keeping receivers)

        # The API routes are added here, before anything reads ``api.urls``; never from models.
        try:
            from .api import register_routes
        except ImportError:  # wagtail.api.v3 not installed: the HTML site still works
            return
        register_routes()
