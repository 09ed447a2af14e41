"""Typed shapes of the blog's API data (pydantic, via django-ninja's Schema).

The page detail endpoint of Wagtail's API v3 types a plain property as ``Any``; declaring the
post's ``rating_summary`` and ``comment_count`` through these fields gives the OpenAPI document
their real shape (v3 reads the return annotation of ``to_representation``).
"""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from rest_framework.fields import ReadOnlyField

from practice_core.cache import get_or_build, make_key

StarKey = Literal["1", "2", "3", "4", "5"]


def _integral_number(value):
    """JSON Schema's ``integer`` includes ``3.0``: accept a whole float as that integer. Strings,
    booleans and fractions still fail the strict integer check after this."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: Makes a strict integer a whole number as JSON Schema means it (``3`` or ``3.0``), never
#: ``"3"``, ``true`` or ``3.5``.
WHOLE_NUMBER = BeforeValidator(_integral_number)


class RatingSummarySchema(Schema):
    """How a post has been rated: how many ratings, their average (one decimal) and spread."""

    count: int
    average: float | None
    distribution: dict[StarKey, int]


class RatingIn(Schema):
    """A visitor's rating: whole stars from 1 to 5, nothing else."""

    model_config = ConfigDict(extra="forbid")

    stars: Annotated[StrictInt, Field(ge=1, le=5), WHOLE_NUMBER]


class CommentIn(Schema):
    """A visitor's comment. The email is optional, never shown and never returned."""

    model_config = ConfigDict(extra="forbid")

    author_name: Annotated[StrictStr, Field(min_length=1, max_length=80)]
    body: Annotated[StrictStr, Field(min_length=1, max_length=3000)]
    email: Annotated[StrictStr, Field(max_length=254)] | None = None
    notify_on_reply: StrictBool = Field(
        default=False,
        description="Email the visitor when the practice replies (needs `email`).",
    )
    parent: Annotated[StrictInt, Field(ge=1, le=2**63 - 1), WHOLE_NUMBER] | None = Field(
        default=None,
        description="Reply to this comment (its `id`): one level only, to an approved comment "
        "on the same post in the same language. The reply is held for moderation like any "
        "comment; otherwise 422 naming `parent`.",
    )


class CommentOut(Schema):
    """An approved comment as the public sees it (no email, no moderation details)."""

    id: int
    author_name: str
    body: str
    created: datetime
    parent_id: int | None
    is_practice_reply: bool
    locale: str

    @staticmethod
    def resolve_locale(obj) -> str:
        return obj.locale.language_code


class CommentAccepted(Schema):
    status: Literal["pending", "approved"]


def post_figures(page) -> dict:
    """The post's ``rating_summary`` and ``comment_count``, read once per serialisation.

    Both fields ask for them; one query (``practice_blog.ratings.post_figures``) answers both, and
    the
    answer is kept on the instance for the other field. Never cached across requests: every
    rating and moderated comment shows at once.
    """
    figures = page.__dict__.get("_blog_api_figures")
    if figures is None:
        from .ratings import post_figures as read_figures

        summary, comments = read_figures(page)
        figures = {"rating_summary": summary.as_dict(), "comment_count": comments}
        page.__dict__["_blog_api_figures"] = figures
    return figures


class RatingSummaryField(ReadOnlyField):
    """Serialises ``BlogPostPage.rating_summary`` for the API, typed for the OpenAPI document."""

    def get_attribute(self, instance):
        return post_figures(instance)["rating_summary"]

    def to_representation(self, value) -> RatingSummarySchema:
        return value


class CommentCountField(ReadOnlyField):
    """Serialises ``BlogPostPage.comment_count`` (approved comments in the post's language)."""

    def get_attribute(self, instance):
        return post_figures(instance)["comment_count"]

    def to_representation(self, value) -> int:
        return value


# --------------------------------------------------------------------------------------------
# Page fields: images, the post body, authors and categories
# --------------------------------------------------------------------------------------------

HERO_RENDITION = "fill-1200x630"
BODY_IMAGE_RENDITION = "max-1200x1200"
AUTHOR_PHOTO_RENDITION = "fill-240x240"


class BlogRendition(Schema):
    """A resized copy of an image, ready for an ``<img src>``."""

    url: str
    width: int
    height: int


class BlogHeroImage(Schema):
    """A post's hero image, with a 1200×630 crop (link-preview size)."""

    id: int
    title: str
    alt: str
    url: str
    width: int
    height: int


class BlogImage(Schema):
    """An image with its alternative text (empty when decorative) and one rendition."""

    id: int
    title: str
    alt: str
    rendition: BlogRendition


