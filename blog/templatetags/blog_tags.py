"""Template filters for visitors' text on blog posts."""

import re

from django import template
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

register = template.Library()

ANCHOR = re.compile(r'<a href="([^"]*)"(?: rel="[^"]*")?>')


@register.filter(is_safe=True)
def comment_text(value):
    """A visitor's plain text as HTML: escaped, line breaks kept, links made safe to follow.

    Links get ``rel="nofollow ugc noopener"`` so search engines do not credit them and the
    linked page cannot reach back into ours.
    """
    escaped = escape(value or "")
    linked = urlize(escaped, nofollow=False, autoescape=False)
    linked = ANCHOR.sub(r'<a href="\1" rel="nofollow ugc noopener">', linked)
    paragraphs = [
        part for part in re.split(r"\n{2,}", linked.replace("\r\n", "\n")) if part.strip()
    ]
    html = "".join(f"<p>{part.strip().replace(chr(10), '<br>')}</p>" for part in paragraphs)
    return mark_safe(html)  # noqa: S308 - built from escaped text above
