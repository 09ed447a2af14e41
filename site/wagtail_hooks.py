"""Admin integration of the project layer: the translation status report and translator limits."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)

from . import enquiries
from .emails import practice_sender
from .preview import make_preview_token, max_age
from .reports import TranslationStatusView
from .translators import translator_locale_ids

hooks.register("practice_email_sender", practice_sender)

# Enquiries (the contact page's form): who reads them, forgetting them.
hooks.register("filter_form_submissions_for_user", enquiries.filter_readable_forms)
hooks.register("purge_visitor_data", enquiries.purge)
hooks.register("erase_visitor_data", enquiries.erase)


@hooks.register("register_permissions")
def register_enquiry_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="practice_site", codename="read_enquiries"
    )


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


@hooks.register("register_admin_urls", order=-100)
def register_limited_submit_translation_urls():
    # Same paths as wagtail-localize's own submit views (and so the same reversed URLs); the
    # hook's order puts them first, so these views answer. They only narrow the choice of
    # languages.
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


# Headless preview ----------------------------------------------------------------------------


def headless_preview(request, page_id):
    """Mint a preview token for a page the editor may edit, and send them to the front end."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    token = make_preview_token(page)
    front_end = getattr(settings, "HEADLESS_PREVIEW_URL", "")
    api_url = request.build_absolute_uri(f"/api/v3/preview/?{urlencode({'token': token})}")
    if front_end:
        separator = "&" if "?" in front_end else "?"
        return redirect(f"{front_end}{separator}{urlencode({'preview': token, 'page': page.pk})}")
    return TemplateResponse(
        request,
        "practice_site/admin/headless_preview.html",
        {"page": page, "token": token, "api_url": api_url, "max_age": max_age()},
    )


@hooks.register("register_admin_urls")
def register_headless_preview_url():
    return [
        path("headless-preview/<int:page_id>/", headless_preview, name="headless_preview"),
    ]


@hooks.register("register_page_header_buttons")
def headless_preview_button(page, user, view_name, next_url=None):
    if page.is_root() or not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Headless preview"),
        reverse("headless_preview", args=[page.pk]),
        icon_name="view",
        priority=90,
    )
