"""The project's URLs plus media files, for the live server of the browser tests (DEBUG is off)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from practice_site.urls import handler404, handler500, urlpatterns  # noqa: F401

urlpatterns = [
    re_path(
        r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    *urlpatterns,
]
