"""The shared core's settings: one dict, ``PRACTICE_CORE``, in the host's settings; every key
optional. It holds what the host provides to both plugins (docs/operations.md, "Plugin settings").

    PRACTICE_CORE = {"TRUSTED_PROXIES": ["10.0.0.0/8"], "VISITOR_DATA_RETENTION_DAYS": 90}

``get("TRUSTED_PROXIES")`` answers the host's value or the default below. Besides this dict the
core reads only Django's and Wagtail's own settings (CACHES, LANGUAGES, DEFAULT_FROM_EMAIL, ...).
"""

from django.conf import settings

DEFAULTS = {
    # Reverse proxies (addresses or networks) whose X-Forwarded-For is believed for the client's
    # address; empty: the peer's own address is the client's.
    "TRUSTED_PROXIES": (),
    # The cache alias holding throttle counters; None: "throttles" if CACHES has it, else "default".
    "THROTTLE_CACHE": None,
    # Days visitors' data (ratings' network keys, comments' addresses, ...) is kept by
    # purge_visitor_data unless it is given --days.
    "VISITOR_DATA_RETENTION_DAYS": 180,
    # Seconds each check of the readiness probe (/health/ready/) may take.
    "READINESS_TIMEOUT": 1.0,
    # URL namespaces of the HTTP APIs whose routes answer errors API-style (problem+json).
    "API_NAMESPACES": ("wagtailapi_v3",),
    # Wrong passwords for one page's restriction from one network, and from one network for any
    # page, before further tries are refused for PAGE_PASSWORD_LOCKOUT_SECONDS.
    "PAGE_PASSWORD_MAX_FAILURES": 5,
    "PAGE_PASSWORD_MAX_NETWORK_FAILURES": 30,
    "PAGE_PASSWORD_LOCKOUT_SECONDS": 15 * 60,
}


def get(key: str):
    """The value of ``PRACTICE_CORE[key]``, or its default; an unknown key is a programming
    error."""
    if key not in DEFAULTS:
        raise KeyError(f"PRACTICE_CORE has no setting {key!r}")
    return (getattr(settings, "PRACTICE_CORE", None) or {}).get(key, DEFAULTS[key])
