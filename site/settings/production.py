"""Production: refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.

Run ``manage.py check --deploy --fail-level WARNING`` with these settings before deploying.
"""

from practice_core.network import parse_networks

from ..security_headers import ADMIN_POLICY, DEFAULT_FRAME_SOURCES, PUBLIC_POLICY
from .base import *  # noqa: F403
from .environment import ConfigurationError, env_bool, env_int, env_list, env_str

DEBUG = False

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ConfigurationError(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ConfigurationError("ALLOWED_HOSTS must list the site's host names in production")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the app server itself over plain HTTP (docs/operations.md, "Health checks").
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# Behind a reverse proxy that terminates TLS, the proxy says "https" in X-Forwarded-Proto.
# practice_core.network.TrustedProxyHeadersMiddleware (first in MIDDLEWARE) deletes that header
# unless the peer is in TRUSTED_PROXIES, so setting this unconditionally is safe: a client that
# reaches gunicorn directly cannot claim HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
try:
    parse_networks(tuple(PRACTICE_CORE["TRUSTED_PROXIES"]))  # noqa: F405
except ValueError as exc:
    raise ConfigurationError(
        f"TRUSTED_PROXIES must list IP addresses or networks (e.g. 10.0.0.0/8): {exc}"
    ) from None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if not SECURE_HSTS_PRELOAD:
    # An owner who opts out of the preload list has decided so; do not nag at every check.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
# SESSION_COOKIE_AGE (8 hours by default) is set in base.py: admin sessions end in every profile.
X_FRAME_OPTIONS = "DENY"

# WhiteNoise serves the collected static files straight after SecurityMiddleware.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
# Pages and API answers are compressed by the reverse proxy (docs/operations.md, "Compression").
# Served with no proxy in front, as `make serve` and `make lighthouse` do, the app compresses
# them itself: COMPRESS_RESPONSES=true. Below WhiteNoise, whose files are compressed already.
if env_bool("COMPRESS_RESPONSES", False):
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "django.middleware.gzip.GZipMiddleware",
    )

# Uploaded images are served by the reverse proxy (docs/operations.md, "Serve static files and
# media"). With no proxy in front, as under `make serve` and `make lighthouse`, the app serves
# them itself: SERVE_MEDIA_IMAGES=true (practice_site.media_files).
SERVE_MEDIA_IMAGES = env_bool("SERVE_MEDIA_IMAGES", False)

# Content-Security-Policy (practice_site.security_headers): strict on public pages, relaxed for
# the admin. A deployment that serves media from object storage or a CDN, or embeds players from
# other providers, lists their origins here instead of loosening the policy.
CSP_MEDIA_SOURCES = env_list("CSP_MEDIA_SOURCES", [])
CSP_FRAME_SOURCES = env_list("CSP_FRAME_SOURCES", list(DEFAULT_FRAME_SOURCES))
CONTENT_SECURITY_POLICY = {
    **PUBLIC_POLICY,
    "img-src": [*PUBLIC_POLICY["img-src"], *CSP_MEDIA_SOURCES],
    "media-src": [*PUBLIC_POLICY["media-src"], *CSP_MEDIA_SOURCES],
    "frame-src": CSP_FRAME_SOURCES or ["'none'"],
}
CONTENT_SECURITY_POLICY_ADMIN = {
    **ADMIN_POLICY,
    "media-src": [*ADMIN_POLICY["media-src"], *CSP_MEDIA_SOURCES],
    "frame-src": ["'self'", *CSP_FRAME_SOURCES],
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

# Privacy: no editor's e-mail hash is sent to gravatar.com to draw avatars in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING["root"]["level"] = env_str("LOG_LEVEL", "INFO")  # noqa: F405
