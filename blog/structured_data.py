"""Structured data of a post: its JSON-LD ``BlogPosting`` (public contract, see ARCHITECTURE)."""

from django.utils.html import strip_tags
from django.utils.translation import get_language

from practice_core.json_ld import script_json


def json_ld(page, request, summary, authors) -> str:
    """The post's JSON-LD ``BlogPosting``; ``aggregateRating`` only once someone has rated it."""
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
    if authors:
        data["author"] = [
            {
                "@type": "Person",
                "name": author["name"],
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