def rendition_of(image, filter_spec: str) -> BlogRendition:
    rendition = image.get_rendition(filter_spec)
    return BlogRendition(url=rendition.url, width=rendition.width, height=rendition.height)


def image_of(image, filter_spec: str, alt: str | None = None) -> BlogImage:
    """An image for the API; ``alt`` defaults to the image's own default alt text or title."""
    if alt is None:
        alt = getattr(image, "default_alt_text", None) or image.title
    return BlogImage(
        id=image.pk, title=image.title, alt=alt, rendition=rendition_of(image, filter_spec)
    )


class HeadingValue(Schema):
    text: str
    level: Literal["h2", "h3"]


class QuoteValue(Schema):
    quote: str
    attribution: str


class ImageValue(Schema):
    image: BlogImage | None
    caption: str


class EmbedValue(Schema):
    """An embedded video or audio: its URL, and its HTML when the site has already fetched it."""

    url: str
    html: str | None


class HeadingBlockOut(Schema):
    type: Literal["heading"]
    id: str
    value: HeadingValue


class ParagraphBlockOut(Schema):
    """A paragraph of rich text, as HTML ready to insert (internal links resolved)."""

    type: Literal["paragraph"]
    id: str
    value: str


class QuoteBlockOut(Schema):
    type: Literal["quote"]
    id: str
    value: QuoteValue


class ImageBlockOut(Schema):
    type: Literal["image"]
    id: str
    value: ImageValue


class EmbedBlockOut(Schema):
    type: Literal["embed"]
    id: str
    value: EmbedValue


PostBodyBlockOut = Annotated[
    HeadingBlockOut | ParagraphBlockOut | QuoteBlockOut | ImageBlockOut | EmbedBlockOut,
    Field(discriminator="type"),
]


def cached_embed_html(url: str) -> str | None:
    """The embed's HTML if the site has fetched it before; the API never calls a provider."""
    from wagtail.embeds.models import Embed

    return Embed.objects.filter(url=url).values_list("html", flat=True).first()


def image_block_alt(image) -> str:
    """An ``ImageBlock`` value's alt text: empty when the editor marked it decorative."""
    if getattr(image, "decorative", False):
        return ""
    return getattr(image, "contextual_alt_text", None) or image.title


def post_body_block(
    block,
) -> HeadingBlockOut | ParagraphBlockOut | QuoteBlockOut | ImageBlockOut | EmbedBlockOut | None:  # noqa: E501
    value = block.value
    block_id = str(block.id or "")
    if block.block_type == "heading":
        return HeadingBlockOut(
            type="heading",
            id=block_id,
            value=HeadingValue(text=value["text"], level=value["level"]),
        )
    if block.block_type == "paragraph":
        return ParagraphBlockOut(type="paragraph", id=block_id, value=str(value))
    if block.block_type == "quote":
        return QuoteBlockOut(
            type="quote",
            id=block_id,
            value=QuoteValue(quote=value["quote"], attribution=value["attribution"] or ""),
        )
    if block.block_type == "image":
        image = value["image"]
        return ImageBlockOut(
            type="image",
            id=block_id,
            value=ImageValue(
                image=image_of(image, BODY_IMAGE_RENDITION, image_block_alt(image))
                if image
                else None,
                caption=value["caption"] or "",
            ),
        )
    if block.block_type == "embed":
        if value is None:  # an empty or unknown URL
            return None
        return EmbedBlockOut(
            type="embed",
            id=block_id,
            value=EmbedValue(url=value.url, html=cached_embed_html(value.url)),
        )
    return None


def body_out(value) -> list[dict]:
    """A post's body as typed blocks ``{"type", "id", "value"}`` (plain data)."""
    blocks = (post_body_block(block) for block in value)
    return [block.model_dump() for block in blocks if block is not None]


def hero_image_out(image, alt: str = "") -> dict:
    """The hero image; ``alt`` is the page's own description of it (translated with the page;
    empty: decorative), never the image library's text, which is in one language only."""
    rendition = image.get_rendition(HERO_RENDITION)
    return BlogHeroImage(
        id=image.pk,
        title=image.title,
        alt=alt,
        url=rendition.url,
        width=rendition.width,
        height=rendition.height,
    ).model_dump()


class PostBodyField(ReadOnlyField):
    """Serialises a post's body as typed blocks ``{"type", "id", "value"}``."""

    def get_attribute(self, instance):
        return post_extras(instance)["body"]

    def to_representation(self, value) -> list[PostBodyBlockOut]:
        return value


