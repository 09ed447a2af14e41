"""The blog's content (index and post pages, authors, categories), its site setting and the data
visitors leave on posts (ratings and comments).

Visitor data never lives on the page model: a page revision that is published or reverted brings
back every page field, and wagtail-localize replaces ParentalKey children on every sync. Ratings
and comments therefore point at ``wagtailcore.Page`` with a plain ForeignKey and carry the post's
``translation_key`` so they can be shared by, or told apart between, its translations.
"""

import contextlib
import math
import re
from datetime import date, timedelta
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.queryset import FakeQuerySet
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, Site, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import PostBodyBlock
from .schemas import (
    CommentCountField,
    HeroImageField,
    PostAuthorsField,
    PostBodyField,
    PostCategoriesField,
    PostTagsField,
    RatingSummaryField,
)

WORDS_PER_MINUTE = 200
RATE_LIMIT_PATTERN = re.compile(r"^\s*\d+\s*/\s*(second|minute|hour|day)\s*$")


def ratings_per_locale() -> bool:
    """Whether each translation of a post keeps its own ratings (off by default: shared)."""
    return bool(getattr(settings, "BLOG_RATINGS_PER_LOCALE", False))


# --------------------------------------------------------------------------------------------
# Snippets
# --------------------------------------------------------------------------------------------


@register_snippet
class Author(TranslatableMixin, models.Model):
    """Someone who writes for the blog: name, role, photo and a short biography."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("short biography"), blank=True, max_length=1000)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo"), FieldPanel("bio")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


@register_snippet
class BlogCategory(TranslatableMixin, models.Model):
    """A broad subject that groups posts (e.g. "Training", "Self-care"); translated per language."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"), max_length=80, allow_unicode=True, help_text=_("Used in the blog's filter URL.")
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


def localized(related_manager, locale_id, select_related=()):
    """The snippets linked through ``related_manager``, in ``locale_id`` where translated (1 query).

    Posts keep the many-to-many links their source page had (wagtail-localize copies them as they
    are), so a Spanish post may point at the English category; visitors should read Spanish. The
    linked snippets and their translations come back in one query; a snippet without a
    translation is shown in its own language.
    """
    model = related_manager.model
    current = related_manager.all()
    if isinstance(current, FakeQuerySet):  # a preview's in-memory relation: no subqueries
        linked = [obj.pk for obj in current]
        keys = [obj.translation_key for obj in current]
    else:
        linked = related_manager.values("pk")
        keys = related_manager.values("translation_key")
    candidates = (
        model.objects.filter(Q(pk__in=linked) | Q(translation_key__in=keys, locale_id=locale_id))
        .select_related(*select_related)
        .order_by("pk")
    )
    chosen = {}
    for obj in candidates:
        if obj.translation_key not in chosen or obj.locale_id == locale_id:
            chosen[obj.translation_key] = obj
    return sorted(chosen.values(), key=lambda obj: str(obj))


# --------------------------------------------------------------------------------------------
# Site setting
# --------------------------------------------------------------------------------------------


def validate_rate_limits(value):
    """Accept "3/minute, 20/day": comma-separated counts per second, minute, hour or day."""
    if not value.strip():
        return
    for part in value.split(","):
        if not RATE_LIMIT_PATTERN.match(part):
            raise ValidationError(
                _('Write limits like "3/minute, 20/day" (per second, minute, hour or day).')
            )


