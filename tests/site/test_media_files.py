"""Uploaded images served by the app when no reverse proxy is in front (make serve, lighthouse)."""

import types

import pytest

from practice_site import media_files
from practice_site import urls as site_urls

# An unknown address answers with the site's 404 page, which reads the database.
pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    """A MEDIA_ROOT with an image rendition and a document's file; production's DEBUG=False."""
    settings.DEBUG = False
    settings.MEDIA_URL = "/media/"
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "hills.fill-960x540.webp").write_bytes(b"RIFF-a-picture")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "private-notes.pdf").write_bytes(b"%PDF-private")
    return tmp_path


def serve_with(settings, **overrides):
    for name, value in overrides.items():
        setattr(settings, name, value)
    # The site's own URLs as the test profile built them, with what media_files adds in front.
    urlconf = types.ModuleType("urls_with_media")
    urlconf.urlpatterns = media_files.image_urlpatterns() + site_urls.urlpatterns
    settings.ROOT_URLCONF = urlconf


def test_the_app_serves_uploaded_images_when_told_no_proxy_is_in_front(client, settings, media):
    serve_with(settings, SERVE_MEDIA_IMAGES=True)
    response = client.get("/media/images/hills.fill-960x540.webp")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"RIFF-a-picture"


def test_the_app_never_serves_documents_files_which_wagtail_serves_behind_privacy_checks(
    client, settings, media
):
    serve_with(settings, SERVE_MEDIA_IMAGES=True)
    assert client.get("/media/documents/private-notes.pdf").status_code == 404


def test_the_app_leaves_uploaded_images_to_the_proxy_by_default(client, settings, media):
    serve_with(settings, SERVE_MEDIA_IMAGES=False)
    assert client.get("/media/images/hills.fill-960x540.webp").status_code == 404
