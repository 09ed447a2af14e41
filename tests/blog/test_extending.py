"""What a host site changes without forking the blog (docs/extending.md): blocks in a post's
body, fields in the API, what the home page features, and templates that override ours."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.template import Context, Template
from wagtail import blocks, hooks
from wagtail.api import APIField

from practice_blog.models import BlogPostPage
from practice_core.featured import featured_sections

from .conftest import make_post

pytestmark = pytest.mark.django_db


def callout_block():
    return [("callout", blocks.TextBlock(label="Callout"))]


def body_block_names():
    return list(BlogPostPage._meta.get_field("body").stream_block.child_blocks)


def test_a_block_from_the_post_body_hook_is_offered_after_the_plugins_own():
    with hooks.register_temporarily("practice_blog_post_body_blocks", callout_block):
        names = body_block_names()
    assert names == ["heading", "paragraph", "quote", "image", "embed", "callout"]


def test_without_the_hook_the_post_body_has_only_the_plugins_blocks():
    with hooks.register_temporarily("practice_blog_post_body_blocks", callout_block):
        body_block_names()
    assert "callout" not in body_block_names()


def test_a_post_shows_a_block_the_host_added(client, blog_index):
    with hooks.register_temporarily("practice_blog_post_body_blocks", callout_block):
        post = make_post(blog_index, body=[("callout", "Breathe out for longer than in.")])
        response = client.get(post.url)
    assert response.status_code == 200
    assert "Breathe out for longer than in." in response.content.decode()


def test_a_host_block_asks_for_no_migration():
    with hooks.register_temporarily("practice_blog_post_body_blocks", callout_block):
        body_block_names()
        # --check exits (SystemExit) when a migration is missing.
        call_command("makemigrations", "practice_blog", check=True, dry_run=True, verbosity=0)


def test_a_host_block_named_like_one_of_ours_is_refused():
    def second_paragraph():
        return [("paragraph", blocks.TextBlock())]

    with (
        hooks.register_temporarily("practice_blog_post_body_blocks", second_paragraph),
        pytest.raises(ImproperlyConfigured, match="practice_blog_post_body_blocks"),
    ):
        body_block_names()


def test_a_hook_returning_something_else_than_blocks_is_refused():
    with (
        hooks.register_temporarily("practice_blog_post_body_blocks", lambda: [("note", "text")]),
        pytest.raises(ImproperlyConfigured, match="not a StreamField block"),
    ):
        body_block_names()


def test_an_api_field_from_the_hook_follows_the_plugins_own():
    def summary_length():
        return [APIField("summary_length")]

    with hooks.register_temporarily("practice_blog_post_api_fields", summary_length):
        names = [field.name for field in BlogPostPage.api_fields]
    assert names[-1] == "summary_length"
    assert "rating_summary" in names


def test_the_api_schema_of_a_post_carries_a_field_from_the_hook():
    from rest_framework.fields import Field
    from wagtail.api.v3.schemas import PageSchema, read_generator

    class SummaryLength(Field):
        def to_representation(self, page) -> int:
            return len(page.summary)

    def summary_length():
        return [APIField("summary_length", serializer=SummaryLength(source="*"))]

    with hooks.register_temporarily("practice_blog_post_api_fields", summary_length):
        schema = read_generator.generate_schema(BlogPostPage, base_class=PageSchema)
    assert schema.model_fields["summary_length"].annotation == int | None


def test_an_api_field_named_like_one_of_ours_is_refused():
    def second_summary():
        return [APIField("rating_summary")]

    with (
        hooks.register_temporarily("practice_blog_post_api_fields", second_summary),
        pytest.raises(ImproperlyConfigured, match="rating_summary"),
    ):
        BlogPostPage.api_fields  # noqa: B018


def test_the_home_page_features_the_three_latest_posts_by_default(home, blog_index):
    for days_ago in (4, 3, 2, 1):
        make_post(blog_index, title=f"{days_ago} days ago", days_ago=days_ago)
    (section,) = featured_sections(home, None)
    assert [post.title for post in section["items"]] == ["1 days ago", "2 days ago", "3 days ago"]


def test_the_featured_posts_hook_chooses_what_the_home_page_features(home, blog_index):
    oldest = make_post(blog_index, title="Oldest", days_ago=9)
    make_post(blog_index, title="Newest")

    def only_the_oldest(index, request, posts):
        assert index.pk == blog_index.pk
        return [post for post in index.posts() if post.pk == oldest.pk]

    with hooks.register_temporarily("practice_blog_featured_posts", only_the_oldest):
        (section,) = featured_sections(home, None)
    assert [post.title for post in section["items"]] == ["Oldest"]


def test_the_featured_sections_tag_gives_a_home_template_the_plugins_sections(home, blog_index):
    make_post(blog_index, title="On the home page")
    template = Template(
        "{% load practice_featured %}{% featured_sections page as sections %}"
        "{% for section in sections %}{{ section.heading }}: "
        "{% for post in section.items %}{{ post.title }}{% endfor %}{% endfor %}"
    )
    assert template.render(Context({"page": home})) == "Journal: On the home page"


@pytest.fixture
def host_templates(settings, tmp_path):
    """A host's own templates folder, searched before the apps' templates."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return tmp_path


def test_a_host_template_extending_ours_replaces_one_block(client, host_templates, post):
    override = host_templates / "practice_blog" / "blog_post_page.html"
    override.parent.mkdir()
    override.write_text(
        '{% extends "practice_blog/blog_post_page.html" %}'
        "{% block post_after_body %}<p>Get posts by email.</p>{% endblock %}"
    )
    html = client.get(post.url).content.decode()
    assert "<p>Get posts by email.</p>" in html
    assert f"<h1>{post.title}</h1>" in html


def test_a_host_rating_widget_template_replaces_ours(client, host_templates, post):
    override = host_templates / "practice_blog" / "includes" / "rating_widget.html"
    override.parent.mkdir(parents=True)
    override.write_text('<section id="rating">The host rates in its own way.</section>')
    html = client.get(post.url).content.decode()
    assert "The host rates in its own way." in html
    assert "rating__distribution" not in html
