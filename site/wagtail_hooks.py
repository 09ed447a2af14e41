"""Admin integration of the project layer: the translation status report and translator limits."""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)

from practice_core.permissions import (
    LOCALE_LIMITS_HOOK,
    is_locale_limited,
    locale_limits,
    refusal,
    refuse_other_locale,
    source_locale,
)

from . import enquiries
from .emails import practice_sender
from .models import PracticeDetails
from .preview import make_preview_token, max_age
from .reports import TranslationStatusView
from .scheduling import add_late_publishing_panel
from .translation_publishing import SyncWithoutPublishingView, refuse_incomplete_publish
from .translation_status import waiting_work
from .translators import translator_locale_ids

hooks.register("practice_email_sender", practice_sender)


@hooks.register("practice_publisher")
def practice_publisher(request):
    """Who publishes the site's articles (the blog's structured data and link previews): the
    practice's name, its home page in the request's language, its logo and default share image."""
    from wagtail.models import Site

    from .models import PracticeSettings

    site = Site.find_for_request(request)
    if site is None:
        return None
    practice = PracticeSettings.for_site(site)
    home = site.root_page.localized
    return {
        "name": practice.practice_name or site.site_name,
        "url": home.get_full_url(request),
        "logo": practice.logo,
        "share_image": practice.default_share_image,
    }


# Pages whose go-live time has passed but are still not live (the scheduler is not running).
hooks.register("construct_homepage_panels", add_late_publishing_panel)

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
# The plugins and the core learn a user's languages through this hook (practice_core.permissions);
# the core's LocaleLimitsMiddleware refuses other languages' pages and objects with a 403.


@hooks.register(LOCALE_LIMITS_HOOK)
def translator_languages(user):
    return translator_locale_ids(user)


def _refuse_other_locales(request, instances):
    for instance in instances:
        refused = refuse_other_locale(request, getattr(instance, "locale_id", None))
        if refused is not None:
            return refused
    return None


@hooks.register("before_edit_snippet", order=-20)
def limit_snippet_edits_to_translators_language(request, instance):
    return _refuse_other_locales(request, [instance])


@hooks.register("before_delete_snippet")
def limit_snippet_deletes_to_translators_language(request, instances):
    return _refuse_other_locales(request, instances)


@hooks.register("before_create_snippet")
def limit_snippet_creation_to_translators_language(request, model):
    if not is_locale_limited(request.user) or not issubclass(model, TranslatableMixin):
        return None
    code = request.GET.get("locale") or request.POST.get("locale")
    locale = Locale.objects.filter(language_code=code).first() if code else None
    if locale is None:
        return refusal(request, _("Choose the language you work in before adding one."))
    return refuse_other_locale(request, locale)


def _refuse_page_deletion(request):
    if not is_locale_limited(request.user):
        return None
    return refusal(
        request,
        _(
            "Deleting a page (and its visitors' comments) is left to the site's editors; "
            "unpublish it or ask an editor."
        ),
    )


@hooks.register("before_delete_page")
def keep_page_deletion_for_editors(request, page):
    return _refuse_page_deletion(request)


@hooks.register("before_bulk_action")
def keep_bulk_page_deletion_for_editors(request, action_type, objects, action_class_instance):
    if action_type == "delete" and any(isinstance(obj, Page) for obj in objects):
        return _refuse_page_deletion(request)
    return None


@hooks.register("construct_page_listing_buttons")
def hide_page_deletion_from_translators(buttons, page, user, context=None):
    if not is_locale_limited(user):
        return
    delete_url = reverse("wagtailadmin_pages:delete", args=[page.pk])

    def keep(button):
        return not (getattr(button, "url", "") or "").startswith(delete_url)

    buttons[:] = [button for button in buttons if keep(button)]
    for button in buttons:
        dropdown = getattr(button, "dropdown_buttons", None)
        if isinstance(dropdown, list):
            dropdown[:] = [item for item in dropdown if keep(item)]


@hooks.register("construct_page_chooser_queryset")
def limit_translators_page_chooser(pages, request):
    """A translator chooses among their language's pages and the source's public pages."""
    allowed = locale_limits(request.user)
    if allowed is None:
        return pages
    source_public = pages.filter(locale=source_locale()).public().live()
    return pages.filter(
        Q(locale_id__in=allowed) | Q(pk__in=source_public.values("pk")) | Q(depth=1)
    )


