"""Development: debug on, console email, a throwaway secret key when none is given."""

from .base import *  # noqa: F403
from .environment import email_from_env, env_str, machine_translator_from_env

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-dev-only-practice-cms")
ALLOWED_HOSTS = ["*"]
# Emails are printed to the console unless EMAIL_URL (or EMAIL_HOST) names a real server.
globals().update(email_from_env(default_backend="console"))
# The dummy translator (it reverses words; nothing leaves the machine) unless MACHINE_TRANSLATOR
# names a real one.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_from_env() or {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}

# HTML compressed by the app for the demo (`make demo`), so what a browser measures locally is
# close to production, where the reverse proxy compresses it (docs/operations.md, "Compression").
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]  # noqa: F405
