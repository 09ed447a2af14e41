"""The project's URLs plus media files and the headless example, for the browser tests' server.

DEBUG is off there, so media files are served here; the static headless example in
``examples/headless/`` (when present) is served under ``/e2e-headless/`` from the same origin as
the API it calls.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from practice_site.urls import handler404, handler500, urlpatterns  # noqa: F401

HEADLESS_EXAMPLE_DIR = settings.BASE_DIR / "examples" / "headless"
HEADLESS_EXAMPLE_PREFIX = "e2e-headless/"

urlpatterns = [
    re_path(
        r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    re_path(
        rf"^{HEADLESS_EXAMPLE_PREFIX}(?P<path>.*)$",
        serve,
        {"document_root": HEADLESS_EXAMPLE_DIR},
    ),
    *urlpatterns,
]
