"""Test profile: fast password hashing, in-memory email, the dummy machine translator.

``DATABASE_URL`` and ``REDIS_URL`` are honoured so CI runs the same suite on PostgreSQL + Redis.
"""

from .base import *  # noqa: F403
from .environment import env_str

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://testserver")

# The suite fills and clears the cache and the throttle counters: on a Redis that `make serve`
# (or a demo) also uses, its keys must never be theirs, whatever CACHE_KEY_PREFIX says.
CACHES = {
    name: {**cache, "KEY_PREFIX": f"{cache['KEY_PREFIX']}-test"} if "KEY_PREFIX" in cache else cache
    for name, cache in CACHES.items()  # noqa: F405
}
