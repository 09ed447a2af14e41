"""Purge a post from the frontend cache (CDN) when visitors change what it shows.

A new or changed rating changes the post's summary; an approved, edited or removed comment changes
its comment list. With Wagtail's frontend cache configured (``WAGTAILFRONTENDCACHE``), the post's
page in every language and its API detail and comments routes are purged once the change is
committed. Without it, nothing happens.
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from practice_core.sites import site_of


def post_urls(translation_key) -> list[str]:
    urls = []
    for page in Page.objects.live().filter(translation_key=translation_key):
        url = page.get_full_url()
        if not url:
            continue
        urls.append(url)
        site = site_of(page)
        root = site.root_url if site else ""
        urls.append(f"{root}/api/v3/pages/{page.pk}/")
        urls.append(f"{root}/api/v3/pages/{page.pk}/comments/")
    return urls


def purge_post(translation_key) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return

    def purge():
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(post_urls(translation_key))

    transaction.on_commit(purge)


def purge_after_comment_change(sender, instance, **kwargs):
    """Signal receiver: a new comment held for moderation changes nothing visitors see."""
    if kwargs.get("created") and instance.status == instance.Status.PENDING:
        return
    purge_post(instance.translation_key)
