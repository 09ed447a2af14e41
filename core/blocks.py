"""StreamField blocks every page type shares: a section heading and a pulled quote.

The site's pages, blog posts and training descriptions all offer them, with one template each
(``practice_core/blocks/``), so a quote looks the same wherever an owner puts it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    """A section heading; the page's title is its only h1."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "practice_core/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    """A pulled quote with an optional attribution."""

    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "practice_core/blocks/quote.html"
