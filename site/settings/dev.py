"""Development: debug on, console email, a throwaway secret key when none is given."""

from .base import *  # noqa: F403
from .environment import email_from_env, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-dev-only-practice-cms")
ALLOWED_HOSTS = ["*"]
# Emails are printed to the console unless EMAIL_URL (or EMAIL_HOST) names a real server.
globals().update(email_from_env(default_backend="console"))
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
