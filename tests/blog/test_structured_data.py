"""Structured data and sharing: BlogPosting as Google's Article rich result reads it, og:image,
the per-author archive the posts link to, and LinkedIn in the footer."""

import json
import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from practice_blog.models import Author, BlogPostPage
from practice_site.models import PracticeSettings

pytestmark = pytest.mark.django_db


def json_ld(content):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(match.group(1))


def meta(content, prop):
    match = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', content)
    return match.group(1) if match else None


def is_absolute_url(value) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def iso_datetime(value) -> bool:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def article_problems(data) -> list[str]:
    """What Google's Article rich result documentation lists for an article (BlogPosting is one):
    no property is strictly required; the recommended ones are ``author`` (each with ``name``,
    and ``url`` to a page about them), ``dateModified`` and ``datePublished`` (ISO 8601),
    ``headline`` (a short title) and ``image`` (absolute URLs); the publisher is named with its
    logo. An empty list means the item qualifies with every recommended property."""
    problems = []
    if data.get("@context") != "https://schema.org":
        problems.append("@context")
    if data.get("@type") not in {"Article", "NewsArticle", "BlogPosting"}:
        problems.append("@type")
    headline = data.get("headline")
    if not isinstance(headline, str) or not headline or len(headline) > 110:
        problems.append("headline")
    images = data.get("image")
    if not images or not all(is_absolute_url(url) for url in images):
        problems.append("image")
    for name in ("datePublished", "dateModified"):
        if not iso_datetime(data.get(name)):
            problems.append(name)
    authors = data.get("author")
    if not authors:
        problems.append("author")
    for author in authors or []:
        if author.get("@type") not in {"Person", "Organization"} or not author.get("name"):
            problems.append("author.name")
        if not is_absolute_url(author.get("url", "")):
            problems.append("author.url")
    publisher = data.get("publisher") or {}
    if publisher.get("@type") != "Organization" or not publisher.get("name"):
        problems.append("publisher")
    if not is_absolute_url((publisher.get("logo") or {}).get("url", "")):
        problems.append("publisher.logo")
    return problems


@pytest.fixture
def sharing(practice_settings):
    practice_settings.logo = Image.objects.create(
        title="Logo", file=get_test_image_file(filename="logo.png")
    )
    practice_settings.default_share_image = Image.objects.create(
        title="Share", file=get_test_image_file(filename="share.png", size=(1200, 630))
    )
    practice_settings.linkedin_url = "https://www.linkedin.com/company/practice-example"
    practice_settings.save()
    return practice_settings


@pytest.fixture
def authored_post(post, author):
    post.authors.add(author)
    post.save_revision().publish()
    return BlogPostPage.objects.get(pk=post.pk)


def test_a_post_qualifies_for_googles_article_rich_result(client, authored_post, author, sharing):
    data = json_ld(client.get(authored_post.url).content.decode())
    assert article_problems(data) == []
    assert data["publisher"]["name"] == "Test Practice"
    assert data["publisher"]["url"] == "http://testserver/en/"
    assert data["author"][0]["url"] == f"http://testserver/en/journal/?author={author.pk}"


def test_a_post_with_a_hero_image_shares_it(client, post_factory, author, sharing):
    hero = Image.objects.create(title="Hero", file=get_test_image_file(size=(1600, 900)))
    post = post_factory(hero_image=hero)
    content = client.get(post.url).content.decode()
    image = json_ld(content)["image"][0]
    assert image == meta(content, "og:image")
    assert hero.get_rendition("fill-1200x630").url in image
    assert meta(content, "og:image:width") == "1200"


def test_a_post_without_a_hero_shares_the_default_share_image(client, authored_post, sharing):
    content = client.get(authored_post.url).content.decode()
    default = sharing.default_share_image.get_rendition("fill-1200x630").url
    assert meta(content, "og:image") == f"http://testserver{default}"
    assert json_ld(content)["image"] == [f"http://testserver{default}"]
    assert 'name="twitter:card" content="summary_large_image"' in content


def test_without_any_image_there_is_no_image_rather_than_a_broken_one(client, authored_post):
    content = client.get(authored_post.url).content.decode()
    assert meta(content, "og:image") is None
    assert "image" not in json_ld(content)
    assert "image" in article_problems(json_ld(content))


def test_a_new_default_share_image_shows_at_the_next_request(client, authored_post, sharing):
    client.get(authored_post.url)
    sharing.default_share_image = Image.objects.create(
        title="New", file=get_test_image_file(filename="new.png", size=(1300, 700))
    )
    sharing.save()
    content = client.get(authored_post.url).content.decode()
    assert "new" in meta(content, "og:image")


def test_the_post_links_its_authors_to_their_archive(client, authored_post, author):
    content = client.get(authored_post.url).content.decode()
    assert f'href="/en/journal/?author={author.pk}"' in content


def test_the_author_archive_lists_that_authors_posts_only(
    client, blog_index, authored_post, author, post_factory, locales
):
    other = post_factory(title="Written by someone else")
    other.authors.add(Author.objects.create(name="Sam Cole", locale=locales["en"]))
    other.save_revision().publish()
    post_factory(title="No author at all")
    content = client.get(blog_index.url, {"author": author.pk}).content.decode()
    assert "Posts by Dana Reyes" in content
    assert authored_post.title in content
    assert "Written by someone else" not in content
    assert "No author at all" not in content
    assert "Counsellor" in content  # the author's role, above their posts


def test_the_author_archive_is_translated(client, authored_post, author, spanish_post, locales):
    spanish_author = author.copy_for_translation(locales["es"])
    spanish_author.name = "Dana Reyes (es)"
    spanish_author.role = "Consejera"
    spanish_author.save()
    spanish_index = spanish_post.get_parent().specific
    # The English author's id works on the Spanish journal and shows their Spanish name.
    content = client.get(spanish_index.url, {"author": author.pk}).content.decode()
    assert 'lang="es"' in content
    assert "Dana Reyes (es)" in content and "Consejera" in content
    assert spanish_post.title in content


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "9" * 30])
def test_an_unknown_or_malformed_author_is_a_404(client, blog_index, value):
    assert client.get(blog_index.url, {"author": value}).status_code == 404


def test_linkedin_is_among_the_footers_social_links(client, home, sharing):
    content = client.get("/en/").content.decode()
    assert 'href="https://www.linkedin.com/company/practice-example"' in content
    assert ">LinkedIn</a>" in content


def test_the_api_lists_linkedin_with_the_other_social_links(client, home, sharing):
    links = client.get("/api/v3/site-settings/", {"locale": "en"}).json()["social_links"]
    assert {"network": "LinkedIn", "url": "https://www.linkedin.com/company/practice-example"} in (
        links
    )


def test_the_publisher_is_the_sites_even_without_a_practice_name(client, authored_post, home):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Site name"
    site.save()
    PracticeSettings.for_site(site).save()
    data = json_ld(client.get(authored_post.url).content.decode())
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Site name",
        "url": "http://testserver/en/",
    }


def test_a_post_page_costs_no_more_queries_with_sharing(
    client, authored_post, sharing, django_assert_max_num_queries
):
    client.get(authored_post.url)
    client.cookies.clear()
    # Renditions and the settings are read once per content version, not per view.
    with django_assert_max_num_queries(12):
        assert client.get(authored_post.url, HTTP_COOKIE="").status_code == 200
