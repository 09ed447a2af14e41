"""The API page detail is cached whole for anonymous readers (practice_core.cache), and a
publish, an unpublish, a new view restriction, a rating or an assessment shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from practice_blog.services import rate
from practice_site.cache import ResilientRedisCache
from tests.blog.conftest import visitor_named
from tests.trainings.conftest import assess

pytestmark = pytest.mark.django_db


def detail(client, page, **params):
    return client.get(f"/api/v3/pages/{page.pk}/", params)


def test_a_second_anonymous_read_is_served_from_the_cache(client, post_factory):
    post = post_factory(title="Cached detail")
    first = detail(client, post)
    with CaptureQueriesContext(connection) as queries:
        second = detail(client, post)
    assert second.status_code == 200 and second.json() == first.json()
    assert second["ETag"] == first["ETag"] and "public" in second["Cache-Control"]
    # Only the state query and the plugins' versions: not Wagtail's public-pages queryset.
    assert len(queries) <= 3
    assert not any("wagtailcore_site" in q["sql"] and "hostname" in q["sql"] for q in queries)


def test_a_publish_shows_at_once(client, post_factory):
    post = post_factory(title="Before")
    assert detail(client, post).json()["title"] == "Before"
    post.title = "After"
    post.save_revision().publish()
    assert detail(client, post).json()["title"] == "After"


@pytest.mark.parametrize("on", ["page", "parent"])
def test_a_page_that_becomes_private_is_never_served_from_the_cache(
    client, post_factory, blog_index, on
):
    post = post_factory()
    assert detail(client, post).status_code == 200
    PageViewRestriction.objects.create(
        page=post if on == "page" else blog_index, restriction_type="login"
    )
    assert detail(client, post).status_code == 404


def test_a_restriction_changed_from_public_to_login_hides_the_page(client, post_factory):
    post = post_factory()
    restriction = PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.NONE
    )
    assert detail(client, post).status_code == 200
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    assert detail(client, post).status_code == 404


def test_an_unpublished_page_is_404_at_once(client, post_factory):
    post = post_factory()
    assert detail(client, post).status_code == 200
    post.unpublish()
    assert detail(client, post).status_code == 404


def test_a_new_rating_shows_in_the_cached_detail(client, post_factory, blog_settings):
    post = post_factory()
    assert detail(client, post).json()["rating_summary"]["count"] == 0
    rate(post, 5, visitor_named("reader", blog_settings))
    assert detail(client, post).json()["rating_summary"]["count"] == 1


def test_a_new_assessment_shows_in_the_cached_detail(client, make_training, checklist):
    training = make_training(title="Scored later")
    before = detail(client, training).json()["checklist_score"]
    assess(training, {item.code: "3" for item in checklist.items.all()})
    after = detail(client, training).json()["checklist_score"]
    assert after != before and after["score"] == 100


def test_token_requests_and_other_parameters_go_to_wagtail(client, post_factory):
    post = post_factory(title="Live title")
    assert detail(client, post).status_code == 200  # cached for anonymous readers
    # A request with a token is Wagtail's to answer, with its full public-pages lookup.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v3/pages/{post.pk}/", HTTP_AUTHORIZATION="Bearer unknown")
    assert response.status_code in (200, 401)
    assert any("wagtailcore_pageviewrestriction" in q["sql"] for q in queries)
    assert any('"wagtailcore_site"."hostname"' in q["sql"] for q in queries)
    # A draft is never what anonymous readers get, cached or not.
    post.title = "Draft title"
    post.save_revision()
    assert detail(client, post, version="draft").json()["title"] == "Live title"
    assert detail(client, post).json()["title"] == "Live title"


def test_each_host_is_cached_apart(client, post_factory):
    post = post_factory()
    assert detail(client, post).status_code == 200
    # A host no site serves falls back to the default site in Wagtail; a cached answer for
    # one host is never reused for another (nor for another scheme).
    from django.test import RequestFactory

    from practice_core.cache import make_key

    one = RequestFactory().get(f"/api/v3/pages/{post.pk}/", HTTP_HOST="localhost")
    two = RequestFactory().get(f"/api/v3/pages/{post.pk}/", HTTP_HOST="testserver")
    secure = RequestFactory().get(f"/api/v3/pages/{post.pk}/", HTTP_HOST="testserver", secure=True)
    keys = {make_key("response", one.path, request=request) for request in (one, two, secure)}
    assert len(keys) == 3


def test_an_unreachable_cache_still_answers(client, post_factory, monkeypatch):
    post = post_factory(title="Still here")

    # What production's cache does while Redis is down (practice_site.cache): a miss.
    down = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    monkeypatch.setattr("practice_core.cache.cache", down)
    assert detail(client, post).json()["title"] == "Still here"
    assert detail(client, post).json()["title"] == "Still here"
    cache.clear()
