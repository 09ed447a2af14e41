"""Settings shared by every profile (dev, test, production).

Configuration that differs between deployments comes from environment variables, read in
``environment.py``: DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .environment import (
    cache_from_env,
    database_from_env,
    email_from_env,
    env_float,
    env_int,
    env_list,
    env_str,
    machine_translator_from_env,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/
BASE_DIR = PROJECT_DIR.parent  # the checkout

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "practice_site",
    "practice_blog",
    "practice_trainings",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v3",
    # django-ninja as an app: the API docs (/api/v3/docs/) render Swagger UI from its static
    # files (templates/ninja/swagger.html), never from a CDN, in every profile.
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Last: its ready() connects the content-version receivers for every model and plugin hook.
    "practice_core",
]

MIDDLEWARE = [
    # operations: believe X-Forwarded-Proto only from TRUSTED_PROXIES (before anything reads it).
    "practice_core.network.TrustedProxyHeadersMiddleware",
    # operations: Content-Security-Policy and Permissions-Policy in every profile, so a page
    # that breaks the strict policy shows up in development, not first in production. Outside
    # SecurityMiddleware so that its redirects, and static files, carry them too.
    "practice_site.security_headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "practice_site.locale_middleware.PageLocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # NUL bytes anywhere in the URL, out-of-range numbers and paging on the API: 400/422 before
    # any view reads the query string (practice_core.query_params).
    "practice_core.query_params.QueryParametersMiddleware",
    # API bodies over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 problem+json, logged as a warning.
    "practice_core.query_params.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin users limited to some languages (translators): other languages' pages and objects,
    # and whatever Wagtail refuses them, answer 403 with a message naming their languages.
    "practice_core.permissions.LocaleLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "practice_site.http_caching.APICacheHeadersMiddleware",
    # Shared answers for anonymous visitors (pages and the API's page detail), before routing;
    # inside the caching headers, CORS, CSRF, locale and security middleware, which all apply.
    "practice_core.cache.SharedResponseMiddleware",
]

ROOT_URLCONF = "practice_site.urls"
WSGI_APPLICATION = "practice_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = cache_from_env()
# operations: pages keep serving while Redis is down (practice_site.cache); throttles use the
# strict "throttles" alias on the same store, so they notice the outage and fail closed.
CACHES["throttles"] = dict(CACHES["default"])
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"] = {**CACHES["default"], "BACKEND": "practice_site.cache.ResilientRedisCache"}
    CACHES["throttles"] = {**CACHES["throttles"], "BACKEND": "practice_site.cache.StrictRedisCache"}
# After a Redis call fails, both caches leave Redis alone this long (seconds): reads miss and
# throttled actions are refused at once instead of each waiting for a timeout.
REDIS_RETRY_INTERVAL = env_float("REDIS_RETRY_INTERVAL", 2.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the source language; every public URL carries a prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Visitor writes are small; anything bigger than this is refused before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "practice-cms")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend, given only text it can handle (practice_core.search).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "practice_core.search"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILAPI_LIMIT_MAX = 50
WAGTAIL_ENABLE_UPDATE_CHECK = False
# e2e/accessibility (no third-party requests): staff avatars are not fetched from gravatar.com,
# which would tell a third party a hash of each staff member's e-mail address on every admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# wagtail-localize: a new translation is a draft until a translator publishes it (the default
# copies the source's live state, which put untranslated pages live; practice_site.
# translation_publishing closes the other ways). Machine translation is off unless configured
# (see the translator's guide).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_from_env()

# Headless front ends: how long public API GETs may be cached, where editors preview drafts.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
HEADLESS_PREVIEW_URL = env_str("HEADLESS_PREVIEW_URL", "")
HEADLESS_PREVIEW_MAX_AGE = env_int("HEADLESS_PREVIEW_MAX_AGE", 600)

# A CDN or caching proxy in front of the site: published pages, and their API detail, are purged
# on publish (Wagtail's frontend cache; see docs/operations.md). Unset: nothing to purge.
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
        }
    }
    if env_str("FRONTEND_CACHE_PURGE_URL")
    else {}
)

# Cross-origin visitor writes from a headless front end (see README, headless guide).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/api/v3/.*$"

# Email (docs/operations.md, "Email"): EMAIL_URL, or EMAIL_HOST/EMAIL_PORT/EMAIL_USE_TLS/...;
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD and EMAIL_TIMEOUT are set here. Every email is built by practice_core.mail.
globals().update(email_from_env(default_backend="smtp"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "website@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGIN_URL = "wagtailadmin_login"

# operations: admin sign-in throttled against password guessing (see practice_site.admin_login),
# and sessions that end: 8 hours from sign-in unless SESSION_COOKIE_AGE says otherwise.
WAGTAILADMIN_USER_LOGIN_FORM = "practice_site.admin_login.ThrottledLoginForm"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)

# The plugins' own settings (docs/operations.md, "Plugin settings"): the shared core, the blog and
# the trainings each read one dict; every key is optional. Filled from the same environment
# variables as before.
PRACTICE_CORE = {
    # Clients are identified by their network address only behind proxies listed here (see
    # docs/operations.md). Empty means REMOTE_ADDR is the client.
    "TRUSTED_PROXIES": env_list("TRUSTED_PROXIES", []),
    # Visitor data retention (days) for throttle records and voter hashes.
    "VISITOR_DATA_RETENTION_DAYS": env_int("VISITOR_DATA_RETENTION_DAYS", 180),
    # /health/ready/ gives each database and cache this long (seconds) before answering 503.
    "READINESS_TIMEOUT": env_float("READINESS_TIMEOUT", 1.0),
}
PRACTICE_BLOG = {}
PRACTICE_TRAININGS = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