class HeroImageField(ReadOnlyField):
    """Serialises ``BlogPostPage.hero_image_id`` as the image with its 1200×630 crop."""

    def get_attribute(self, instance):
        return post_extras(instance)["hero_image"]

    def to_representation(self, value) -> BlogHeroImage:
        return value


class AuthorOut(Schema):
    """A blog author as the public sees them (no account, no email)."""

    id: int
    locale: str
    name: str
    role: str
    bio: str
    photo: BlogImage | None


class CategoryOut(Schema):
    """A blog category."""

    id: int
    locale: str
    name: str
    slug: str
    description: str


class CategoryRef(Schema):
    name: str
    slug: str


def author_out(author, locale_code: str | None = None) -> AuthorOut:
    return AuthorOut(
        id=author.pk,
        locale=locale_code or author.locale.language_code,
        name=author.name,
        role=author.role,
        bio=author.bio,
        photo=image_of(author.photo, AUTHOR_PHOTO_RENDITION, author.name) if author.photo else None,
    )


def category_out(category, locale_code: str | None = None) -> CategoryOut:
    return CategoryOut(
        id=category.pk,
        locale=locale_code or category.locale.language_code,
        name=category.name,
        slug=category.slug,
        description=category.description,
    )


class PostAuthorsField(ReadOnlyField):
    """Serialises a post's authors, each in the post's language where translated."""

    def get_attribute(self, instance):
        return post_extras(instance)["authors"]

    def to_representation(self, value) -> list[AuthorOut]:
        return value


class PostCategoriesField(ReadOnlyField):
    """Serialises a post's categories (name and slug, in the post's language where translated)."""

    def get_attribute(self, instance):
        return post_extras(instance)["categories"]

    def to_representation(self, value) -> list[CategoryRef]:
        return value


class PostTagsField(ReadOnlyField):
    """Serialises a post's tags as their names."""

    def get_attribute(self, instance):
        return post_extras(instance)["tags"]

    def to_representation(self, value) -> list[str]:
        return value


# --------------------------------------------------------------------------------------------
# The post's visitor-independent extras, serialised once per published revision
# --------------------------------------------------------------------------------------------

# Part of the key: a release that changes the shape of the extras never reads old entries.
POST_EXTRAS_FORMAT = 1


def post_extras_key(page) -> str | None:
    """The cache key of a post's serialised extras, or None when they must not be cached.

    Only a live page read from the database qualifies: a draft or preview (a page rebuilt from a
    revision, never saved as such) is serialised afresh, so it can neither read nor fill the
    live entry. The key carries the site's content version (``practice_core.cache.make_key``):
    publishing the post, or saving an image, author or category, gives a new key at once.
    """
    state = page._state
    if state.adding or state.db is None or not page.live:
        return None
    return make_key("blog-api-post", POST_EXTRAS_FORMAT, page.pk, page.locale_id)


def linked_in_language(page, name: str, select_related=()) -> list:
    """The snippets of ``page``'s many-to-many field ``name``, each in the post's language where
    translated (``practice_blog.models.localized``).

    A draft or preview is a page rebuilt from a revision: its links live in memory (modelcluster),
    where ``localized`` cannot query them, so they are looked up by their ids.
    """
    from .models import localized

    links = getattr(page, name)
    if page._state.db is None:
        links = links.model.objects.filter(pk__in=[obj.pk for obj in links.all()])
    return localized(links, page.locale_id, select_related=select_related)


def build_post_extras(page) -> dict:
    """Hero image, body, authors, categories and tags of ``page`` as plain data (5-7 queries)."""
    from .models import tag_names

    hero = page.hero_image if page.hero_image_id else None
    authors = linked_in_language(page, "authors", select_related=["photo", "locale"])
    return {
        "hero_image": hero_image_out(hero, page.hero_image_alt) if hero is not None else None,
        "body": body_out(page.body),
        "authors": [author_out(author).model_dump() for author in authors],
        "categories": [
            {"name": category.name, "slug": category.slug}
            for category in linked_in_language(page, "categories")
        ],
        "tags": [tag.name for tag in tag_names(list(page.tags.all()), page.locale_id)],
    }


def post_extras(page) -> dict:
    """``build_post_extras(page)``, from the cache when it is safe (see ``post_extras_key``).

    Kept on the instance too, since each API field asks for its own part.
    """
    extras = page.__dict__.get("_blog_api_extras")
    if extras is None:
        key = post_extras_key(page)
        if key is None:
            extras = build_post_extras(page)
        else:
            extras = get_or_build(key, lambda: build_post_extras(page))
        page.__dict__["_blog_api_extras"] = extras
    return extras
