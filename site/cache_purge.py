"""Purge the API's copies of a page from the frontend cache when the page changes.

Wagtail's frontend cache app purges a page's HTML URLs on publish and unpublish; a CDN in front
of the API also holds ``/api/v3/pages/<id>/``, which it would keep serving until it expires.
"""

from django.conf import settings
from wagtail.signals import page_published, page_unpublished

from practice_core.sites import site_of


def api_urls_for_page(page) -> list[str]:
    site = site_of(page)
    if site is None:
        return []
    return [f"{site.root_url}/api/v3/pages/{page.pk}/"]


def purge_page_api_urls(sender=None, instance=None, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None) or instance is None:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(api_urls_for_page(instance))


def connect():
    page_published.connect(purge_page_api_urls, dispatch_uid="practice_purge_api_on_publish")
    page_unpublished.connect(purge_page_api_urls, dispatch_uid="practice_purge_api_on_unpublish")
