"""Short-lived, signed preview tokens that let a headless front end show one page's draft.

An editor with edit rights on a page mints a token from the admin ("Headless preview" in the
page's header menu); the API's ``/api/v3/preview/`` route accepts it for that page only, until it
expires (``HEADLESS_PREVIEW_MAX_AGE`` seconds, default 600).
"""

from django.conf import settings
from django.core import signing

SALT = "practice-cms.headless-preview"


class PreviewTokenError(Exception):
    """The token is malformed, tampered with, or expired."""


def max_age() -> int:
    return int(getattr(settings, "HEADLESS_PREVIEW_MAX_AGE", 600))


def make_preview_token(page) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"page": page.pk})


def read_preview_token(token: str) -> int:
    """Return the page id the token was minted for, or raise :class:`PreviewTokenError`."""
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age())
    except signing.SignatureExpired:
        raise PreviewTokenError("The preview token has expired; ask for a new one.") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise PreviewTokenError("The preview token is not valid.") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("page"), int):
        raise PreviewTokenError("The preview token is not valid.")
    return payload["page"]
