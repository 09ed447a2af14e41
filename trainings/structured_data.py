"""Schema.org JSON-LD for training pages: a Course with offers, instances, provider and review."""

from wagtail.models import Site

from practice_core.json_ld import script_json

from .models.pages import FORMAT_IN_PERSON, FORMAT_ONLINE, FORMAT_SELF_PACED

COURSE_MODE = {
    FORMAT_ONLINE: "online",
    FORMAT_IN_PERSON: "onsite",
    "hybrid": "blended",
    FORMAT_SELF_PACED: "online",
}


def _reviewer_name(request) -> str:
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or "Training directory"


def course_data(page, request, scorecard, sessions=None, languages=None) -> dict:
    """The Course object as a dict (tested directly; rendered by :func:`course_json_ld`).

    ``sessions`` and ``languages`` can be passed when the caller has already loaded them.
    """
    if sessions is None:
        sessions = list(page.sessions.all())
    if languages is None:
        languages = [item.language for item in page.languages_offered.all()]
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": languages or [page.locale.language_code],
    }
    if page.provider_id:
        provider = page.provider
        data["provider"] = {"@type": "Organization", "name": provider.name}
        if provider.website:
            data["provider"]["sameAs"] = provider.website
    if page.cost is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": str(page.cost),
            "priceCurrency": page.currency,
            "category": "Free" if page.is_free else "Paid",
            "url": page.registration_url or url,
        }
    if page.ce_credits:
        data["educationalCredentialAwarded"] = {
            "@type": "EducationalOccupationalCredential",
            "name": f"{page.ce_credits.normalize():f} CE credits",
            "recognizedBy": {"@type": "Organization", "name": page.ce_approving_body}
            if page.ce_approving_body
            else None,
        }
        if data["educationalCredentialAwarded"]["recognizedBy"] is None:
            del data["educationalCredentialAwarded"]["recognizedBy"]
    instances = []
    mode = COURSE_MODE.get(page.format, "online")
    for session in sessions:
        instance = {
            "@type": "CourseInstance",
            "courseMode": mode,
            "startDate": session.starts_at.isoformat(),
        }
        if session.ends_at:
            instance["endDate"] = session.ends_at.isoformat()
        if page.location and page.format != FORMAT_ONLINE:
            instance["location"] = page.location
        instances.append(instance)
    if not instances:
        instance = {"@type": "CourseInstance", "courseMode": mode}
        if page.total_hours:
            instance["courseWorkload"] = f"PT{int(page.total_hours)}H"
        instances.append(instance)
    data["hasCourseInstance"] = instances
    if scorecard is not None and scorecard.score is not None:
        data["review"] = {
            "@type": "Review",
            "name": f"Checklist version {scorecard.version}",
            "reviewBody": scorecard.band_label,
            "datePublished": scorecard.reviewed_on.isoformat() if scorecard.reviewed_on else None,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": scorecard.score,
                "bestRating": 100,
                "worstRating": 0,
            },
            "author": {"@type": "Organization", "name": _reviewer_name(request)},
        }
    return data


def course_json_ld(page, request, scorecard, **loaded) -> str:
    """The Course as JSON safe to embed in a ``<script type="application/ld+json">``."""
    return script_json(course_data(page, request, scorecard, **loaded))
