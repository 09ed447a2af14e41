"""Which languages an admin user may change content in, and the refusal they get otherwise.

Wagtail checks permissions per model and per page subtree; it does not know that a snippet or a
comment has a language. A site that limits some users to some languages (the practice site's
translator teams) says so through the ``practice_locale_limits`` hook, so the plugins never import
the site::

    @hooks.register("practice_locale_limits")
    def translator_languages(user):
        return {locale ids the user may work in}, or None when this hook does not limit them

The plugins' admin views check :func:`may_change_locale` on the object they act on (and
:func:`is_locale_limited` for work shared by every language, such as checklist versions and
assessments) and answer with :func:`refusal`: a 403 page that says why, never Wagtail's silent
redirect to the dashboard.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

LOCALE_LIMITS_HOOK = "practice_locale_limits"
_CACHE_ATTRIBUTE = "_practice_locale_limits"


def locale_limits(user) -> frozenset[int] | None:
    """The ids of the locales ``user`` may change content in, or None when not limited.

    Superusers are never limited. With several hooks, a user is limited to what all allow.
    Cached on the user object (one request).
    """
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    if hasattr(user, _CACHE_ATTRIBUTE):
        return getattr(user, _CACHE_ATTRIBUTE)
    limits = None
    for hook in hooks.get_hooks(LOCALE_LIMITS_HOOK):
        allowed = hook(user)
        if allowed is None:
            continue
        allowed = frozenset(allowed)
        limits = allowed if limits is None else limits & allowed
    setattr(user, _CACHE_ATTRIBUTE, limits)
    return limits


def is_locale_limited(user) -> bool:
    """True for a user limited to some languages (they may not change what all languages share)."""
    return locale_limits(user) is not None


def _locale_id(locale) -> int | None:
    return getattr(locale, "pk", locale)


def may_change_locale(user, locale) -> bool:
    """May ``user`` change content in ``locale`` (a Locale or its id)?"""
    limits = locale_limits(user)
    return limits is None or _locale_id(locale) in limits


def source_locale() -> Locale:
    """The locale of the site's source language (settings.LANGUAGE_CODE)."""
    return Locale.get_default()


def language_names(locale_ids) -> str:
    """The display names of these locales, in the active language, joined with commas."""
    names = [
        locale.get_display_name() or locale.language_code
        for locale in Locale.objects.filter(pk__in=list(locale_ids)).order_by("language_code")
    ]
    return ", ".join(str(name) for name in names)


def other_language_message(user, locale) -> str:
    """Why a language-limited user may not act on something in ``locale``."""
    target = locale if isinstance(locale, Locale) else Locale.objects.filter(pk=locale).first()
    return _("This is in %(language)s; you may only change content in %(languages)s.") % {
        "languages": language_names(locale_limits(user) or ()),
        "language": target.get_display_name() if target else "?",
    }


def refusal(request, message: str, status: int = 403, *, name_languages=True) -> TemplateResponse:
    """An admin page that refuses the request and says why (403 unless told otherwise).

    For a user limited to some languages the page also names them (unless the message does).
    """
    limits = locale_limits(request.user) if name_languages else None
    return TemplateResponse(
        request,
        "practice_core/admin/refusal.html",
        {
            "header_title": _("Not allowed"),
            "page_title": _("Not allowed"),
            "message": message,
            "languages": language_names(limits) if limits is not None else "",
        },
        status=status,
    )


def refuse_other_locale(request, locale):
    """None when the user may act in ``locale``; else the 403 that says whose language it is."""
    if may_change_locale(request.user, locale):
        return None
    return refusal(request, other_language_message(request.user, locale), name_languages=False)


def refuse_shared_work(request):
    """None for users not limited to languages; else the 403 for work every language shares."""
    if not is_locale_limited(request.user):
        return None
    return refusal(
        request,
        _("This changes what every language shares, so it is left to the site's editors."),
    )


class SharedContentPermissionPolicy(ModelPermissionPolicy):
    """Model permissions for content every language shares (assessments, their answers):
    users limited to some languages get none of them, whatever their groups grant."""

    def user_has_permission(self, user, action):
        return not is_locale_limited(user) and super().user_has_permission(user, action)


# Wagtail's admin turns a PermissionDenied into this message and a redirect to the dashboard.
WAGTAIL_DENIED_MESSAGE = "Sorry, you do not have permission to access this area."


def _wagtail_denied_texts() -> set[str]:
    texts = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.add(translation.gettext(WAGTAIL_DENIED_MESSAGE))
    return texts


def _refuse_area(request):
    return refusal(request, _("This part of the admin is not open to you."))


def _has_locale(model) -> bool:
    try:
        field = model._meta.get_field("locale")
    except Exception:
        return False
    return getattr(field, "related_model", None) is Locale


class LocaleLimitsMiddleware:
    """Admin refusals for users limited to some languages: a 403 that names their languages.

    - A Wagtail page action (edit, history, delete, move, copy, unpublish, revisions, the
      explorer...) on a page in another language is refused before Wagtail's view runs.
    - Any per-object admin view (``<pk>`` in the URL) of a model with a ``locale`` (snippets,
      comments, evidence translations...) on an object in another language is refused too.
    - Anything else Wagtail refuses such a user (its redirect to the dashboard with "Sorry, you do
      not have permission...") becomes the same 403 page, so refusals are consistent.

    Users not limited to languages see Wagtail's behaviour unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_practice_admin_request", False) and response.status_code == 302:
            return self._explain_wagtail_refusal(request, response)
        return response

    @staticmethod
    def _admin_root():
        from django.urls import reverse

        return reverse("wagtailadmin_home")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(self._admin_root()):
            return None
        user = getattr(request, "user", None)
        if not is_locale_limited(user):
            return None
        request._practice_admin_request = True
        locale_id = self._target_locale_id(request, view_func, view_kwargs)
        if locale_id is None:
            return None
        from wagtail.admin.localization import get_localized_response

        return get_localized_response(refuse_other_locale, request, locale_id)

    def _target_locale_id(self, request, view_func, kwargs):
        from django.contrib.admin.utils import unquote
        from wagtail.models import Page

        match = request.resolver_match
        if match is not None and (
            "wagtailadmin_pages" in match.namespaces or match.url_name == "wagtailadmin_explore"
        ):
            page_id = kwargs.get("page_id", kwargs.get("parent_page_id"))
            if page_id is None:
                return None
            row = Page.objects.filter(pk=page_id).values_list("locale_id", "depth").first()
            # The tree's root belongs to no language: exploring it is how one reaches one's own.
            return row[0] if row and row[1] > 1 else None
        model = getattr(view_func, "view_initkwargs", {}).get("model") or getattr(
            getattr(view_func, "view_class", None), "model", None
        )
        if model is None or "pk" not in kwargs or not _has_locale(model):
            return None
        try:
            return (
                model._default_manager.filter(pk=unquote(str(kwargs["pk"])))
                .values_list("locale_id", flat=True)
                .first()
            )
        except (ValueError, TypeError, DjangoValidationError):
            return None  # not a valid key: the view answers 404

    def _explain_wagtail_refusal(self, request, response):
        from django.contrib import messages

        if response.get("Location") != self._admin_root() or request.path == self._admin_root():
            return response
        storage = messages.get_messages(request)
        queued = getattr(storage, "_queued_messages", [])
        denied = _wagtail_denied_texts()
        kept = [message for message in queued if str(message.message).strip() not in denied]
        if len(kept) == len(queued):
            return response
        storage._queued_messages = kept
        from wagtail.admin.localization import get_localized_response

        return get_localized_response(_refuse_area, request).render()
