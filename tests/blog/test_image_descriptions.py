"""Image descriptions (alt text) are translated with the page (issue 16 item 4)."""

import json

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail_localize.models import StringSegment, TranslationSource

from practice_site.demo.translation import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def illustrated_post(post_factory):
    image = Image.objects.create(
        title="Forest", description="Library text in English", file=get_test_image_file()
    )
    body = [
        {
            "type": "image",
            "value": {
                "image": {
                    "image": image.pk,
                    "alt_text": "A path through birches",
                    "decorative": False,
                },
                "caption": "Early spring",
            },
        }
    ]
    return post_factory(
        hero_image=image, hero_image_alt="A bench by a river", body=json.dumps(body)
    )


@pytest.fixture
def spanish_illustrated_post(
    illustrated_post, translated_home, locales, django_capture_on_commit_callbacks
):
    strings = {
        "A bench by a river": "Un banco junto a un río",
        "A path through birches": "Un sendero entre abedules",
    }
    with django_capture_on_commit_callbacks(execute=True):
        translate(illustrated_post.get_parent(), locales["es"], {})
        return translate(illustrated_post, locales["es"], strings)


def test_hero_and_body_image_descriptions_are_segments_of_the_post(illustrated_post):
    source, _created = TranslationSource.get_or_create_from_instance(illustrated_post)
    texts = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert {"A bench by a river", "A path through birches"} <= texts


def test_the_spanish_post_describes_its_images_in_spanish(spanish_illustrated_post, client):
    html = client.get(spanish_illustrated_post.url).content.decode()
    assert 'alt="Un banco junto a un río"' in html
    assert 'alt="Un sendero entre abedules"' in html
    assert "Library text in English" not in html  # the image library's text never leaks


def test_the_api_gives_the_hero_images_description_in_the_pages_language(
    spanish_illustrated_post, client
):
    body = client.get(f"/api/v3/pages/{spanish_illustrated_post.pk}/").json()
    assert body["hero_image"]["alt"] == "Un banco junto a un río"


def test_a_hero_image_without_a_description_is_decorative(post_factory, client):
    image = Image.objects.create(
        title="Forest", description="In English", file=get_test_image_file()
    )
    post = post_factory(hero_image=image)
    html = client.get(post.url).content.decode()
    hero = html[html.index('class="post__hero"') :]
    assert 'alt=""' in hero[: hero.index("</figure>")]


def test_the_default_share_image_never_speaks_the_image_librarys_language(
    post_factory, practice_settings, client
):
    practice_settings.default_share_image = Image.objects.create(
        title="Practice", description="Library text in English", file=get_test_image_file()
    )
    practice_settings.save()
    post = post_factory(title="Caminar")
    html = client.get(post.url).content.decode()
    assert '<meta property="og:image" content=' in html
    assert "Library text in English" not in html
