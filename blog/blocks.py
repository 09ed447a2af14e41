"""StreamField blocks for blog posts: headings, rich paragraphs, quotes, images and embeds."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from practice_core.blocks import HeadingBlock, QuoteBlock

# Bulleted and numbered lists are the point of most practice posts; headings inside a paragraph
# are left out on purpose so the outline comes from the heading block alone.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class CaptionedImageBlock(blocks.StructBlock):
    """An image (with its alt text, required unless marked decorative) and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "practice_blog/blocks/image.html"


class PostBodyBlock(blocks.StreamBlock):
    """The body of a blog post."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        label=_("Paragraph"),
        template="practice_blog/blocks/paragraph.html",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    embed = EmbedBlock(
        label=_("Embedded media"),
        help_text=_("A video or audio URL, e.g. from YouTube or Vimeo."),
        template="practice_blog/blocks/embed.html",
    )
