"""Wagtail's page actions in API v3 answer a conflict as 409/422 problem+json, not a 500.

Wagtail 8.0.1's ``/api/v3/pages/{id}/actions/...`` routes let some refusals escape as server
errors (to be reported upstream, see docs/api-guide.md):

* ``copy_for_translation`` into a locale the page is already translated into: the database's
  unique (translation_key, locale) constraint fails (IntegrityError);
* ``copy`` and ``create_alias`` of the root page without a ``destination_id``: the root has no
  parent to put the copy under (AttributeError);
* ``move`` of the root page, or of a page under itself or one of its descendants.

:func:`install` wraps these views on Wagtail's router (before the API's URLs are built): the
user's permission is checked first, as Wagtail's view does, then a request that cannot succeed is
refused as ``409`` (it conflicts with an existing page) or ``422`` (it names an impossible
target), and any remaining integrity error of the action is a ``409``.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from ninja.errors import HttpError
from wagtail.api.v3.errors import as_validation_error
from wagtail.models import Locale, Page
from wagtail.permissions import policy_registry

from practice_core.openapi import declare_statuses

CONFLICT = 409


class ImpossibleTarget(Exception):
    """The action names a place the page cannot go."""


def _check_copy_for_translation(page, data):
    locale = Locale.objects.filter(language_code=getattr(data, "locale", None)).first()
    if locale is not None and page.get_translation_or_none(locale) is not None:
        raise HttpError(
            CONFLICT, f"This page already has a translation in {locale.language_code!r}."
        )


def _check_has_destination(page, data):
    if page.is_root() and getattr(data, "destination_id", None) is None:
        raise as_validation_error(
            ImpossibleTarget(), "The root page has no parent: give a destination_id.", ("body",)
        )


def _check_move(page, data):
    if page.is_root():
        raise as_validation_error(ImpossibleTarget(), "The root page cannot be moved.", ("body",))
    target = Page.objects.filter(pk=getattr(data, "destination_id", None)).first()
    if target is not None and target.path.startswith(page.path):
        raise as_validation_error(
            ImpossibleTarget(),
            "A page cannot be moved under itself or one of its descendants.",
            ("body", "destination_id"),
        )


# url_name of the action → (Wagtail's permission actions for it, the check before it runs)
CHECKS = {
    "pages_actions_copy_for_translation": (("add",), _check_copy_for_translation),
    "pages_actions_copy": (("add",), _check_has_destination),
    "pages_actions_create_alias": (("add",), _check_has_destination),
    "pages_actions_move": (("change",), _check_move),
}


def _guarded(view, permissions, check):
    @functools.wraps(view)
    def run(request, page_id, **kwargs):
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            policy = policy_registry.get_by_type(Page)
            if not policy.user_has_any_permission(request.user, permissions):
                raise PermissionDenied
            check(page, kwargs.get("data"))
        try:
            with transaction.atomic():
                return view(request, page_id=page_id, **kwargs)
        except IntegrityError as error:
            raise HttpError(CONFLICT, "This conflicts with an existing page.") from error

    return run


def _operations(router):
    for path_view in router.path_operations.values():
        yield from path_view.operations


def install() -> None:
    """Wrap Wagtail's page action views (idempotent; call from ``ready()``)."""
    from wagtail.api.v3.routers.pages import actions_router

    for operation_id in CHECKS:
        declare_statuses(operation_id, CONFLICT)

    found = set()
    for operation in _operations(actions_router):
        if operation.url_name not in CHECKS:
            continue
        found.add(operation.url_name)
        if getattr(operation.view_func, "_practice_guarded", False):
            continue
        permissions, check = CHECKS[operation.url_name]
        operation.view_func = _guarded(operation.view_func, permissions, check)
        operation.view_func._practice_guarded = True
    missing = set(CHECKS) - found
    if missing:
        raise LookupError(f"Wagtail's page actions router has no {sorted(missing)} route.")
