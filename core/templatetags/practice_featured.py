"""``{% featured_sections page as sections %}``: what the plugins feature on a home page
(``practice_core.featured``)."""

from django import template

from practice_core.featured import featured_sections as collect_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def featured_sections(context, home):
    """The sections (heading, items, index, more_label, template) the plugins' index pages
    directly below ``home`` offer."""
    return collect_sections(home, context.get("request"))
