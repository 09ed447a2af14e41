"""The blog index: newest first, filters, archive, pagination, cards without N+1, feeds."""

import datetime
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from practice_blog.models import Comment
from practice_blog.services import rate

from .conftest import visitor_named

pytestmark = pytest.mark.django_db


def titles(response):
    return [post.title for post in response.context["posts"]]


def test_the_index_lists_live_posts_newest_first(client, post_factory, blog_index):
    post_factory(title="Older", days_ago=10)
    post_factory(title="Newest", days_ago=0)
    post_factory(title="Draft", publish=False)
    response = client.get(blog_index.url)
    assert response.status_code == 200
    assert titles(response) == ["Newest", "Older"]


def test_cards_show_date_summary_reading_time_rating_and_comment_count(
    client, post_factory, blog_index, blog_settings
):
    post = post_factory(title="Rated", summary="A short summary.")
    for n, stars in enumerate([5, 4]):
        rate(post, stars, visitor_named(f"v{n}", blog_settings, network=f"n{n}"))
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="A",
        body="B",
        status=Comment.Status.APPROVED,
    )
    content = client.get(blog_index.url).content.decode()
    assert "A short summary." in content
    assert "4.5 out of 5 · 2 ratings" in content
    assert "1 comment<" in content or "1 comment\n" in content
    assert "Reading time: 1 minute" in content


def test_twenty_cards_cost_the_same_queries_as_one(client, post_factory, blog_index, monkeypatch):
    # The full render (the shared answers are tested in test_shared_cache.py): a personal
    # cookie keeps every request off the shared cache.
    client.cookies["personal"] = "1"
    blog_index.posts_per_page = 20
    blog_index.save_revision().publish()
    post_factory()
    client.get(blog_index.url)  # warm Wagtail's per-process caches (site root paths)
    with CaptureQueriesContext(connection) as one:
        client.get(blog_index.url)
    for n in range(19):
        post = post_factory()
        Comment.objects.create(
            page=post,
            translation_key=post.translation_key,
            locale=post.locale,
            author_name="A",
            body=f"B{n}",
            status=Comment.Status.APPROVED,
        )
    client.get(blog_index.url)  # publishing made the cached site chrome stale: rebuild it once
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(blog_index.url)
    assert len(response.context["posts"]) == 20
    assert len(twenty) == len(one)


def test_filter_by_tag(client, post_factory, blog_index):
    tagged = post_factory(title="Tagged")
    tagged.tags.add("somatic")
    tagged.save_revision().publish()
    post_factory(title="Plain")
    assert titles(client.get(blog_index.url + "?tag=somatic")) == ["Tagged"]


def test_filter_by_category_in_any_language(client, post_factory, blog_index, category):
    in_category = post_factory(title="In category")
    in_category.categories.add(category)
    in_category.save_revision().publish()
    post_factory(title="Elsewhere")
    assert titles(client.get(blog_index.url + "?category=training")) == ["In category"]
    assert titles(client.get(blog_index.url + "?category=unknown")) == []


def test_archive_by_year_and_month(client, post_factory, blog_index):
    post = post_factory(title="March")
    post.publication_date = datetime.date(2024, 3, 5)
    post.save_revision().publish()
    other = post_factory(title="May")
    other.publication_date = datetime.date(2024, 5, 1)
    other.save_revision().publish()
    assert titles(client.get(blog_index.url + "2024/03/")) == ["March"]
    assert set(titles(client.get(blog_index.url + "2024/"))) == {"March", "May"}
    assert client.get(blog_index.url + "2024/13/").status_code == 404


def test_pagination(client, post_factory, blog_index):
    blog_index.posts_per_page = 2
    blog_index.save_revision().publish()
    for n in range(5):
        post_factory(title=f"P{n}", days_ago=n)
    assert titles(client.get(blog_index.url + "?page=3")) == ["P4"]
    assert client.get(blog_index.url + "?page=9").status_code == 404
    assert titles(client.get(blog_index.url + "?page=abc")) == ["P0", "P1"]


