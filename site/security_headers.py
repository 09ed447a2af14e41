"""Security headers Django does not send by itself: Content-Security-Policy and Permissions-Policy.

Django's ``SecurityMiddleware`` and ``XFrameOptionsMiddleware`` already send HSTS,
``X-Content-Type-Options``, ``Referrer-Policy`` and ``X-Frame-Options``; Django 5.2 has no
Content-Security-Policy of its own, so :class:`SecurityHeadersMiddleware` adds one.

Public pages get a strict policy: scripts only from the site's own origin, no inline script, no
``eval``, no plugins, no framing by other sites. ``<script type="application/ld+json">`` blocks are
data, never executed, so structured data keeps working under ``script-src 'self'``.

The Wagtail admin needs more: a few of its widgets render inline ``<script>`` elements and
``style`` attributes, and its accessibility checker (axe-core) compiles message templates with
``new Function``. Paths listed in ``CONTENT_SECURITY_POLICY_RELAXED_PATHS`` (``/admin/`` by default)
get ``CONTENT_SECURITY_POLICY_ADMIN`` instead; everything else gets ``CONTENT_SECURITY_POLICY``.
The API's Swagger UI (``/api/v3/docs/``) runs from the site's own static files without inline
script, so it keeps the strict public policy.
A response that already carries a Content-Security-Policy keeps it (Wagtail's image and document
views send ``default-src 'none'``, stricter than either).

Every policy is a dict of directive -> list of sources, so a deployment adds a source (a CDN for
media, a video provider for embeds) in settings without rewriting the policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings

SELF = "'self'"
NONE = "'none'"

# Video providers whose players Wagtail's EmbedBlock frames in a page body.
DEFAULT_FRAME_SOURCES = (
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
)

PUBLIC_POLICY: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    # Wagtail's responsive embeds size the player with a padding-bottom style attribute. A style
    # attribute cannot run script or select other elements, so allowing attributes (not
    # <style> elements) keeps embeds responsive at little risk.
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "media-src": [SELF],
    "connect-src": [SELF],
    "frame-src": list(DEFAULT_FRAME_SOURCES),
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}

ADMIN_POLICY: dict[str, list[str]] = {
    "default-src": [SELF],
    # Inline panels and date widgets render inline <script>; axe-core (the accessibility
    # checker) builds its messages with new Function().
    "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [SELF, "'unsafe-inline'"],
    # Embed thumbnails and avatars come from other hosts; uploads are previewed from blob: URLs.
    "img-src": [SELF, "data:", "blob:", "https:"],
    "font-src": [SELF, "data:"],
    "media-src": [SELF, "blob:"],
    "connect-src": [SELF],
    "worker-src": [SELF, "blob:"],
    # The live preview is a same-origin iframe; previews of embeds frame the video providers.
    "frame-src": [SELF, *DEFAULT_FRAME_SOURCES],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

# The admin only: the API's Swagger UI works under the public policy (its styles are in a
# stylesheet; the style attributes it sets are allowed by style-src-attr).
DEFAULT_RELAXED_PATHS = ("/admin/",)

# Browser features a practice website never uses; denying them limits what injected or
# third-party code (an embedded player) could ask the visitor for.
DEFAULT_PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
    # Embedded video players may go full screen; nothing else may.
    "fullscreen": ["self", *(f'"{source}"' for source in DEFAULT_FRAME_SOURCES)],
}


def format_content_security_policy(policy: Mapping[str, Sequence[str]]) -> str:
    """Render a directive -> sources mapping as a Content-Security-Policy header value."""
    parts = []
    for directive, sources in policy.items():
        if sources is None:
            continue
        parts.append(" ".join([directive, *sources]).strip())
    return "; ".join(parts)


def format_permissions_policy(policy: Mapping[str, Sequence[str]]) -> str:
    """Render a feature -> allowlist mapping as a Permissions-Policy header value.

    An empty allowlist, ``feature=()``, denies the feature to the page and every frame in it.
    """
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


def content_security_policy_for(path: str, admin_preview: bool = False) -> str:
    """The Content-Security-Policy header value for a request path.

    ``admin_preview`` marks Wagtail's preview of a public page, rendered inside the admin's preview
    panel: it keeps the public page's policy (so the preview shows what visitors will get) except
    that the admin, on the same origin, may frame it.
    """
    relaxed_paths = getattr(
        settings, "CONTENT_SECURITY_POLICY_RELAXED_PATHS", DEFAULT_RELAXED_PATHS
    )
    if any(path.startswith(prefix) for prefix in relaxed_paths):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", ADMIN_POLICY)
    else:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", PUBLIC_POLICY)
    if admin_preview:
        policy = {**policy, "frame-ancestors": [SELF]}
    return format_content_security_policy(policy)


class SecurityHeadersMiddleware:
    """Add Content-Security-Policy and Permissions-Policy to every response that lacks them.

    Setting ``CONTENT_SECURITY_POLICY_REPORT_ONLY = True`` sends the policy as
    ``Content-Security-Policy-Report-Only`` instead, to try a tightened policy on a live site
    without breaking it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if "Content-Security-Policy" not in response and header not in response:
            # Wagtail renders previews through the middleware with a dummy request for the
            # page's public URL, flagged ``is_dummy``.
            response[header] = content_security_policy_for(
                request.path, admin_preview=getattr(request, "is_dummy", False)
            )
        if "Permissions-Policy" not in response:
            permissions = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
            if permissions:
                response["Permissions-Policy"] = format_permissions_policy(permissions)
        return response
