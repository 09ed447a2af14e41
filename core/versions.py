"""Content versions: how a change reaches every cache.

Every cached value (a page's HTML, a fragment, an API answer, the site's header and footer) is
stored under a key that carries the numbers of the *scopes* it was built from
(:func:`practice_core.cache.make_key`). A scope is a row of :class:`~practice_core.models.
ContentVersion`:

- ``content`` -- anything an editor changes: a page published, unpublished, moved or deleted, a
  view restriction set or removed, a snippet, setting, image, document, site or locale saved or
  deleted, and every model a plugin registers with the ``register_content_version_models`` hook;
- narrower scopes a plugin names for data that changes often and shows in few places (the blog:
  one post's ratings and comments, ``practice_blog.post:<translation key>``, and
  ``practice_blog.activity`` for
  the journal's cards).

The receivers below give a scope a new number **in the same transaction as the change** (one
``INSERT ... ON CONFLICT`` statement), and a request reads the numbers from the database before
it reads anything else (one query, remembered for the rest of the request). So a change shows in
the very next request on every worker and every server, with Redis or with one local-memory
cache per worker; entries under old numbers are never read again and simply expire.

A number is random rather than counted up, so a database restored or recreated (tests, a backup)
never meets cache entries made for another database's equal number.

Plugins register their models from ``wagtail_hooks.py``::

    @hooks.register("register_content_version_models")
    def versioned_models():
        return [Assessment, (Rating, lambda rating: ["practice_blog.activity", ...])]

An entry is a model (its changes raise ``content``) or ``(model, scopes_of)`` where
``scopes_of(instance)`` names the scopes a change of that instance raises. A model that is an
automatically created many-to-many table is followed through ``m2m_changed``. Writes that send no
signal (``QuerySet.update()``, raw SQL) call :func:`bump` themselves, in their transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save

CONTENT = "content"
HOOK = "register_content_version_models"

# The numbers this request has read (or written), so that each scope is read once per request
# and every cache used by one request sees the same state. None outside a request: every read
# then goes to the database.
_request_numbers: ContextVar[dict | None] = ContextVar("practice_versions", default=None)


@contextmanager
def request_scope():
    """Remember the numbers read while the block runs (one request; see the middleware)."""
    token = _request_numbers.set({})
    try:
        yield
    finally:
        _request_numbers.reset(token)


def _model():
    from .models import ContentVersion

    return ContentVersion


def read(*scopes: str) -> tuple[int, ...]:
    """The current numbers of ``scopes``, in order (0 for a scope never changed).

    At most one query per request for all the scopes asked together; scopes already read in this
    request cost nothing.
    """
    memo = _request_numbers.get()
    missing = [scope for scope in scopes if memo is None or scope not in memo]
    found = {}
    if missing:
        found = dict(_model().objects.filter(scope__in=missing).values_list("scope", "number"))
        found = {scope: found.get(scope, 0) for scope in missing}
        if memo is not None:
            memo.update(found)
    return tuple(found[scope] if scope in found else memo[scope] for scope in scopes)


def remember(scope: str, number: int) -> None:
    """Record a scope's number read by another statement (e.g. joined to the rows it versions,
    so both come from one snapshot); the first number a request sees is the one it keeps."""
    memo = _request_numbers.get()
    if memo is not None and scope not in memo:
        memo[scope] = number


def current(scope: str = CONTENT) -> int:
    """The number of one scope (see :func:`read`)."""
    return read(scope)[0]


def bump(*scopes: str) -> None:
    """Give ``scopes`` (default: ``content``) new numbers, in the caller's transaction.

    One statement whatever the number of scopes; the rows are locked in sorted order, so two
    transactions bumping overlapping scopes never deadlock.
    """
    scopes = sorted(set(scopes or (CONTENT,)))
    model = _model()
    alias = router.db_for_write(model)
    connection = connections[alias]
    qn = connection.ops.quote_name
    table, scope_column, number_column = (
        qn(model._meta.db_table),
        qn(model._meta.get_field("scope").column),
        qn(model._meta.get_field("number").column),
    )
    numbers = {scope: secrets.randbits(62) + 1 for scope in scopes}
    values = ", ".join(["(%s, %s)"] * len(scopes))
    sql = (
        f"INSERT INTO {table} ({scope_column}, {number_column}) VALUES {values}"  # noqa: S608 - quoted names of our own table; values are parameters
        f" ON CONFLICT ({scope_column}) DO UPDATE SET {number_column} = excluded.{number_column}"
    )
    parameters = [item for scope in scopes for item in (scope, numbers[scope])]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
    memo = _request_numbers.get()
    if memo is not None:
        memo.update(numbers)


# --- the one set of receivers ------------------------------------------------------------------


def _content_scopes(instance) -> Iterable[str]:
    return (CONTENT,)


def versioned_models() -> dict[type, Callable]:
    """Every model whose changes raise a scope, with the function naming the scopes.

    Wagtail's own content (view restrictions, every setting, snippet and translatable model,
    images, documents, sites, locales) raises ``content``; plugins add theirs through the hook.
    Pages themselves are followed through their publication signals, not their saves: saving a
    draft changes nothing a visitor sees.
    """
    from wagtail import hooks
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site, TranslatableMixin
    from wagtail.snippets.models import get_snippet_models

    bases = (TranslatableMixin, BaseGenericSetting, BaseSiteSetting)
    content = {
        model
        for model in apps.get_models()
        if issubclass(model, bases) and not issubclass(model, Page)
    }
    content |= {PageViewRestriction, Locale, Site, get_image_model(), get_document_model()}
    content |= {model for model in get_snippet_models() if not issubclass(model, Page)}
    registry = dict.fromkeys(content, _content_scopes)
    for hook in hooks.get_hooks(HOOK):
        for entry in hook():
            model, scopes_of = entry if isinstance(entry, tuple) else (entry, _content_scopes)
            registry[model] = scopes_of
    return registry


def _bump_for(registry, sender, instance):
    scopes_of = registry.get(sender)
    if scopes_of is not None:
        scopes = tuple(scopes_of(instance))
        if scopes:
            bump(*scopes)


def _page_changed(sender, **kwargs):
    bump(CONTENT)


def connect() -> None:
    """Connect the receivers (``PracticeCoreConfig.ready``, after every other app's ``ready``)."""
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    registry = versioned_models()

    def instance_changed(sender, instance, **kwargs):
        _bump_for(registry, sender, instance)

    def links_changed(sender, instance, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            _bump_for(registry, sender, instance)

    # Kept alive by the module: signals hold receivers weakly unless told otherwise.
    connect.receivers = (instance_changed, links_changed)
    page_published.connect(_page_changed, dispatch_uid="practice_versions.published")
    page_unpublished.connect(_page_changed, dispatch_uid="practice_versions.unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="practice_versions.moved")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="practice_versions.page_deleted")
    # Connected model by model: a receiver for every sender would stop Django's fast deletes.
    for model in registry:
        uid = f"practice_versions.{model._meta.label_lower}"
        if model._meta.auto_created:
            m2m_changed.connect(links_changed, sender=model, dispatch_uid=f"{uid}.m2m")
            continue
        post_save.connect(instance_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(instance_changed, sender=model, dispatch_uid=f"{uid}.delete")
