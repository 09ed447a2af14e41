"""Blog fixtures: an index under the home page, posts, a visitor, request helpers."""

import datetime
import itertools

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from practice_blog.models import Author, BlogCategory, BlogIndexPage, BlogPostPage, BlogSettings
from practice_blog.visitors import Visitor

_counter = itertools.count(1)


@pytest.fixture
def blog_index(home):
    index = BlogIndexPage(title="Journal", slug="journal", posts_per_page=10)
    home.add_child(instance=index)
    index.save_revision().publish()
    return BlogIndexPage.objects.get(pk=index.pk)


def make_post(index, title=None, days_ago=0, publish=True, **fields):
    n = next(_counter)
    title = title or f"Post number {n}"
    post = BlogPostPage(
        title=title,
        slug=fields.pop("slug", f"post-{n}"),
        summary=fields.pop("summary", f"What post {n} is about."),
        publication_date=datetime.date.today() - datetime.timedelta(days=days_ago),
        body=fields.pop(
            "body",
            [
                ("heading", {"text": "A heading", "level": "h2"}),
                ("paragraph", "<p>Some words <b>here</b>.</p><ul><li>one</li><li>two</li></ul>"),
            ],
        ),
        live=publish,
        **fields,
    )
    index.add_child(instance=post)
    revision = post.save_revision()
    if publish:
        revision.publish()
    return BlogPostPage.objects.get(pk=post.pk)


@pytest.fixture
def post_factory(blog_index):
    def factory(**kwargs):
        return make_post(blog_index, **kwargs)

    return factory


@pytest.fixture
def post(post_factory):
    return post_factory(title="Choosing a trauma training")


@pytest.fixture
def blog_settings(home):
    return BlogSettings.for_site(Site.objects.get(is_default_site=True))


def visitor_named(name, blog_settings=None, network="net-a"):
    return Visitor(voter_key=f"test:{name}", network_key=network, blog_settings=blog_settings)


@pytest.fixture
def visitor(blog_settings):
    return visitor_named("alice", blog_settings)


@pytest.fixture
def author(locales):
    return Author.objects.create(name="Dana Reyes", role="Counsellor", locale=locales["en"])


@pytest.fixture
def category(locales):
    return BlogCategory.objects.create(name="Training", slug="training", locale=locales["en"])


@pytest.fixture
def rf():
    return RequestFactory()


@pytest.fixture
def spanish_post(post, translated_home, locales):
    """A published Spanish copy of ``post`` (below a Spanish copy of the blog index)."""
    index = post.get_parent().specific
    spanish_index = index.copy_for_translation(locales["es"])
    spanish_index.save_revision().publish()
    spanish = post.copy_for_translation(locales["es"])
    spanish.title = "Elegir una formación en trauma"
    spanish.save_revision().publish()
    return BlogPostPage.objects.get(pk=spanish.pk)
