"""RSS and Atom feeds of a blog index's latest posts, one per language tree."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from practice_core.sites import site_of

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    """The newest posts below one blog index (RSS 2.0)."""

    def __init__(self, index):
        super().__init__()
        self.index = index
        # Django reads ``language`` as a plain attribute, not through a method.
        self.language = index.locale.language_code

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        # "Journal · Willow & Stone Counselling": a feed reader lists many feeds side by side.
        site = site_of(self.index)
        site_name = site.site_name if site else ""
        if site_name and site_name != self.index.title:
            return f"{self.index.title} · {site_name}"
        return self.index.title

    def link(self):
        return self.index.get_url(self.request)

    def description(self):
        return self.index.search_description or self.index.title

    def feed_url(self):
        return self.index.get_full_url(self.request) + "feed/"

    def items(self):
        return self.index.posts()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}:{item.locale.language_code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        """The post's publication date (what its page shows), not when the row was published.

        A post imported or restored today but dated last spring keeps last spring's date; on its
        own publication day the exact time it went live is used.
        """
        published = item.first_published_at
        if published and timezone.localdate(published) == item.publication_date:
            return published
        return timezone.make_aware(
            datetime.datetime.combine(item.publication_date, datetime.time())
        )

    def item_updateddate(self, item):
        return item.last_published_at


class LatestPostsAtomFeed(LatestPostsFeed):
    """The same posts as an Atom 1.0 feed."""

    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description

    def feed_url(self):
        return self.index.get_full_url(self.request) + "feed/atom/"
