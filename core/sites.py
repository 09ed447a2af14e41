"""The Site a page belongs to, without a 500 when Wagtail's cached site roots are stale.

Wagtail caches the site root paths (in the shared cache) and ``Page.get_site()`` then reads
``Site.objects.get(id=...)`` for the cached id. A cached entry naming a Site that no longer
exists (written by another process sharing the cache, or before a restore) makes that raise
``Site.DoesNotExist`` on every visitor request that needs the site. :func:`site_of` clears
Wagtail's cached roots and asks again once; if the page still has no site, it answers None like
a page outside every site.
"""

from wagtail.models import Site


def site_of(page) -> Site | None:
    """``page.get_site()``, or None where a stale cached site root names no existing Site."""
    try:
        return page.get_site()
    except Site.DoesNotExist:
        Site.clear_site_root_paths_cache()
    try:
        return page.get_site()
    except Site.DoesNotExist:
        return None
