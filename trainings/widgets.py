"""Admin widgets of the trainings plugin."""

from django.urls import reverse
from wagtail.admin.widgets import AdminPageChooser


class TrainingChooser(AdminPageChooser):
    """A page chooser for trainings that opens at the training directory, not at the root.

    With a directory per language, the trainings' common ancestor is the root, where Wagtail's
    chooser would start. An empty chooser opens at the directory in the default language; a
    chosen training opens at its own directory, as usual.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("target_models", ["practice_trainings.TrainingPage"])
        super().__init__(**kwargs)

    def get_context(self, name, value_data, attrs):
        context = super().get_context(name, value_data, attrs)
        if not value_data:
            # Wagtail's page chooser script opens the modal at the URL given here; with a
            # value it appends the chosen page's parent itself.
            directory = directory_for_chooser()
            if directory is not None:
                context["chooser_url"] = reverse("wagtailadmin_choose_page_child", args=[directory])
        return context


def directory_for_chooser() -> int | None:
    """The primary key of the training directory in the default language, else any."""
    from django.conf import settings

    from .models import TrainingIndexPage

    directories = TrainingIndexPage.objects.order_by("path")
    default = directories.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    chosen = default or directories.first()
    return chosen.pk if chosen is not None else None
