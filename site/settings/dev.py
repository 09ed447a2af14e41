"""Development: debug on, console email, a throwaway secret key when none is given."""

from .base import *  # noqa: F403
from .environment import env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-dev-only-practice-cms")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