def test_the_rss_feed_lists_the_latest_posts(client, post_factory, blog_index):
    post_factory(title="Feed me", summary="Feed summary")
    response = client.get(blog_index.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    item = root.find("channel/item")
    assert item.find("title").text == "Feed me"
    assert item.find("description").text == "Feed summary"
    assert root.find("channel/language").text == "en"


def test_the_rss_feed_dates_each_post_by_its_publication_date(client, post_factory, blog_index):
    post_factory(title="From last spring", days_ago=200)
    root = ET.fromstring(client.get(blog_index.url + "feed/").content)  # noqa: S314
    published = parsedate_to_datetime(root.find("channel/item/pubDate").text)
    expected = datetime.date.today() - datetime.timedelta(days=200)
    assert timezone.localdate(published) == expected


def test_the_feeds_title_names_the_journal_and_the_practice(client, blog_index):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Willow & Stone"
    site.save()
    root = ET.fromstring(client.get(blog_index.url + "feed/").content)  # noqa: S314
    assert root.find("channel/title").text == f"{blog_index.title} · Willow & Stone"


def test_the_atom_feed_lists_the_latest_posts(client, post_factory, blog_index):
    post_factory(title="Atom post")
    response = client.get(blog_index.url + "feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"Atom post" in response.content


def test_feeds_are_per_language(client, spanish_post):
    spanish_index = spanish_post.get_parent()
    content = client.get(spanish_index.url + "feed/").content.decode()
    assert "Elegir una formación en trauma" in content
    assert "<language>es</language>" in content
    assert "Choosing a trauma training" not in content


def test_the_home_page_features_the_three_latest_posts(client, post_factory, home, blog_index):
    for n in range(4):
        post_factory(title=f"Home post {n}", days_ago=n)
    content = client.get("/en/").content.decode()
    for n in range(3):
        assert f"Home post {n}" in content
    assert "Home post 3" not in content


def test_the_index_links_to_monthly_archives(client, post_factory, blog_index):
    post = post_factory(title="March")
    post.publication_date = datetime.date(2024, 3, 5)
    post.save_revision().publish()
    content = client.get(blog_index.url).content.decode()
    assert f'href="{blog_index.url}2024/03/"' in content
    assert "March 2024" in content


def test_cards_show_the_posts_image_responsive_and_lazy_after_the_first(
    client, post_factory, blog_index, settings, tmp_path
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)
    for n in range(3):
        image = Image.objects.create(title=f"Path {n}", file=get_test_image_file(size=(1600, 900)))
        post_factory(title=f"Pictured {n}", days_ago=n, hero_image=image)
    content = client.get(blog_index.url).content.decode()
    images = re.findall(r'<div class="post-card__image"><img ([^>]+)>', content)
    assert len(images) == 3
    for attributes in images:
        assert re.search(r'srcset="[^"]*480w[^"]*800w[^"]*1200w"', attributes), attributes
        assert 'sizes="' in attributes and 'width="' in attributes and 'height="' in attributes
    assert 'loading="lazy"' not in images[0]
    assert all('loading="lazy"' in attributes for attributes in images[1:])


def test_images_on_cards_cost_no_query_per_card(
    client, post_factory, blog_index, settings, tmp_path
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)

    def add_pictured_post(n):
        image = Image.objects.create(title=f"P{n}", file=get_test_image_file(size=(1600, 900)))
        post_factory(title=f"Card {n}", hero_image=image)

    # A query string keeps the journal out of the shared whole-page cache: this is the full render.
    url = blog_index.url + "?page=1"
    add_pictured_post(0)
    client.get(url)  # renditions are created once, on first view
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 5):
        add_pictured_post(n)
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert response.content.decode().count('class="post-card__image"') == 5
    assert len(five) == len(one)
