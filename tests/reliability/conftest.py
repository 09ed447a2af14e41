"""Reliability fixtures: the blog's posts and visitors, plus helpers for forms and the API."""

import time

import pytest

from practice_blog.forms import sign_timestamp
from tests.blog.conftest import (  # noqa: F401 - fixtures shared with the blog's own tests
    author,
    blog_index,
    blog_settings,
    make_post,
    post,
    post_factory,
    visitor,
)


def comment_form(**overrides):
    """A comment form as a browser would send it, 30 seconds after loading the page."""
    data = {
        "author_name": "Robin",
        "email": "robin@example.org",
        "body": "Thank you for writing this.",
        "website": "",
        "started": sign_timestamp(time.time() - 30),
    }
    data.update(overrides)
    return data


def post_json(client, url, data, **headers):
    """POST ``data`` (a Python object, or raw ``str``/``bytes``) as JSON."""
    body = data if isinstance(data, (str, bytes)) else __import__("json").dumps(data)
    return client.post(url, body, content_type="application/json", **headers)


def ratings_url(page):
    return f"/api/v3/pages/{page.pk}/ratings/"


def comments_url(page):
    return f"/api/v3/pages/{page.pk}/comments/"


@pytest.fixture
def open_throttles(blog_settings):  # noqa: F811
    """Rate limits high enough that a test's burst of writes is never throttled."""
    blog_settings.rating_rate_limits = "10000/minute"
    blog_settings.comment_rate_limits = "10000/minute"
    blog_settings.save()
    return blog_settings
