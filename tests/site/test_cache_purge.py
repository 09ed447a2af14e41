"""Publishing purges the page's API detail from the frontend cache, when one is configured."""

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from practice_site.models import StandardPage

PURGED = []


class RecordingBackend(BaseBackend):
    def __init__(self, params):
        super().__init__(params)

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def recording_cache(settings):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.site.test_cache_purge.RecordingBackend"}
    }
    return PURGED


def test_publishing_purges_the_page_and_its_api_detail(home, recording_cache):
    page = StandardPage(title="About", slug="about")
    home.add_child(instance=page)
    page.save_revision().publish()
    assert "http://testserver/en/about/" in recording_cache
    assert f"http://testserver/api/v3/pages/{page.pk}/" in recording_cache


def test_unpublishing_purges_the_api_detail_too(home, recording_cache):
    page = StandardPage(title="About", slug="about")
    home.add_child(instance=page)
    page.save_revision().publish()
    recording_cache.clear()
    page.unpublish()
    assert f"http://testserver/api/v3/pages/{page.pk}/" in recording_cache


def test_nothing_is_purged_without_a_frontend_cache(home, settings):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {}
    page = StandardPage(title="About", slug="about")
    home.add_child(instance=page)
    page.save_revision().publish()
    assert PURGED == []
