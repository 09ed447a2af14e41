"""The blog's settings: one dict, ``PRACTICE_BLOG``, in the host's settings; every key optional.

    PRACTICE_BLOG = {"RATING_DAILY_CAP": 10, "RATINGS_PER_LOCALE": True}

``get("RATING_DAILY_CAP")`` answers the host's value or the default below (docs/blog-guide.md,
"Settings"). The blog reads nothing else of the host's settings but Django's and Wagtail's own;
what it shares with the site (trusted proxies, visitor-data retention, ...) is ``PRACTICE_CORE``.
"""

from django.conf import settings

DEFAULTS = {
    # New ballots one network may cast on one post per day (0: no cap).
    "RATING_DAILY_CAP": 20,
    # New ballots a network may cast on a post within RATING_BURST_WINDOW seconds before further
    # ones are held for the owner (0: never hold).
    "RATING_BURST": 3,
    "RATING_BURST_WINDOW": 60 * 60,
    # Seconds a held ballot waits for the owner before it counts anyway.
    "RATING_COOL_DOWN": 72 * 60 * 60,
    # True: each language of a post keeps its own ratings; False: a post's translations share them.
    "RATINGS_PER_LOCALE": False,
    # Comment threads shown per page of a post (at least 1).
    "COMMENT_THREADS_PER_PAGE": 50,
    # Lifetime in seconds of the anonymous visitor cookie (ratings and own pending comments).
    "VISITOR_COOKIE_MAX_AGE": 60 * 60 * 24 * 365,
}


def get(key: str):
    """The value of ``PRACTICE_BLOG[key]``, or its default; an unknown key is a programming
    error."""
    if key not in DEFAULTS:
        raise KeyError(f"PRACTICE_BLOG has no setting {key!r}")
    return (getattr(settings, "PRACTICE_BLOG", None) or {}).get(key, DEFAULTS[key])
