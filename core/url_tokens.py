"""Signed tokens that fit in one segment of a URL path, for links in emails.

Django's ``signing.dumps`` joins its parts with ``:``, which Wagtail's page routes do not accept
(a page path segment is letters, digits, ``_`` and ``-``). A token here is ``<id>-<signature>``:
the id of a row and a keyed hash (HMAC from ``SECRET_KEY`` and a salt naming its purpose) in hex.
It does not expire: a link to stop emails must work years later. Rotating ``SECRET_KEY``
invalidates every such link.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

SIGNATURE_LENGTH = 32


def make(salt: str, pk: int) -> str:
    return f"{pk}-{_signature(salt, pk)}"


def read(salt: str, token: str) -> int | None:
    """The id in ``token`` if its signature is right for ``salt``, else None."""
    pk_text, _sep, signature = (token or "").partition("-")
    if not pk_text.isdigit() or len(pk_text) > 19 or len(signature) != SIGNATURE_LENGTH:
        return None
    pk = int(pk_text)
    return pk if constant_time_compare(signature, _signature(salt, pk)) else None


def _signature(salt: str, pk: int) -> str:
    return salted_hmac(salt, str(pk), algorithm="sha256").hexdigest()[:SIGNATURE_LENGTH]
