"""Uploaded images served by the app itself, for a production profile with no proxy in front.

A real deployment lets the reverse proxy (or object storage) serve ``MEDIA_ROOT``
(docs/operations.md, "Serve static files and media"). ``make serve`` and ``make lighthouse`` run
gunicorn with nothing in front, so they set ``SERVE_MEDIA_IMAGES=true`` and the app serves the
images and their renditions with Django's file view (fine for a local visitor, not for real
traffic). Documents' files never: they are served through Wagtail's view, which checks privacy.
"""

import re

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

IMAGE_FOLDERS = ("original_images", "images")


def image_urlpatterns():
    """The URL of the images' files under MEDIA_URL, when SERVE_MEDIA_IMAGES says so."""
    if not getattr(settings, "SERVE_MEDIA_IMAGES", False) or not settings.MEDIA_URL.startswith("/"):
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    folders = "|".join(IMAGE_FOLDERS)
    return [
        re_path(
            rf"^{prefix}(?P<path>(?:{folders})/.+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
            name="served_image_file",
        )
    ]
