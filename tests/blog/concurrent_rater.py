"""Rate one post from many visitors at once, in threads, against the database in DATABASE_URL.

Run by tests/blog/test_concurrency.py in several processes at the same time, against a file copy of
the SQLite test database (an in-memory database cannot be shared between processes, and SQLite's
shared-cache mode for threads uses table locks that busy timeouts do not wait on).
Usage: concurrent_rater.py PAGE_ID FIRST_VISITOR HOW_MANY [NETWORK]
(with NETWORK, every visitor rates from that one network: a flood)
"""

import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from wagtail.models import Page  # noqa: E402

from practice_blog.services import rate  # noqa: E402
from practice_blog.visitors import Visitor  # noqa: E402


def main(page_id, first, count, network=None):
    page = Page.objects.get(pk=page_id).specific
    connections.close_all()
    barrier = threading.Barrier(count)
    errors = []

    def worker(n):
        try:
            barrier.wait(timeout=10)
            visitor = Visitor(voter_key=f"test:v{n}", network_key=network or f"n{n}")
            rate(page, n % 5 + 1, visitor)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(first, first + count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for error in errors:
        print(error)
    return 1 if errors else 0


if __name__ == "__main__":
    network = sys.argv[4] if len(sys.argv) > 4 else None
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), network))
