"""Tags are named in the visitor's language through wagtail-localize (issue 16 item 4)."""

import pytest

from practice_blog.models import BlogPostPage, TagName
from practice_site.demo.translation import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_post(post):
    post.tags.add("self-care")
    post.save_revision().publish()
    return BlogPostPage.objects.get(pk=post.pk)


@pytest.fixture
def spanish_tagged_post(tagged_post, translated_home, locales, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        translate(tagged_post.get_parent(), locales["es"], {})
        return translate(tagged_post, locales["es"], {})


def _spanish_name(locales, publish=True):
    source = TagName.objects.get(name="self-care")
    return translate(source, locales["es"], {"self-care": "autocuidado"}, publish=publish)


def test_a_new_tag_gets_a_translatable_name_in_its_posts_language(tagged_post):
    name = TagName.objects.get(tag__name="self-care")
    assert (name.name, name.locale_id, name.live) == ("self-care", tagged_post.locale_id, True)


def test_an_untranslated_tag_is_shown_in_its_source_language_and_marked(
    spanish_tagged_post, client
):
    html = client.get(spanish_tagged_post.url).content.decode()
    assert '<span lang="en">self-care</span> <span class="untranslated">(aún sin traducir)' in html


def test_a_published_tag_translation_is_what_the_spanish_post_shows(
    spanish_tagged_post, client, locales
):
    _spanish_name(locales)
    html = client.get(spanish_tagged_post.url).content.decode()
    assert 'rel="tag">autocuidado</a>' in html
    assert "?tag=self-care" in html  # the filter keeps the language-neutral slug
    english = client.get(spanish_tagged_post.get_translation(locales["en"]).url)
    assert 'rel="tag">self-care</a>' in english.content.decode()


def test_a_draft_tag_translation_is_not_shown(spanish_tagged_post, client, locales):
    _spanish_name(locales, publish=False)
    html = client.get(spanish_tagged_post.url).content.decode()
    assert "autocuidado" not in html
    assert '<span lang="en">self-care</span>' in html


def test_the_api_lists_a_spanish_posts_tags_by_their_spanish_names(
    spanish_tagged_post, client, locales
):
    _spanish_name(locales)
    body = client.get(f"/api/v3/pages/{spanish_tagged_post.pk}/").json()
    assert body["tags"] == ["autocuidado"]


def test_the_spanish_journal_filtered_by_a_tag_names_it_in_spanish(
    spanish_tagged_post, client, locales
):
    _spanish_name(locales)
    index = spanish_tagged_post.get_parent()
    html = client.get(index.url + "?tag=self-care").content.decode()
    assert "autocuidado" in html
    assert spanish_tagged_post.title in html
