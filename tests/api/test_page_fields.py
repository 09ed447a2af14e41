"""Page details in API v3 carry every field a visitor sees, typed in the OpenAPI document."""

import json

import pytest
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from practice_blog.models import Author, BlogCategory

pytestmark = pytest.mark.django_db


def detail(client, page):
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture(scope="module")
def openapi(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v3/openapi.json").json()


def component(openapi, name):
    return openapi["components"]["schemas"][name]


def any_untyped(schema):
    """Whether a JSON schema (or one of its properties) accepts anything at all."""
    if schema == {} or (set(schema) <= {"title", "description", "default"}):
        return True
    return any(any_untyped(p) for p in schema.get("properties", {}).values())


@pytest.fixture
def image():
    return Image.objects.create(title="Birches", file=get_test_image_file())


def stored(blocks):
    return json.dumps([{"type": t, "value": v} for t, v in blocks])


# -- blog posts ----------------------------------------------------------------------------


def test_a_post_body_comes_as_typed_blocks_with_rendered_paragraphs(client, post_factory, image):
    Embed.objects.create(
        url="https://example.com/video",
        max_width=None,
        hash="h1",
        type="video",
        html="<iframe></iframe>",
        width=1,
        height=1,
        provider_name="Example",
        thumbnail_url="",
        author_name="",
        title="",
        cache_until=None,
    )
    post = post_factory(
        body=stored(
            [
                ("heading", {"text": "Section", "level": "h3"}),
                ("paragraph", "<p>Some <b>words</b>.</p>"),
                ("quote", {"quote": "Go slowly.", "attribution": ""}),
                (
                    "image",
                    {
                        "image": {"image": image.pk, "alt_text": "A path", "decorative": False},
                        "caption": "Spring",
                    },
                ),
                ("embed", "https://example.com/video"),
            ]
        )
    )
    body = detail(client, post)["body"]
    assert [block["type"] for block in body] == ["heading", "paragraph", "quote", "image", "embed"]
    assert all(block["id"] for block in body)
    assert body[0]["value"] == {"text": "Section", "level": "h3"}
    assert body[1]["value"] == "<p>Some <b>words</b>.</p>"
    assert body[2]["value"] == {"quote": "Go slowly.", "attribution": ""}
    picture = body[3]["value"]
    assert picture["caption"] == "Spring"
    assert picture["image"]["alt"] == "A path"
    assert picture["image"]["id"] == image.pk
    assert set(picture["image"]["rendition"]) == {"url", "width", "height"}
    assert body[4]["value"] == {"url": "https://example.com/video", "html": "<iframe></iframe>"}


def test_a_decorative_body_image_has_an_empty_alt_text(client, post_factory, image):
    post = post_factory(
        body=stored(
            [
                (
                    "image",
                    {
                        "image": {"image": image.pk, "alt_text": "", "decorative": True},
                        "caption": "",
                    },
                )
            ]
        )
    )
    assert detail(client, post)["body"][0]["value"]["image"]["alt"] == ""


def test_an_embed_never_fetched_has_no_html_and_the_api_fetches_nothing(client, post_factory):
    post = post_factory(body=stored([("embed", "https://example.com/unknown")]))
    body = detail(client, post)["body"]
    assert body == [
        {
            "type": "embed",
            "id": body[0]["id"],
            "value": {"url": "https://example.com/unknown", "html": None},
        }
    ]


def test_a_post_has_its_hero_image_cropped_for_link_previews(client, post_factory, image):
    post = post_factory(
        hero_image=image, hero_image_alt="Birches by a lake", content_note="Mentions loss."
    )
    data = detail(client, post)
    assert data["content_note"] == "Mentions loss."
    hero = data["hero_image"]
    assert set(hero) == {"id", "title", "alt", "url", "width", "height"}
    # The alt text is the page's own (translated) description, never the library's title.
    assert (hero["id"], hero["title"], hero["alt"]) == (image.pk, "Birches", "Birches by a lake")
    assert "fill-1200x630" in hero["url"]


def test_a_post_without_hero_image_says_null(client, post_factory):
    assert detail(client, post_factory())["hero_image"] is None


def test_a_post_lists_its_authors_in_its_language_with_photo(client, post_factory, locales, image):
    spanish = Author.objects.create(
        name="Dana Reyes", role="Terapeuta", bio="Bio es", locale=locales["es"], photo=image
    )
    english = Author.objects.create(
        name="Dana Reyes",
        role="Counsellor",
        bio="Bio en",
        locale=locales["en"],
        photo=image,
        translation_key=spanish.translation_key,
    )
    post = post_factory()
    post.authors.set([spanish])  # wagtail-localize copies links as they are
    post.save_revision().publish()
    authors = detail(client, post)["authors"]
    assert len(authors) == 1
    assert authors[0]["id"] == english.pk
    assert (authors[0]["role"], authors[0]["bio"], authors[0]["locale"]) == (
        "Counsellor",
        "Bio en",
        "en",
    )
    assert set(authors[0]["photo"]["rendition"]) == {"url", "width", "height"}
    assert "email" not in json.dumps(authors)


def test_a_post_lists_its_categories_and_tag_names(client, post_factory, locales):
    category = BlogCategory.objects.create(name="Training", slug="training", locale=locales["en"])
    post = post_factory()
    post.categories.set([category])
    post.tags.add("trauma", "ethics")
    post.save_revision().publish()
    data = detail(client, post)
    assert data["categories"] == [{"name": "Training", "slug": "training"}]
    assert sorted(data["tags"]) == ["ethics", "trauma"]


def test_the_post_schema_types_every_custom_field(openapi):
    post = component(openapi, "BlogPostPageSchema")
    for name in ("body", "hero_image", "authors", "categories", "tags", "content_note"):
        assert name in post["properties"], name
        assert not any_untyped(post["properties"][name]), name
    variants = post["properties"]["body"]["anyOf"][0]["items"]["anyOf"]
    names = [variant["$ref"].rsplit("/", 1)[1] for variant in variants]
    assert len(names) == 5
    for name in names:
        block = component(openapi, name)
        assert "const" in block["properties"]["type"] or "enum" in block["properties"]["type"]
        assert not any_untyped(block["properties"]["value"]), name


# -- trainings -----------------------------------------------------------------------------


def test_a_training_has_its_provider_frameworks_sessions_and_languages(
    client, make_training, provider
):
    from practice_trainings.models import Framework

    framework = Framework.objects.filter(locale__language_code="en").order_by("pk").first()
    training = make_training(
        frameworks=[framework.slug],
        languages=("en", "asl"),
        starts_in_days=10,
        audience="Counsellors",
        prerequisites="None",
        captions=True,
        accessibility_notes="Quiet room.",
    )
    data = detail(client, training)
    assert data["provider"] == {
        "name": "Riverbank Institute",
        "website": "https://riverbank.example",
        "accreditation": provider.accreditation,
    }
    assert data["frameworks"] == [{"name": framework.name, "slug": framework.slug}]
    assert [s["time_zone"] for s in data["sessions"]] == ["UTC"]
    assert data["sessions"][0]["starts_at"] < data["sessions"][0]["ends_at"]
    assert data["languages_offered"] == [
        {"code": "en", "name": "English"},
        {"code": "asl", "name": "American Sign Language"},
    ]
    assert data["accessibility_features"] == ["Captions"]
    assert (data["captions"], data["sign_language"], data["step_free_access"]) == (
        True,
        False,
        False,
    )
    assert data["accessibility_notes"] == "Quiet room."
    assert (data["audience"], data["prerequisites"]) == ("Counsellors", "None")


def test_a_training_shows_the_provider_translation_in_its_language(
    client, make_training, provider, locales
):
    from practice_trainings.models import Provider

    Provider.objects.create(
        name=provider.name,
        website="https://riverbank.example/es",
        accreditation="Acreditado",
        locale=locales["es"],
        translation_key=provider.translation_key,
    )
    # An English training linked to the Spanish provider (wagtail-localize copies links as
    # they are) shows the provider's English translation.
    training = make_training(provider=Provider.objects.get(locale=locales["es"]))
    assert detail(client, training)["provider"]["website"] == "https://riverbank.example"


def test_a_training_without_provider_says_null(client, make_training):
    assert detail(client, make_training(provider=None))["provider"] is None


def test_a_training_description_comes_as_typed_blocks(client, make_training, image):
    training = make_training(
        description=stored(
            [
                ("paragraph", "<p>Hello</p>"),
                ("module", {"title": "Day one", "summary": "<p>Safety</p>"}),
                ("quote", {"quote": "Useful.", "attribution": "A student"}),
                ("image", {"image": image.pk, "alt_text": "Room", "decorative": False}),
            ]
        )
    )
    description = detail(client, training)["description"]
    assert [block["type"] for block in description] == ["paragraph", "module", "quote", "image"]
    assert description[0]["value"] == "<p>Hello</p>"
    assert description[1]["value"] == {"title": "Day one", "summary": "<p>Safety</p>"}
    assert description[2]["value"] == {"quote": "Useful.", "attribution": "A student"}
    assert description[3]["value"]["alt"] == "Room"
    assert set(description[3]["value"]["rendition"]) == {"url", "width", "height"}


def test_the_training_schema_types_every_custom_field(openapi):
    training = component(openapi, "TrainingPageSchema")
    for name in (
        "description",
        "provider",
        "frameworks",
        "sessions",
        "languages_offered",
        "accessibility_features",
        "audience",
        "prerequisites",
    ):
        assert name in training["properties"], name
        assert not any_untyped(training["properties"][name]), name


def test_a_training_detail_with_every_relation_stays_within_the_query_budget(
    client, make_training, django_assert_max_num_queries
):
    training = make_training(languages=("en", "fr"), starts_in_days=3)
    client.get(f"/api/v3/pages/{training.pk}/")
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v3/pages/{training.pk}/").status_code == 200


def test_a_post_with_hero_authors_categories_and_tags_stays_within_the_query_budget(
    client, post_factory, locales, image, django_assert_max_num_queries
):
    author = Author.objects.create(name="Dana", locale=locales["en"], photo=image)
    category = BlogCategory.objects.create(name="Training", slug="training", locale=locales["en"])
    post = post_factory(hero_image=image)
    post.authors.set([author])
    post.categories.set([category])
    post.tags.add("trauma")
    post.save_revision().publish()
    client.get(f"/api/v3/pages/{post.pk}/")
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v3/pages/{post.pk}/").status_code == 200


# -- the site's own pages and the index pages ----------------------------------------------


def test_the_home_page_has_its_hero_call_to_action_introduction_and_body(client, home, image):
    from practice_site.models import StandardPage

    about = StandardPage(title="About", slug="about")
    home.add_child(instance=about)
    about.save_revision().publish()
    home.hero_heading = "Care that fits"
    home.hero_text = "Short text."
    home.hero_image = image
    home.hero_cta_text = "Meet us"
    home.hero_cta_page = about
    home.introduction = "<p>Welcome</p>"
    home.body = stored([("heading", {"text": "Hello", "level": "h2"})])
    home.save_revision().publish()
    data = detail(client, home)
    assert (data["hero_heading"], data["hero_text"]) == ("Care that fits", "Short text.")
    assert data["hero_image"]["id"] == image.pk
    assert set(data["hero_image"]["rendition"]) == {"url", "width", "height"}
    assert data["call_to_action"]["text"] == "Meet us"
    assert data["call_to_action"]["page_id"] == about.pk
    assert data["call_to_action"]["url"].endswith("/about/")
    assert "Welcome" in data["introduction"]
    assert data["body"][0]["value"] == {"text": "Hello", "level": "h2"}


def test_a_home_page_without_hero_image_or_call_to_action_says_null(client, home):
    data = detail(client, home)
    assert (data["hero_image"], data["call_to_action"]) == (None, None)


def test_a_standard_page_has_its_introduction_and_typed_body(client, home, image):
    from practice_site.models import StandardPage

    page = StandardPage(
        title="Fees",
        slug="fees",
        introduction="What sessions cost.",
        body=stored(
            [
                ("paragraph", "<p>Sliding scale.</p>"),
                ("quote", {"quote": "Fair.", "attribution": ""}),
                ("image", {"image": image.pk, "alt_text": "", "decorative": True}),
            ]
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    data = detail(client, page)
    assert data["introduction"] == "What sessions cost."
    assert [block["type"] for block in data["body"]] == ["paragraph", "quote", "image"]
    assert data["body"][0]["value"] == "<p>Sliding scale.</p>"
    assert data["body"][2]["value"]["alt"] == ""


def test_index_pages_have_their_introductions(client, blog_index, training_index):
    blog_index.introduction = "<p>Notes from the practice.</p>"
    blog_index.save_revision().publish()
    training_index.introduction = "Trainings we reviewed."
    training_index.save_revision().publish()
    assert "Notes from the practice." in detail(client, blog_index)["introduction"]
    assert detail(client, training_index)["introduction"] == "Trainings we reviewed."


def test_the_methodology_page_has_its_introduction(client, training_index):
    from practice_trainings.models import ChecklistMethodologyPage

    page = ChecklistMethodologyPage(title="How we score", slug="method", introduction="Why.")
    training_index.get_parent().add_child(instance=page)
    page.save_revision().publish()
    assert detail(client, page)["introduction"] == "Why."


def test_the_site_page_schemas_type_every_custom_field(openapi):
    home = component(openapi, "HomePageSchema")
    for name in ("hero_image", "call_to_action", "introduction", "body", "hero_heading"):
        assert not any_untyped(home["properties"][name]), name
    standard = component(openapi, "StandardPageSchema")
    assert not any_untyped(standard["properties"]["body"])


def test_a_training_draft_preview_shows_the_draft_sessions_not_the_cached_live_ones(
    client, make_training
):
    import datetime

    from django.utils import timezone

    from practice_site.preview import make_preview_token
    from practice_trainings.models import TrainingLanguage, TrainingPage, TrainingSession

    training = make_training(starts_in_days=5)
    detail(client, training)  # caches the live facts
    draft = TrainingPage.objects.get(pk=training.pk)
    draft.sessions.add(
        TrainingSession(starts_at=timezone.now() + datetime.timedelta(days=40), time_zone="UTC")
    )
    draft.languages_offered.add(TrainingLanguage(language="fr"))
    draft.save_revision()
    response = client.get("/api/v3/preview/", {"token": make_preview_token(training)})
    assert response.status_code == 200, response.content
    data = response.json()
    assert len(data["sessions"]) == 2
    assert {"code": "fr", "name": "French"} in data["languages_offered"]
    assert len(detail(client, training)["sessions"]) == 1  # the live page is unchanged
