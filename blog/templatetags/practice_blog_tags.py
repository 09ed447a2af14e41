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


@register.inclusion_tag("practice_blog/includes/follow_form.html", takes_context=True)
def follow_form(context, page):
    """The "Get new posts by email" form for a journal (``page``: its index or one of its posts).

    No query on a served post: routing to it cached its parent, the journal. The form carries
    no CSRF token (see ``practice_blog.views.follow_journal``), so pages cached whole can show it.
    """
    from django.urls import reverse

    from practice_blog.forms import FollowForm
    from practice_blog.models import BlogIndexPage, BlogSettings

    settings = context.get("blog_settings")
    if settings is None:
        # Read, never created here: creating the row would change the content version the
        # page being rendered is cached under.
        from wagtail.models import Site

        site = Site.find_for_request(context.get("request"))
        settings = BlogSettings.objects.filter(site=site).first() or BlogSettings()
    if not settings.offer_following:
        return {"show": False}
    index_id = page.pk if isinstance(page, BlogIndexPage) else page.get_parent().pk
    return {
        "show": True,
        "action": reverse("blog_follow", args=[index_id]),
        "form": context.get("follow_form") or FollowForm(auto_id="follow_%s"),
        "weekly": settings.follower_emails == BlogSettings.FollowerEmails.WEEKLY,
    }


@register.simple_tag
def rating_summary_text(summary):
    """ "4.5 out of 5 · 12 ratings", numbers written as the language writes them."""
    from practice_blog.rendering import summary_text

    return summary_text(summary.average, summary.count)


@register.simple_tag
def own_rating_text(stars):
    """ "Your rating: 4 stars" for the visitor's own ballot."""
    from practice_blog.rendering import own_text

    return own_text(stars)
