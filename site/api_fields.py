"""Typed API v3 fields of the site's own pages (home and standard pages).

Wagtail's API v3 types a StreamField, a plain property or an untyped serializer as ``Any``; each
field here returns pydantic models from ``to_representation`` so ``/api/v3/openapi.json``
describes the real shape (v3 reads that return annotation).
"""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field
from rest_framework.fields import ReadOnlyField

from practice_core.cache import cached

HERO_RENDITION = "fill-1600x900"
BODY_IMAGE_RENDITION = "max-1200x1200"


class SiteRendition(Schema):
    url: str
    width: int
    height: int


class SiteImage(Schema):
    """An image with its alternative text (empty when decorative) and one rendition."""

    id: int
    title: str
    alt: str
    rendition: SiteRendition


class SiteHeadingValue(Schema):
    text: str
    level: Literal["h2", "h3"]


class SiteQuoteValue(Schema):
    quote: str
    attribution: str


class SiteEmbedValue(Schema):
    """An embedded video or audio: its URL, and its HTML when the site has already fetched it."""

    url: str
    html: str | None


class SiteHeadingBlock(Schema):
    type: Literal["heading"]
    id: str
    value: SiteHeadingValue


class SiteParagraphBlock(Schema):
    """Rich text as HTML ready to insert (internal links resolved)."""

    type: Literal["paragraph"]
    id: str
    value: str


class SiteQuoteBlock(Schema):
    type: Literal["quote"]
    id: str
    value: SiteQuoteValue


class SiteImageBlock(Schema):
    type: Literal["image"]
    id: str
    value: SiteImage


class SiteEmbedBlock(Schema):
    type: Literal["embed"]
    id: str
    value: SiteEmbedValue


SiteBodyBlock = Annotated[
    SiteHeadingBlock | SiteParagraphBlock | SiteQuoteBlock | SiteImageBlock | SiteEmbedBlock,
    Field(discriminator="type"),
]


def image_of(image, filter_spec: str) -> SiteImage:
    """An image (an ``ImageBlock`` value or a plain image) with one rendition."""
    rendition = image.get_rendition(filter_spec)
    if getattr(image, "decorative", False):
        alt = ""
    else:
        alt = (
            getattr(image, "contextual_alt_text", None)
            or getattr(image, "default_alt_text", None)
            or image.title
        )
    return SiteImage(
        id=image.pk,
        title=image.title,
        alt=alt,
        rendition=SiteRendition(url=rendition.url, width=rendition.width, height=rendition.height),
    )


def body_block(block):
    block_id = str(block.id or "")
    value = block.value
    if block.block_type == "heading":
        return SiteHeadingBlock(
            type="heading",
            id=block_id,
            value=SiteHeadingValue(text=value["text"], level=value["level"]),
        )
    if block.block_type == "paragraph":
        return SiteParagraphBlock(type="paragraph", id=block_id, value=str(value))
    if block.block_type == "quote":
        return SiteQuoteBlock(
            type="quote",
            id=block_id,
            value=SiteQuoteValue(quote=value["quote"], attribution=value["attribution"] or ""),
        )
    if block.block_type == "image" and value is not None:
        return SiteImageBlock(
            type="image", id=block_id, value=image_of(value, BODY_IMAGE_RENDITION)
        )
    if block.block_type == "embed" and value is not None:
        from wagtail.embeds.models import Embed

        # Only an embed the site has fetched before: the API never calls a provider.
        html = Embed.objects.filter(url=value.url).values_list("html", flat=True).first()
        return SiteEmbedBlock(
            type="embed", id=block_id, value=SiteEmbedValue(url=value.url, html=html)
        )
    return None


class SiteBodyField(ReadOnlyField):
    """A home or standard page's body as typed blocks ``{"type", "id", "value"}``."""

    def to_representation(self, value) -> list[SiteBodyBlock]:
        blocks = (body_block(block) for block in value)
        return [block for block in blocks if block is not None]


class HeroImageField(ReadOnlyField):
    """The home page's hero image (give it ``source="hero_image_id"``), 1600×900.

    Cached under the site's content version (the API detail has a query budget): saving or
    replacing the image gives a new key at once.
    """

    def to_representation(self, value) -> SiteImage:
        from wagtail.images import get_image_model

        def build():
            image = get_image_model().objects.filter(pk=value).first()
            return None if image is None else image_of(image, HERO_RENDITION)

        return cached("site-api-hero", value, build=build)


class CallToAction(Schema):
    """The hero's button: its text and the page it leads to."""

    text: str
    page_id: int
    url: str | None
    detail_url: str


class CallToActionField(ReadOnlyField):
    """The home page's call to action (give it ``source="*"``); null without a live target."""

    def to_representation(self, value) -> CallToAction:
        if not value.hero_cta_page_id:
            return None
        target = value.hero_cta_page
        if target is None or not target.live:
            return None
        return CallToAction(
            text=value.hero_cta_text,
            page_id=target.pk,
            url=target.get_url(self.context.get("request") if self.context else None),
            detail_url=f"/api/v3/pages/{target.pk}/",
        )


class EnquiryFieldDefinition(Schema):
    """One field of an enquiry form, as the owner defined it (in the page's language)."""

    name: str
    label: str
    field_type: str
    required: bool
    help_text: str
    choices: list[str]


class EnquiryFormDefinition(Schema):
    """What a contact page asks: its fields, the consent sentence and the privacy notice's URL.

    Only the form's definition: what visitors send is never in the API.
    """

    fields: list[EnquiryFieldDefinition]
    consent_text: str
    privacy_url: str | None


class EnquiryFormDefinitionField(ReadOnlyField):
    """A contact page's form (give it ``source="*"``)."""

    def to_representation(self, value) -> EnquiryFormDefinition:
        from wagtail.contrib.forms.forms import _split_by_newline_or_comma

        request = self.context.get("request") if self.context else None
        privacy = value.localized_privacy_page()
        return EnquiryFormDefinition(
            fields=[
                EnquiryFieldDefinition(
                    name=field.clean_name,
                    label=field.label,
                    field_type=field.field_type,
                    required=field.required,
                    help_text=field.help_text,
                    choices=_split_by_newline_or_comma(field.choices) if field.choices else [],
                )
                for field in value.form_fields.all()
            ],
            consent_text=value.consent_text,
            privacy_url=privacy.get_url(request) if privacy is not None else None,
        )
