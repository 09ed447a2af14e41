"""StreamField blocks for blog posts: headings, rich paragraphs, quotes, images and embeds."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

# Bulleted and numbered lists are the point of most practice posts; headings inside a paragraph
# are left out on purpose so the outline comes from the heading block alone.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; the post title is the page's only h1."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blog/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    """A pulled quote with an optional attribution."""

    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blog/blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image (with its alt text, required unless marked decorative) and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blog/blocks/image.html"


class PostBodyBlock(blocks.StreamBlock):
    """The body of a blog post."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        label=_("Paragraph"),
        template="blog/blocks/paragraph.html",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    embed = EmbedBlock(
        label=_("Embedded media"),
        help_text=_("A video or audio URL, e.g. from YouTube or Vimeo."),
        template="blog/blocks/embed.html",
    )
