"""Who is rating or commenting, without storing who they are.

An anonymous visitor gets a random token in a signed, HttpOnly, first-party cookie. What is stored
with their rating is a keyed hash of that token (HMAC with a key derived from SECRET_KEY), never
the token or their IP address; a signed-in user is ``user:<id>``. Throttles key on a hash of the
visitor's network (see :mod:`practice_core.throttles`).
"""

import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.utils.crypto import salted_hmac

from practice_core.throttles import network_key

from . import conf

COOKIE_NAME = "blog_visitor"
COOKIE_SALT = "practice_blog.visitors.cookie"
HASH_SALT = "practice_blog.visitors.voter-key"


@dataclass
class Visitor:
    """A visitor as the blog's services see them."""

    voter_key: str
    network_key: str
    blog_settings: object = None
    user: object = None
    new_token: str | None = field(default=None, repr=False)
    # Seconds since the visitor's cookie was first set (None: no cookie yet, or signed in).
    cookie_age: int | None = None

    def remember(self, request, response):
        """Set the visitor cookie on ``response`` when this visitor did not have one yet."""
        if self.new_token is None:
            return response
        response.set_signed_cookie(
            COOKIE_NAME,
            self.new_token,
            salt=COOKIE_SALT,
            max_age=conf.get("VISITOR_COOKIE_MAX_AGE"),
            httponly=True,
            secure=request.is_secure(),
            samesite="Lax",
        )
        return response


def voter_key_for_token(token: str) -> str:
    """The keyed hash stored for a visitor's cookie token."""
    return salted_hmac(HASH_SALT, token, algorithm="sha256").hexdigest()


def read_token(request) -> str | None:
    """The visitor's token if their cookie is present and correctly signed."""
    try:
        token = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, default=None)
    except signing.BadSignature:
        return None
    if token and 16 <= len(token) <= 64:
        return token
    return None


def read_cookie_age(request) -> int | None:
    """Seconds since the visitor's cookie was set, from the timestamp Django signs into it."""
    import time

    if read_token(request) is None:  # missing, or its signature does not hold
        return None
    # A valid signed cookie reads "token:timestamp:signature" (Django's TimestampSigner).
    try:
        timestamp = signing.b62_decode(request.COOKIES[COOKIE_NAME].rsplit(":", 2)[1])
    except (KeyError, IndexError, ValueError):
        return None
    return max(0, int(time.time() - timestamp))


def existing_voter_key(request, user=None) -> str | None:
    """The voter key of a returning visitor, or None for someone new (sets no cookie)."""
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    token = read_token(request)
    return voter_key_for_token(token) if token else None


def identify(request, user=None, blog_settings=None) -> Visitor:
    """The visitor behind ``request``; a new token is minted (and must be remembered) if needed."""
    from .models import BlogSettings

    if blog_settings is None:
        blog_settings = BlogSettings.for_request(request)
    user = user if user is not None else getattr(request, "user", None)
    new_token = None
    voter_key = existing_voter_key(request, user)
    if voter_key is None:
        new_token = secrets.token_urlsafe(24)
        voter_key = voter_key_for_token(new_token)
    signed_in = user is not None and user.is_authenticated
    return Visitor(
        voter_key=voter_key,
        network_key=network_key(request),
        blog_settings=blog_settings,
        user=user if signed_in else None,
        new_token=new_token,
        cookie_age=None if signed_in or new_token else read_cookie_age(request),
    )