@register_setting(icon="comment")
class BlogSettings(BaseSiteSetting):
    """How the blog treats visitors' comments and ratings on one site."""

    auto_approve_comments = models.BooleanField(
        _("publish comments without moderation"),
        default=False,
        help_text=_("Off: every new comment waits for a moderator before it is shown."),
    )
    close_comments_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_("Comments close this many days after a post's publication date. Empty: never."),
    )
    notification_email = models.EmailField(
        _("notification email"),
        blank=True,
        help_text=_("Each new comment is announced to this address. Empty: no email."),
    )
    comment_rate_limits = models.CharField(
        _("comment limits per network"),
        max_length=100,
        default="3/minute, 20/day",
        validators=[validate_rate_limits],
    )
    rating_rate_limits = models.CharField(
        _("rating limits per network"),
        max_length=100,
        default="10/minute",
        validators=[validate_rate_limits],
    )

    CACHE_SECONDS = 60

    @classmethod
    def cached_for_request(cls, request):
        """The settings for the request's site, kept in Django's cache between requests.

        Every post page reads them; saving them in the admin clears the cached copy (another
        worker's local-memory copy expires within a minute). A cache outage falls back to the
        database.
        """
        site = Site.find_for_request(request)
        if site is None:
            return cls.for_request(request)
        key = f"blog:settings:{site.pk}"
        try:
            found = cache.get(key)
        except Exception:  # an unreachable cache must not break pages
            found = None
        if found is None:
            found = cls.for_site(site)
            with contextlib.suppress(Exception):  # a cache outage only costs the query
                cache.set(key, found, cls.CACHE_SECONDS)
        return found

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        with contextlib.suppress(Exception):
            cache.delete(f"blog:settings:{self.site_id}")

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("auto_approve_comments"),
                FieldPanel("close_comments_after_days"),
                FieldPanel("notification_email"),
            ],
            heading=_("Comments"),
        ),
        MultiFieldPanel(
            [FieldPanel("comment_rate_limits"), FieldPanel("rating_rate_limits")],
            heading=_("Limits against abuse"),
        ),
    ]

    class Meta:
        verbose_name = _("blog settings")

    @classmethod
    def for_default_site(cls):
        """The settings of the default site (or the defaults when no site exists yet)."""
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site is not None else cls()


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


