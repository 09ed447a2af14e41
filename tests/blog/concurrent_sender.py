"""Run the followers' sending once against DATABASE_URL, mailing through SMTP on 127.0.0.1:PORT.

Started twice at the same moment by tests/blog/test_followers.py (on a file copy of the SQLite
test database) to show that two runs at once send each post once.
Usage: concurrent_sender.py SMTP_PORT
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice_site.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from practice_blog.followers import send_new_posts  # noqa: E402


def main(port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    report = send_new_posts(batch_size=2)
    print(f"emails={report.emails} failed={report.failed} busy={report.skipped_busy}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
