"""Settings of the live demo server the browser tests drive.

The development profile (so the dummy machine translator and console email are on), but with
DEBUG off: visitors get the site's own 404 page, not Django's technical one, and the pages are
rendered exactly as in production. ``runserver --insecure`` serves the static files; media
files are served by :mod:`tests.e2e.server_urls`.
"""

import os

from practice_site.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.e2e.server_urls"
# Links in notification e-mails and the admin point at the live test server.
WAGTAILADMIN_BASE_URL = os.environ.get("E2E_BASE_URL", "http://127.0.0.1")
# Emails go to files the browser tests read (one file per connection, see LiveSite.emails).
if os.environ.get("E2E_MAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["E2E_MAIL_DIR"]