def _is_public(instance) -> bool:
    if isinstance(instance, Page):
        return instance.live and not instance.get_view_restrictions().exists()
    return not isinstance(instance, DraftStateMixin) or instance.live


class _LimitTargetLocales:
    """A translator submits only public content, into their own language, without its subtree
    (which may hold drafts and private pages)."""

    def dispatch(self, request, *args, **kwargs):
        if is_locale_limited(request.user) and not _is_public(self.get_object()):
            return refusal(
                request,
                _("Only published, public content can be submitted for translation."),
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        allowed = locale_limits(self.request.user)
        if allowed is not None:
            field = form.fields["locales"]
            field.queryset = field.queryset.filter(pk__in=allowed)
            subtree = form.fields.get("include_subtree")
            if subtree is not None:
                subtree.disabled, subtree.initial = True, False
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
        # "Sync translated pages" without its "publish immediately" box (translation_publishing).
        path(
            "localize/update/<int:translation_source_id>/",
            SyncWithoutPublishingView.as_view(),
            name="practice_update_translations",
        ),
    ]


# Nothing untranslated goes live: the translation editor's Publish needs every segment. These run
# before wagtail-localize's own hooks, which hand the request to its editor.
hooks.register("before_edit_page", refuse_incomplete_publish, order=-10)
hooks.register("before_edit_snippet", refuse_incomplete_publish, order=-10)


# Headless preview ----------------------------------------------------------------------------


def headless_preview(request, page_id):
    """Mint a preview token for a page the editor may edit, and send them to the front end."""
    page = get_object_or_404(Page, pk=page_id).specific
    if page.is_root() or not page.permissions_for_user(request.user).can_edit():
        return refuse_other_locale(request, page.locale_id) or refusal(
            request, _("You may not edit this page, so you cannot preview its draft.")
        )
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


# The translator's dashboard ---------------------------------------------------------------------


class TranslatorWorkPanel(Component):
    """A dashboard panel for a translator: their languages' waiting work, most urgent first."""

    name = "translator_work"
    order = 50
    template_name = "practice_site/admin/translator_work_panel.html"
    shown = 10
    urgency = {"source_changed": 0, "ready": 1, "in_progress": 2, "missing": 3}

    def __init__(self, locale_ids):
        self.locale_ids = locale_ids

    def get_context_data(self, parent_context):
        work = sorted(
            waiting_work(self.locale_ids),
            key=lambda pair: (self.urgency.get(pair[1].status, 9), pair[0].title.lower()),
        )
        languages = Locale.objects.filter(pk__in=self.locale_ids).order_by("language_code")
        return {
            "count": len(work),
            "work": work[: self.shown],
            "languages": ", ".join(str(locale.get_display_name()) for locale in languages),
            "several": len(self.locale_ids) > 1,
            "report_url": reverse("translation_status"),
        }


@hooks.register("construct_homepage_panels")
def add_translator_work_panel(request, panels):
    limits = locale_limits(request.user)
    if limits:
        panels.append(TranslatorWorkPanel(sorted(limits)))


@hooks.register("construct_homepage_summary_items", order=100)
def name_the_summary_after_the_practice(request, items):
    """The dashboard's "N pages (images, documents) created in …" names the practice, not
    ``WAGTAIL_SITE_NAME`` (Wagtail falls back to it when a user's pages span several homes)."""
    from .templatetags.practice_tags import practice_admin_name

    name = practice_admin_name({"request": request})

    def named(get_context_data):
        def get_context(parent_context):
            context = get_context_data(parent_context)
            if "site_name" in context:
                context["site_name"] = name
            return context

        return get_context

    for item in items:
        item.get_context_data = named(item.get_context_data)


class PracticeDetailsViewSet(SnippetViewSet):
    """The practice's translated details (tagline, address, crisis note), listed under Settings
    beside Practice settings, so everything site-wide is in one menu."""

    model = PracticeDetails
    icon = "site"
    menu_label = _("Practice details")
    menu_name = "practice-details"
    add_to_settings_menu = True
    menu_order = 99  # beside Practice settings (98), at the top of the menu


register_snippet(PracticeDetailsViewSet)
