"""Structured data of a post: its JSON-LD ``BlogPosting`` (public contract, see ARCHITECTURE),
with what Google's Article rich result asks for (``headline``, ``image``, ``datePublished``,
``dateModified``, ``author`` with ``name`` and ``url``) and the ``publisher``, and the image
link previews use (``og:image``).

Who publishes comes from the site through the ``practice_publisher`` Wagtail hook
(``fn(request)`` returning ``{"name", "url", "logo": Image | None, "share_image": Image | None}``
or None), so the plugin never imports the site; without it there is no publisher and no default
share image.
"""

from django.utils.html import strip_tags
from django.utils.translation import get_language
from wagtail import hooks

from practice_core.json_ld import script_json

PUBLISHER_HOOK = "practice_publisher"
SHARE_RENDITION = "fill-1200x630"
LOGO_RENDITION = "max-600x600"  # Google: a logo at least 112 px on each side


def publisher_for(request) -> dict | None:
    """What the ``practice_publisher`` hook says about who publishes the site, or None."""
    for hook in hooks.get_hooks(PUBLISHER_HOOK):
        found = hook(request)
        if found:
            return found
    return None


def image_data(image, spec, request, alt="") -> dict:
    """An image's rendition as absolute URL, size and alternative text (plain data, cacheable).

    ``alt`` is what the page says about the image in its own language; without one the image
    is decorative (""), never the image library's description, which is in one language only.
    """
    rendition = image.get_rendition(spec)
    return {
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
    }


def post_sharing(page, request) -> dict:
    """A post's share image (its hero, else the site's default share image) and its publisher
    (name, URL, logo), as plain data."""
    publisher = publisher_for(request) or {}
    share = None
    if page.hero_image_id:
        # The page's own (translated) description, never the image library's English one.
        share = image_data(
            page.hero_image, SHARE_RENDITION, request, alt=page.hero_image_alt or page.title
        )
    elif publisher.get("share_image") is not None:
        share = image_data(publisher["share_image"], SHARE_RENDITION, request)
    organisation = None
    if publisher.get("name"):
        organisation = {"@type": "Organization", "name": publisher["name"]}
        if publisher.get("url"):
            organisation["url"] = publisher["url"]
        if publisher.get("logo") is not None:
            logo = image_data(publisher["logo"], LOGO_RENDITION, request)
            organisation["logo"] = {
                "@type": "ImageObject",
                "url": logo["url"],
                "width": logo["width"],
                "height": logo["height"],
            }
    return {"share_image": share, "publisher": organisation}


def json_ld(page, request, summary, authors, sharing=None) -> str:
    """The post's JSON-LD ``BlogPosting``; ``aggregateRating`` only once someone has rated it.

    ``authors``: ``[{"name", "role", "url"}]`` (``url``: their archive on the journal);
    ``sharing``: :func:`post_sharing`'s answer.
    """
    sharing = sharing or {}
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": page.title,
        "description": page.summary or strip_tags(page.search_description or ""),
        "datePublished": page.publication_date.isoformat(),
        "inLanguage": get_language(),
        "url": page.get_full_url(request),
        "mainEntityOfPage": page.get_full_url(request),
        "timeRequired": f"PT{page.reading_time}M",
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if sharing.get("share_image"):
        data["image"] = [sharing["share_image"]["url"]]
    if sharing.get("publisher"):
        data["publisher"] = sharing["publisher"]
    if authors:
        data["author"] = [
            {
                "@type": "Person",
                "name": author["name"],
                **({"url": author["url"]} if author.get("url") else {}),
                **({"jobTitle": author["role"]} if author["role"] else {}),
            }
            for author in authors
        ]
    if summary.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": summary.average,
            "ratingCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return script_json(data)
