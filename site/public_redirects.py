"""Wagtail's redirects API (``/api/v3/redirects/``) shows visitors only redirects to public pages.

Wagtail's list, detail and find routes of redirects are public reads and show every redirect, so
anyone could list the paths of password-protected, private and unpublished pages
(``/en/journal/secret-pw`` → page 64). For a request without redirect permissions (anonymous,
or a token whose user cannot add, change or delete redirects) these routes now show only
redirects whose target is public: an external link, or a live page with no view restriction on
it or any of its ancestors. Any other redirect is a 404, like an unknown id. Editors' tokens
still see every redirect, as in the admin.

The routes stay Wagtail's (paths, parameters, schemas, ordering and paging); :func:`install`
wraps their views on Wagtail's router before the API's URLs are built.
"""

from __future__ import annotations

import functools

from django.db.models import Q
from django.http import Http404
from ninja.pagination import paginate
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction
from wagtail.permissions import policy_registry

EDITING_ACTIONS = ("add", "change", "delete")


def sees_every_redirect(user) -> bool:
    """Whether ``user`` manages redirects (and so may see those to non-public pages)."""
    if user is None or not user.is_authenticated:
        return False
    return policy_registry.get_by_type(Redirect).user_has_any_permission(user, EDITING_ACTIONS)


def public_pages():
    """Live pages with no view restriction (password, sign-in, groups) on them or an ancestor."""
    pages = Page.objects.live()
    restricted_paths = PageViewRestriction.objects.values_list("page__path", flat=True)
    for path in restricted_paths:
        pages = pages.exclude(path__startswith=path)
    return pages


def public_redirects(queryset):
    """The redirects of ``queryset`` a visitor may know about: external links and redirects to
    public pages."""
    return queryset.filter(
        Q(redirect_page__isnull=True) | Q(redirect_page__in=public_pages().values("pk"))
    )


def visible_to(request, queryset):
    if sees_every_redirect(getattr(request, "user", None)):
        return queryset
    return public_redirects(queryset)


def _operation(router, url_name):
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if operation.url_name == url_name:
                return operation
    raise LookupError(f"Wagtail's redirects router has no {url_name!r} route.")


def _restricted_list(view):
    """The list view, filtered before Wagtail's paging (so counts and pages stay right)."""
    list_all = view.__wrapped__

    @functools.wraps(list_all)
    def list_visible(request, **kwargs):
        return visible_to(request, list_all(request, **kwargs))

    # The same paging as Wagtail's view, applied to the filtered queryset.
    return paginate(WagtailLimitOffsetPagination, pass_parameter="pagination_info")(list_visible)  # noqa: S106


def _restricted_detail(view):
    @functools.wraps(view)
    def detail_if_visible(request, redirect_id, **kwargs):
        if not visible_to(request, Redirect.objects.filter(pk=redirect_id)).exists():
            raise Http404(f"No {Redirect._meta.object_name} matches the given query.")
        return view(request, redirect_id=redirect_id, **kwargs)

    return detail_if_visible


def _restricted_find(view):
    @functools.wraps(view)
    def find_if_visible(request, id=None, html_path=None, **kwargs):  # noqa: A002 - Wagtail's name
        # The redirect Wagtail's find would answer with, looked up the same way.
        found = get_redirect(request, html_path) if html_path else None
        if found is None and id:
            found = Redirect.objects.filter(pk=id).first()
        visible = visible_to(request, Redirect.objects.filter(pk=found.pk)) if found else None
        if found is not None and not visible.exists():
            raise Http404(f"No {Redirect._meta.object_name} matches the given query.")
        return view(request, id=id, html_path=html_path, **kwargs)

    return find_if_visible


def install() -> None:
    """Wrap the public read views of Wagtail's redirects router (idempotent; call from
    ``ready()``, before anything reads ``api.urls``)."""
    from wagtail.contrib.redirects.api.v3.router import router

    for url_name, restrict in (
        ("list_redirects", _restricted_list),
        ("detail_redirect", _restricted_detail),
        ("find_redirect", _restricted_find),
    ):
        operation = _operation(router, url_name)
        if getattr(operation.view_func, "_practice_public_only", False):
            continue
        operation.view_func = restrict(operation.view_func)
        operation.view_func._practice_public_only = True
