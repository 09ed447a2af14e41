"""StreamField blocks for the site's own pages (home, standard pages)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from practice_core.blocks import HeadingBlock, QuoteBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    quote = QuoteBlock()
    image = ImageBlock(label=_("Image"))
    embed = EmbedBlock(label=_("Embedded media"), help_text=_("A video or audio URL."))

    class Meta:
        template = "practice_site/blocks/body.html"
