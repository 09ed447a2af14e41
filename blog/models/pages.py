"""The blog's pages: the index (listing, archives, feeds) and the post."""

import math
from datetime import date, timedelta
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from practice_core.extending import HookAPIFields, HookStreamField

from ..blocks import PostBodyBlock
from ..schemas import (
    CommentCountField,
    HeroImageField,
    PostAuthorsField,
    PostBodyField,
    PostCategoriesField,
    PostTagsField,
    RatingSummaryField,
)
from .comments import Comment
from .ratings import RatingSummary, average_of
from .site_setting import BlogSettings
from .snippets import Author, BlogCategory, localized

WORDS_PER_MINUTE = 200


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
    subpage_types = ["practice_blog.BlogPostPage"]

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
            .prefetch_related(card_image_prefetch())
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
            from taggit.models import Tag

            from .snippets import tag_names

            found = Tag.objects.filter(slug=tag).first()
            if found is not None:
                filters["tag_name"] = tag_names([found], self.locale_id)[0]
        category_slug = request.GET.get("category", "").strip()
        if category_slug:
            category = (
                BlogCategory.objects.filter(slug=category_slug, live=True)
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
        author_id = request.GET.get("author", "").strip()
        if author_id:
            author = self.author_for(author_id)
            if author is None:
                raise Http404(_("There is no such author."))
            posts = posts.filter(authors__translation_key=author.translation_key)
            filters["author"] = author
        if year is not None:
            posts = posts.filter(publication_date__year=year)
            filters["year"] = year
        if month is not None:
            posts = posts.filter(publication_date__month=month)
            filters["month"] = date(year, month, 1)
        return posts.distinct(), filters

    def author_for(self, author_id: str):
        """The author ``?author=`` names (an id of any of their translations), in this index's
        language when translated; None for an unknown or malformed id."""
        if not author_id.isdigit() or not 0 < int(author_id) < 2**63:
            return None
        named = Author.objects.filter(pk=int(author_id)).only("translation_key").first()
        if named is None:
            return None
        return (
            Author.objects.filter(translation_key=named.translation_key)
            .select_related("photo")
            .order_by(
                models.Case(
                    models.When(locale_id=self.locale_id, then=Value(0)),
                    models.When(locale__language_code=settings.LANGUAGE_CODE, then=Value(1)),
                    default=Value(2),
                )
            )
            .first()
        )

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
            "categories": BlogCategory.objects.filter(locale_id=self.locale_id, live=True),
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
        from ..rendering import render_index

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
        from ..feeds import LatestPostsFeed

        return LatestPostsFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from ..feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self)(request)

    def featured_for_home(self, home, request):
        """The three latest posts, for the home page (``practice_core.featured``); a host
        chooses others with the ``practice_blog_featured_posts`` hook (docs/extending.md)."""
        from practice_core.featured import chosen_items

        items = chosen_items("practice_blog_featured_posts", self, request, self.posts()[:3])
        return {
            "heading": self.featured_heading or self.title,
            "items": items,
            "index": self,
            "more_label": _("All posts"),
            "template": "practice_blog/includes/post_cards.html",
        }


# The renditions a post card draws its image from (post_cards.html): one srcset, 16:9.
CARD_IMAGE_SPEC = "fill-{480x270,800x450,1200x675}"
CARD_IMAGE_FILTERS = ("fill-480x270", "fill-800x450", "fill-1200x675")


def card_image_prefetch():
    """Cards' hero images with their renditions: two queries for a whole listing, not 2 per card."""
    from wagtail.images import get_image_model

    return models.Prefetch(
        "hero_image",
        queryset=get_image_model().objects.prefetch_renditions(*CARD_IMAGE_FILTERS),
    )


def rating_summary_subquery(field):
    """A subquery reading one figure of a post's rating summary, for listings."""
    from ..ratings import scope_filter_for_outer_ref

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
        "practice_blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPostPageForm(WagtailAdminPageForm):
    """The post editor offers the authors and categories of the post's own language only (plus
    any already linked), not every language's copies in one list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id is None:
            return
        for name, model in (("authors", Author), ("categories", BlogCategory)):
            field = self.fields.get(name)
            if field is None:
                continue
            linked = [getattr(value, "pk", value) for value in self.initial.get(name) or ()]
            field.queryset = model.objects.filter(Q(locale_id=locale_id) | Q(pk__in=linked))


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
    hero_image_alt = models.CharField(
        _("hero image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for visitors who cannot see it (translated with the page). "
            "Empty: the image is decorative."
        ),
    )
    content_note = models.TextField(
        _("content note"),
        blank=True,
        help_text=_(
            "Shown before the post, e.g. to say it discusses violence or loss. Empty: no note."
        ),
    )
    # A host adds blocks with the practice_blog_post_body_blocks hook (docs/extending.md);
    # migrations record only these.
    body = HookStreamField(
        PostBodyBlock(),
        hook_name="practice_blog_post_body_blocks",
        verbose_name=_("body"),
        blank=True,
    )
    publication_date = models.DateField(_("publication date"), default=date.today)
    authors = ParentalManyToManyField("practice_blog.Author", verbose_name=_("authors"), blank=True)
    categories = ParentalManyToManyField(
        "practice_blog.BlogCategory", verbose_name=_("categories"), blank=True
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

    base_form_class = BlogPostPageForm
    content_panels = Page.content_panels + [
        FieldPanel("subtitle"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
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
    # A host adds fields with the practice_blog_post_api_fields hook (docs/extending.md).
    api_fields = HookAPIFields(
        [
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
        ],
        hook_name="practice_blog_post_api_fields",
    )
    parent_page_types = ["practice_blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("blog post")

    def save(self, *args, **kwargs):
        self.reading_time = estimate_reading_time(self)
        return super().save(*args, **kwargs)

    # -- ratings and comments ------------------------------------------------------------

    @cached_property
    def summary_record(self):
        from ..ratings import summary_for

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
        """Plain share URLs (no third-party scripts), in the order the seed page lists them.

        "Email" is a word and is translated; the networks' names are brands and are not.
        """
        url = quote(self.get_full_url(request) or "", safe="")
        text = quote(self.title, safe="")
        return [
            {"network": _("Email"), "url": f"mailto:?subject={text}&body={url}"},
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
        from ..rendering import post_context

        context = super().get_context(request, *args, **kwargs)
        context.update(post_context(self, request))
        return context

    # -- visitor actions (plain HTML forms; the API calls the same services) ---------------

    @path("")
    def post_route(self, request):
        from ..rendering import render_post

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
        from ..views import rate_post

        return rate_post(request, self.visitor_target())

    @path("comment/")
    def comment_route(self, request):
        from ..views import comment_on_post

        return comment_on_post(request, self.visitor_target())

    @path("reply/<str:token>/", name="reply_link")
    def reply_link_route(self, request, token):
        from ..views import open_reply

        return open_reply(request, self, token)


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
