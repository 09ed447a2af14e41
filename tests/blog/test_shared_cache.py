"""Every cached surface shows every kind of change in the next request (practice_core.versions).

Each test warms the post page, the journal and the API detail (the same answers anonymous
visitors share), changes something the way an editor would, and checks the next request. Then:
two workers with their own local-memory caches (no Redis) never disagree, and a cookie nobody
declared neutral never gets, nor fills, a shared page.
"""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, PageViewRestriction, Site

from practice_blog.models import Author
from practice_core.cache import may_share, neutral_cookies


def journal(blog_index):
    response = Client().get(blog_index.url)
    assert response.status_code == 200
    return response.content.decode()


def post_html(post):
    return Client().get(post.url)


def api_detail(post):
    return Client().get(f"/api/v3/pages/{post.pk}/")


@pytest.fixture
def warm(post, blog_index):
    """Every surface asked twice: the second answer of each comes from the shared cache."""
    for _ in range(2):
        assert "Choosing a trauma training" in journal(blog_index)
        assert post_html(post).status_code == 200
        assert api_detail(post).status_code == 200
    assert post_html(post)["X-Practice-Cache"] == "hit"
    assert api_detail(post)["X-Practice-Cache"] == "hit"
    return post


def test_a_view_restriction_hides_a_post_from_every_cached_surface_at_once(warm, blog_index):
    PageViewRestriction.objects.create(
        page=warm, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "Choosing a trauma training" not in journal(blog_index)
    protected = post_html(warm).content.decode()
    assert "Password required" in protected and "trauma training" not in protected
    assert api_detail(warm).status_code == 404


def test_a_removed_view_restriction_shows_the_post_again(warm, blog_index):
    restriction = PageViewRestriction.objects.create(
        page=warm, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert api_detail(warm).status_code == 404
    restriction.delete()
    assert api_detail(warm).status_code == 200
    assert "Choosing a trauma training" in journal(blog_index)


def test_a_replaced_image_shows_in_the_cached_api_detail_at_once(post, blog_index):
    image = get_image_model().objects.create(title="Old forest", file=get_test_image_file())
    post.hero_image = image
    post.save_revision().publish()
    assert api_detail(post).json()["hero_image"]["title"] == "Old forest"
    assert api_detail(post)["X-Practice-Cache"] == "hit"
    image.title = "New forest"
    image.file = get_test_image_file(filename="new.png", colour="red")
    image.save()
    assert api_detail(post).json()["hero_image"]["title"] == "New forest"


def test_a_renamed_author_snippet_shows_on_the_cached_post_and_api(post):
    author = Author.objects.create(name="Dr Old Name", locale=post.locale)
    post.authors.add(author)
    post.save_revision().publish()
    assert "Dr Old Name" in post_html(post).content.decode()
    assert "Dr Old Name" in api_detail(post).content.decode()
    author.name = "Dr New Name"
    author.save()
    assert "Dr New Name" in post_html(post).content.decode()
    assert "Dr New Name" in api_detail(post).content.decode()


def test_a_saved_setting_shows_on_the_cached_post_and_journal(warm, blog_index, home):
    from practice_site.models import PracticeSettings

    practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    practice.practice_name = "Renamed Practice"
    practice.save()
    assert "Renamed Practice" in post_html(warm).content.decode()
    assert "Renamed Practice" in journal(blog_index)


def test_a_saved_site_shows_in_the_cached_api_detail(warm):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed site"
    site.port = 8123
    site.save()
    # The API's html_url is built from the site's port: a stale answer would keep port 80.
    assert ":8123/" in api_detail(warm).json()["meta"]["html_url"]


def test_a_saved_locale_gives_every_cached_surface_a_new_key(warm, blog_index):
    from practice_core import versions

    before = versions.current()
    Locale.objects.get(language_code="fr").save()
    assert versions.current() != before
    assert post_html(warm).get("X-Practice-Cache") != "hit"


def test_a_moved_post_leaves_the_old_journal_at_once(warm, blog_index, home):
    from practice_blog.models import BlogIndexPage

    other = BlogIndexPage(title="Archive", slug="archive", locale=blog_index.locale)
    home.add_child(instance=other)
    other.save_revision().publish()
    journal(blog_index)
    warm.move(other, pos="last-child")
    assert "Choosing a trauma training" not in journal(blog_index)


def test_an_unpublished_post_leaves_every_cached_surface(warm, blog_index):
    warm.unpublish()
    assert "Choosing a trauma training" not in journal(blog_index)
    assert post_html(warm).status_code == 404
    assert api_detail(warm).status_code == 404


def test_two_workers_without_redis_never_disagree_after_a_change(post, blog_index, monkeypatch):
    """Each worker keeps its own local-memory cache; only the database is shared."""
    import practice_core.cache as core_cache

    workers = [LocMemCache(f"worker-{n}", {}) for n in (1, 2)]

    def read_as(worker, url):
        monkeypatch.setattr(core_cache, "cache", worker)
        return Client().get(url).content.decode()

    for worker in workers:  # both warm, with the same answer
        for _ in range(2):
            assert "Choosing a trauma training" in read_as(worker, blog_index.url)
            assert "Choosing a trauma training" in read_as(worker, post.url)
    # The change is made while worker 1 handles requests (its signals, its cache).
    monkeypatch.setattr(core_cache, "cache", workers[0])
    post.title = "A title both workers show"
    post.save_revision().publish()
    for worker in reversed(workers):
        assert "A title both workers show" in read_as(worker, blog_index.url)
        assert "<h1>A title both workers show</h1>" in read_as(worker, post.url)


def test_a_cookie_nobody_declared_neutral_never_shares_a_page(post):
    first = Client()
    first.get(post.url)
    assert first.get(post.url)["X-Practice-Cache"] == "hit"
    personal = Client()
    personal.cookies["theme"] = "dark"  # a cookie some future feature might personalise with
    response = personal.get(post.url)
    assert response.status_code == 200
    assert response.get("X-Practice-Cache") != "hit"


def test_only_django_and_declared_cookies_are_neutral(rf, settings):
    assert neutral_cookies() == {
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        "blog_visitor",
    }
    request = rf.get("/en/")
    request.COOKIES = {settings.SESSION_COOKIE_NAME: "abc"}
    assert not may_share(request)
    request.COOKIES = {"blog_visitor": "signed"}
    assert may_share(request)
    assert not may_share(rf.get("/en/", HTTP_AUTHORIZATION="Bearer x"))
    assert not may_share(rf.post("/en/"))


def test_a_returning_rater_gets_the_shared_page_with_their_own_stars(client, post):
    client.get(post.url)
    client.post(post.url + "rate/", {"stars": "4"})
    client.get(post.url)  # the "thank you" message (a session) is not shared
    Client().get(post.url)  # an anonymous visitor fills the shared entry
    response = client.get(post.url)
    assert response["X-Practice-Cache"] == "hit"
    content = response.content.decode()
    assert "Your rating: 4 stars<" in content
    assert 'id="stars-4" value="4" checked>' in content
    assert "Change my rating</button>" in content
    assert (
        "Your rating"
        not in Client().get(post.url).content.decode().split("data-rating-own")[1].split("</p>")[0]
    )


def test_requests_that_are_no_page_read_no_version(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in ("/robots.txt", "/api/v3/openapi.json"):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not any("practice_core_contentversion" in q["sql"] for q in queries), url
