"""Admin integration of the project layer: the translation status report and translator limits."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)

from .reports import TranslationStatusView
from .translators import translator_locale_ids


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationStatusView.as_view(),
            name="translation_status",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusView.as_view(results_only=True),
            name="translation_status_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse("translation_status"),
        name="translation-status",
        icon_name="globe",
        order=1000,
    )


# Translator limits ---------------------------------------------------------------------------


def _forbidden(request, message):
    # Wagtail's admin would turn PermissionDenied into a redirect to the dashboard; a translator
    # reaching for another language's content gets a plain 403 that says why.
    return permission_denied(request, PermissionDenied(message))


def _refuse_other_locales(request, instances):
    allowed = translator_locale_ids(request.user)
    if allowed is None:
        return None
    for instance in instances:
        if getattr(instance, "locale_id", None) not in allowed:
            return _forbidden(
                request, _("Translators may only change content in their own language.")
            )
    return None


@hooks.register("before_edit_snippet")
def limit_snippet_edits_to_translators_language(request, instance):
    return _refuse_other_locales(request, [instance])


@hooks.register("before_delete_snippet")
def limit_snippet_deletes_to_translators_language(request, instances):
    return _refuse_other_locales(request, instances)


@hooks.register("before_create_snippet")
def limit_snippet_creation_to_translators_language(request, model):
    allowed = translator_locale_ids(request.user)
    if allowed is None or not issubclass(model, TranslatableMixin):
        return None
    code = request.GET.get("locale") or request.POST.get("locale")
    locale = Locale.objects.filter(language_code=code).first() if code else None
    if locale is None or locale.pk not in allowed:
        return _forbidden(request, _("Translators may only create content in their own language."))
    return None


class _LimitTargetLocales:
    """Offer (and accept) only the translator's own language as a target."""

    def get_form(self):
        form = super().get_form()
        allowed = translator_locale_ids(self.request.user)
        if allowed is not None:
            field = form.fields["locales"]
            field.queryset = field.queryset.filter(pk__in=allowed)
        return form


class TranslatorSubmitPageTranslationView(_LimitTargetLocales, SubmitPageTranslationView):
    pass


class TranslatorSubmitSnippetTranslationView(_LimitTargetLocales, SubmitSnippetTranslationView):
    pass


@hooks.register("register_admin_urls")
def register_limited_submit_translation_urls():
    # Same paths as wagtail-localize's own submit views (and so the same reversed URLs); this
    # app's hooks run first, so these views answer. They only narrow the choice of languages.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            TranslatorSubmitPageTranslationView.as_view(),
            name="practice_submit_page_translation",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            TranslatorSubmitSnippetTranslationView.as_view(),
            name="practice_submit_snippet_translation",
        ),
    ]
