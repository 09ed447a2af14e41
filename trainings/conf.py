"""The trainings plugin's settings: one dict, ``PRACTICE_TRAININGS``, in the host's settings; every
key optional.

    PRACTICE_TRAININGS = {"IMPORT_MAX_BYTES": 5 * 1024 * 1024}

``get("IMPORT_MAX_BYTES")`` answers the host's value or the default below
(docs/trainings-guide.md, "Settings"). The plugin reads nothing else of the host's settings but
Django's and Wagtail's own; what it shares with the blog (trusted proxies, the throttle cache, ...)
is ``PRACTICE_CORE``.
"""

from django.conf import settings

DEFAULTS = {
    # The largest CSV file (or pasted text) the "Import trainings" and "Import assessments"
    # screens accept, in bytes.
    "IMPORT_MAX_BYTES": 2 * 1024 * 1024,
}


def get(key: str):
    """The value of ``PRACTICE_TRAININGS[key]``, or its default; an unknown key is a programming
    error."""
    if key not in DEFAULTS:
        raise KeyError(f"PRACTICE_TRAININGS has no setting {key!r}")
    return (getattr(settings, "PRACTICE_TRAININGS", None) or {}).get(key, DEFAULTS[key])
