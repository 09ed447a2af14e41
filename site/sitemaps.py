"""A sitemap that lists every language's tree, with hreflang alternates for translations.

Wagtail's own sitemap only walks the site's root page (the English tree) and has no alternates.
"""

from collections import defaultdict

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        roots = Page.objects.filter(translation_key=site.root_page.translation_key)
        query = None
        for root in roots:
            branch = Page.objects.descendant_of(root, inclusive=True)
            query = branch if query is None else query | branch
        if query is None:
            return Page.objects.none()
        return (
            query.live()
            .public()
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # One pass over this sitemap page's items groups translations by translation_key.
        by_key = defaultdict(list)
        for item in self.paginator.page(page).object_list:
            location = item.get_full_url(self.request)
            if location:
                by_key[item.translation_key].append(
                    {"location": location, "lang_code": item.locale.language_code}
                )
        location_to_key = {
            alternate["location"]: key
            for key, alternates in by_key.items()
            for alternate in alternates
        }
        for url in urls:
            key = location_to_key.get(url["location"])
            alternates = by_key.get(key, [])
            if len(alternates) > 1:
                url["alternates"] = alternates
        return urls
