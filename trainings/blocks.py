"""StreamField blocks for a training's description (self-contained: no site-layer imports)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from practice_core.blocks import QuoteBlock

DESCRIPTION_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class ModuleBlock(blocks.StructBlock):
    """One module or day of the training's programme."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    summary = blocks.RichTextBlock(label=_("Summary"), features=DESCRIPTION_FEATURES)

    class Meta:
        icon = "list-ul"
        label = _("Module")
        template = "practice_trainings/blocks/module.html"


class TrainingDescriptionBlock(blocks.StreamBlock):
    """What a training page's description may contain."""

    paragraph = blocks.RichTextBlock(features=DESCRIPTION_FEATURES, label=_("Paragraph"))
    module = ModuleBlock()
    quote = QuoteBlock()
    image = ImageBlock(label=_("Image"))