class BlogIndexPage(RoutablePageMixin, Page):
    """The blog's front page: newest posts first, filters, an archive and RSS/Atom feeds."""

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    posts_per_page = models.PositiveSmallIntegerField(_("posts per page"), default=10)
    featured_heading = models.CharField(
        _("heading on the home page"),
        max_length=120,
        blank=True,
        help_text=_("Shown above the three latest posts on the home page. Empty: the title."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("featured_heading"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("posts_per_page")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    api_fields = [
        APIField("introduction"),
        APIField("featured_heading"),
        APIField("posts_per_page"),
    ]
    subpage_types = ["blog.BlogPostPage"]

    class Meta:
        verbose_name = _("blog index page")

    def posts(self):
        """Live posts below this index, newest first, with what a card shows annotated."""
        posts = (
            BlogPostPage.objects.live()
            .public()
            .child_of(self)
            .defer_streamfields()
            .select_related("locale")
            .order_by("-publication_date", "-pk")
        )
        return with_card_figures(posts)

    def filtered_posts(self, request, year=None, month=None):
        posts = self.posts()
        filters = {}
        tag = request.GET.get("tag", "").strip()
        if tag:
            posts = posts.filter(tags__slug=tag)
            filters["tag"] = tag
        category_slug = request.GET.get("category", "").strip()
        if category_slug:
            category = (
                BlogCategory.objects.filter(slug=category_slug)
                .order_by(
                    # Prefer the category in this page's language when slugs repeat.
                    models.Case(
                        models.When(locale_id=self.locale_id, then=Value(0)),
                        default=Value(1),
                    )
                )
                .first()
            )
            if category is None:
                posts = posts.none()
            else:
                posts = posts.filter(categories__translation_key=category.translation_key)
            filters["category"] = category
        if year is not None:
            posts = posts.filter(publication_date__year=year)
            filters["year"] = year
        if month is not None:
            posts = posts.filter(publication_date__month=month)
            filters["month"] = date(year, month, 1)
        return posts.distinct(), filters

    def paginate(self, request, posts):
        paginator = Paginator(posts, max(1, self.posts_per_page))
        try:
            return paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage as exc:
            raise Http404(_("There is no such page of posts.")) from exc

    def listing_context(self, request, year=None, month=None):
        posts, filters = self.filtered_posts(request, year, month)
        page_of_posts = self.paginate(request, posts)
        return {
            "posts": page_of_posts,
            "filters": filters,
            "categories": BlogCategory.objects.filter(locale_id=self.locale_id),
            "archive_months": BlogPostPage.objects.live()
            .public()
            .child_of(self)
            .dates("publication_date", "month", order="DESC"),
        }

    def route(self, request, path_components):
        """Serve a post with one query: an index's children are always blog posts, so the post
        is fetched as a ``BlogPostPage`` directly instead of as a page and then its specific
        type (Wagtail's default costs two queries)."""
        if self.live and path_components:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                post = BlogPostPage.objects.child_of(self).filter(slug=path_components[0]).first()
                if post is None:
                    raise
                post._cached_parent_obj = self
                return post.route(request, path_components[1:])
        return super().route(request, path_components)

    def render_listing(self, request, year=None, month=None):
        from .presentation import render_index

        def render():
            context = self.listing_context(request, year, month)
            return self.render(request, context_overrides=context)

        return render_index(self, request, render)

    @path("")
    def index_route(self, request):
        return self.render_listing(request)

    @re_path(r"^(?P<year>\d{4})/$")
    def year_archive(self, request, year):
        return self.render_listing(request, int(year))

    @re_path(r"^(?P<year>\d{4})/(?P<month>0[1-9]|1[0-2])/$")
    def month_archive(self, request, year, month):
        return self.render_listing(request, int(year), int(month))

    @path("feed/")
    def rss_feed(self, request):
        from .feeds import LatestPostsFeed

        return LatestPostsFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from .feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self)(request)

    def featured_for_home(self, home, request):
        """The three latest posts for the home page (see ``practice_site.models``)."""
        return {
            "heading": self.featured_heading or self.title,
            "items": list(self.posts()[:3]),
            "index": self,
            "more_label": _("All posts"),
            "template": "blog/includes/post_cards.html",
        }


def rating_summary_subquery(field):
    """A subquery reading one figure of a post's rating summary, for listings."""
    from .ratings import scope_filter_for_outer_ref

    return Subquery(
        RatingSummary.objects.filter(**scope_filter_for_outer_ref()).values(field)[:1],
        output_field=IntegerField(),
    )


def with_card_figures(posts):
    """Annotate rating count/total and approved comment count: one query for a whole listing."""
    comments = (
        Comment.objects.filter(
            translation_key=OuterRef("translation_key"),
            locale_id=OuterRef("locale_id"),
            status=Comment.Status.APPROVED,
        )
        .order_by()
        .values("translation_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return posts.annotate(
        card_rating_count=Coalesce(rating_summary_subquery("count"), 0),
        card_rating_total=Coalesce(rating_summary_subquery("total"), 0),
        card_comment_count=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
    )


class BlogPostTag(TaggedItemBase):
    """The link between a post and one of its tags."""

    content_object = ParentalKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPostPage(RoutablePageMixin, Page):
    """A blog post, with its visitors' star ratings and moderated comments."""

    subtitle = models.CharField(_("subtitle"), max_length=250, blank=True)
    summary = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences for the blog listing, feeds and link previews."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_note = models.TextField(
        _("content note"),
        blank=True,
        help_text=_(
            "Shown before the post, e.g. to say it discusses violence or loss. Empty: no note."
        ),
    )
    body = StreamField(PostBodyBlock(), verbose_name=_("body"), blank=True)
    publication_date = models.DateField(_("publication date"), default=date.today)
    authors = ParentalManyToManyField("blog.Author", verbose_name=_("authors"), blank=True)
    categories = ParentalManyToManyField(
        "blog.BlogCategory", verbose_name=_("categories"), blank=True
    )
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True, verbose_name=_("tags"))
    comments_closed = models.BooleanField(
        _("close comments"),
        default=False,
        help_text=_("Visitors can no longer comment; existing approved comments stay visible."),
    )
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=1, editable=False
    )

    content_panels = Page.content_panels + [
        FieldPanel("subtitle"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("content_note"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("authors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("About this post"),
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comments_closed")]
    search_fields = Page.search_fields + [
        index.SearchField("subtitle"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]
    api_fields = [
        APIField("subtitle"),
        APIField("summary"),
        APIField("publication_date"),
        APIField("reading_time"),
        APIField("comments_closed"),
        APIField("rating_summary", serializer=RatingSummaryField()),
        APIField("comment_count", serializer=CommentCountField()),
        APIField("content_note"),
        APIField("hero_image", serializer=HeroImageField(source="hero_image_id")),
        APIField("body", serializer=PostBodyField()),
        APIField("authors", serializer=PostAuthorsField(source="localized_authors")),
        APIField("categories", serializer=PostCategoriesField(source="localized_categories")),
        APIField("tags", serializer=PostTagsField()),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("blog post")

    def save(self, *args, **kwargs):
        self.reading_time = estimate_reading_time(self)
        return super().save(*args, **kwargs)

    # -- ratings and comments ------------------------------------------------------------

    @cached_property
    def summary_record(self):
        from .ratings import summary_for

        return summary_for(self)

    @property
    def rating_summary(self) -> dict:
        """``{"count", "average", "distribution": {"1".."5"}}`` for this post (API contract)."""
        return self.summary_record.as_dict()

    @property
    def comment_count(self) -> int:
        """Approved comments on this post in its language."""
        return Comment.objects.filter(
            translation_key=self.translation_key,
            locale_id=self.locale_id,
            status=Comment.Status.APPROVED,
        ).count()

    @property
    def localized_authors(self) -> list:
        """The post's authors, each in the post's language where translated (one query)."""
        return localized(self.authors, self.locale_id, select_related=["photo", "locale"])

    @property
    def localized_categories(self) -> list:
        """The post's categories, each in the post's language where translated (one query)."""
        return localized(self.categories, self.locale_id)

    @property
    def card_rating_average(self) -> float | None:
        """The average shown on listing cards (from ``with_card_figures`` annotations)."""
        return average_of(
            getattr(self, "card_rating_count", 0), getattr(self, "card_rating_total", 0)
        )

    def comments_are_open(self, blog_settings=None) -> bool:
        if self.comments_closed:
            return False
        if blog_settings is None:
            blog_settings = BlogSettings.for_default_site()
        days = blog_settings.close_comments_after_days
        if days is not None:
            return timezone.localdate() <= self.publication_date + timedelta(days=days)
        return True

    # -- presentation ---------------------------------------------------------------------

    def related_posts(self, tags=None, categories=None, limit=3):
        """Live posts in the same language sharing most tags and categories, newest first."""
        tags = self.tags.all() if tags is None else tags
        categories = self.categories.all() if categories is None else categories
        tag_ids = [tag.pk for tag in tags]
        category_keys = [c.translation_key for c in categories]
        if not tag_ids and not category_keys:
            return []
        shared = Q(tagged_items__tag_id__in=tag_ids) | Q(
            categories__translation_key__in=category_keys
        )
        return list(
            BlogPostPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .filter(shared)
            .defer_streamfields()
            .annotate(shared_count=Count("pk"))
            .order_by("-shared_count", "-publication_date")[:limit]
        )

    def share_links(self, request):
        """Plain share URLs (no third-party scripts), in the order the seed page lists them."""
        url = quote(self.get_full_url(request) or "", safe="")
        text = quote(self.title, safe="")
        return [
            {"network": "Email", "url": f"mailto:?subject={text}&body={url}"},
            {"network": "X", "url": f"https://x.com/intent/post?url={url}&text={text}"},
            {
                "network": "Threads",
                "url": f"https://www.threads.net/intent/post?text={text}%20{url}",
            },
            {"network": "Facebook", "url": f"https://www.facebook.com/sharer/sharer.php?u={url}"},
            {
                "network": "LinkedIn",
                "url": f"https://www.linkedin.com/sharing/share-offsite/?url={url}",
            },
            {"network": "WhatsApp", "url": f"https://wa.me/?text={text}%20{url}"},
        ]

    def get_context(self, request, *args, **kwargs):
        from .presentation import post_context

        context = super().get_context(request, *args, **kwargs)
        context.update(post_context(self, request))
        return context

    # -- visitor actions (plain HTML forms; the API calls the same services) ---------------

    @path("")
    def post_route(self, request):
        from .presentation import render_post

        return render_post(self, request)

    def visitor_target(self):
        """The post that visitors' ratings and comments go to: an alias's original, or itself."""
        if self.alias_of_id:
            original = BlogPostPage.objects.filter(pk=self.alias_of_id).first()
            if original is not None:
                return original
        return self

    @path("rate/")
    def rate_route(self, request):
        from .views import rate_post

        return rate_post(request, self.visitor_target())

    @path("comment/")
    def comment_route(self, request):
        from .views import comment_on_post

        return comment_on_post(request, self.visitor_target())


def estimate_reading_time(post) -> int:
    """Minutes to read the post at about 200 words a minute, never less than one."""
    words = 0
    for block in post.body or []:
        if block.block_type == "paragraph":
            words += len(strip_tags(block.value.source).split())
        elif block.block_type == "heading":
            words += len(block.value["text"].split())
        elif block.block_type == "quote":
            words += len(block.value["quote"].split())
    words += len(post.summary.split()) + len(post.content_note.split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


# --------------------------------------------------------------------------------------------
# Ratings
# --------------------------------------------------------------------------------------------


class Rating(models.Model):
    """One visitor's star rating of one post, changeable by that visitor.

    ``voter_key`` is a keyed hash of the visitor's cookie (or ``user:<id>`` for a signed-in user):
    never the cookie itself nor an IP address. ``scope`` says which summary the rating counts
    in: the post's translation key (shared by all its translations) or that plus the language.
    """

    # Visitor data, not content: no "usage" entries, no reference-index writes on every save.
    wagtail_reference_index_ignore = True

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("post"), on_delete=models.CASCADE, related_name="+"
    )
    translation_key = models.UUIDField(_("translation key"), db_index=True)
    locale = models.ForeignKey(
        Locale, verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("scope"), max_length=64)
    voter_key = models.CharField(_("voter key"), max_length=80)
    stars = models.PositiveSmallIntegerField(_("stars"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="blog_rating_stars_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["scope", "voter_key"], name="blog_rating_one_per_voter"
            ),
        ]

    def __str__(self):
        return f"{self.stars}★ on page {self.page_id}"


class RatingSummary(models.Model):
    """Running totals of one post's ratings, updated in the same transaction as each rating.

    Kept off the page model so publishing or reverting a revision cannot overwrite them.
    """

    # Visitor data, not content: no "usage" entries, no reference-index writes on every save.
    wagtail_reference_index_ignore = True

    scope = models.CharField(_("scope"), max_length=64, unique=True)
    translation_key = models.UUIDField(_("translation key"), db_index=True)
    locale = models.ForeignKey(
        Locale,
        verbose_name=_("language"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty when the post's translations share their ratings."),
    )
    count = models.PositiveIntegerField(_("ratings"), default=0)
    total = models.PositiveIntegerField(_("total stars"), default=0)
    count_1 = models.PositiveIntegerField(default=0)
    count_2 = models.PositiveIntegerField(default=0)
    count_3 = models.PositiveIntegerField(default=0)
    count_4 = models.PositiveIntegerField(default=0)
    count_5 = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rating summary")
        verbose_name_plural = _("rating summaries")

    def __str__(self):
        return f"{self.average} ({self.count}) for {self.scope}"

    @property
    def average(self) -> float | None:
        return average_of(self.count, self.total)

    @property
    def distribution(self) -> dict[str, int]:
        return {str(n): getattr(self, f"count_{n}") for n in range(1, 6)}

    def as_dict(self) -> dict:
        return {"count": self.count, "average": self.average, "distribution": self.distribution}


def average_of(count, total) -> float | None:
    """Average stars to one decimal, half up (4.25 → 4.3), or None when nobody has rated."""
    if not count:
        return None
    tenths = (total * 10 * 2 + count) // (count * 2)  # integer half-up rounding
    return tenths / 10


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A visitor's comment on a post (or the practice's reply), held for moderation by default.

    The email address is optional, never shown and never in the API; it exists so the practice
    can answer privately and so ``erase_visitor_data --email`` can find a person's comments.
    """

    # Visitor data, not content: no "usage" entries, no reference-index writes on every save.
    wagtail_reference_index_ignore = True

    MAX_BODY_LENGTH = 3000

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("post"), on_delete=models.CASCADE, related_name="+"
    )
    translation_key = models.UUIDField(_("translation key"), db_index=True)
    locale = models.ForeignKey(
        Locale, verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author_name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email (never shown)"), blank=True)
    body = models.TextField(_("comment"), max_length=MAX_BODY_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    is_practice_reply = models.BooleanField(_("reply from the practice"), default=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created"]
        indexes = [models.Index(fields=["translation_key", "locale", "status", "created"])]
        permissions = [("moderate_comments", _("Can moderate comments"))]

    def __str__(self):
        return _("Comment by %(name)s") % {"name": self.author_name}

    def moderate(self, status, user):
        self.status = status
        self.moderated_by = user
        self.moderated_at = timezone.now()
        self.save(update_fields=["status", "moderated_by", "moderated_at"])


class CommentsVersion(models.Model):
    """A number that changes, in the same transaction, whenever a comment of a post changes.

    The rendered comment list of a post is cached under this number, read from the database with
    the rating summary (one query). Because it lives in the database, every app server sees a
    change at once, even with a local-memory cache in each worker.
    """

    translation_key = models.UUIDField(_("translation key"), unique=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("comments version")
        verbose_name_plural = _("comments versions")

    def __str__(self):
        return f"{self.translation_key}: {self.version}"

    @classmethod
    def bump(cls, translation_key):
        """Make every cached comment list of the post stale (1 query; 3 the first time)."""
        if cls.objects.filter(translation_key=translation_key).update(version=F("version") + 1):
            return
        cls.objects.bulk_create([cls(translation_key=translation_key)], ignore_conflicts=True)
        cls.objects.filter(translation_key=translation_key).update(version=F("version") + 1)
