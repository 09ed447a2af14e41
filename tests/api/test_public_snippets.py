"""Public snippet routes: authors, categories, providers and frameworks, per locale."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from practice_blog.models import Author, BlogCategory
from practice_trainings.models import Framework, Provider

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    return client.get(url, params)


def test_authors_come_in_the_requested_language_with_untranslated_ones_in_english(client, locales):
    dana = Author.objects.create(name="Dana", role="Counsellor", locale=locales["en"])
    Author.objects.create(
        name="Dana",
        role="Terapeuta",
        locale=locales["es"],
        translation_key=dana.translation_key,
    )
    Author.objects.create(name="Sam", role="Supervisor", locale=locales["en"])
    data = get(client, "/api/v3/authors/", locale="es").json()
    assert data["count"] == 2
    assert {(a["name"], a["role"], a["locale"]) for a in data["items"]} == {
        ("Dana", "Terapeuta", "es"),
        ("Sam", "Supervisor", "en"),
    }


def test_an_author_has_a_photo_rendition_and_never_an_email_or_user(client, locales):
    get_user_model().objects.create_user("dana", "dana@example.com", "pw")
    photo = Image.objects.create(title="Dana", file=get_test_image_file())
    Author.objects.create(name="Dana", bio="Works with teens.", locale=locales["en"], photo=photo)
    response = get(client, "/api/v3/authors/", locale="en")
    item = response.json()["items"][0]
    assert set(item) == {"id", "locale", "name", "role", "bio", "photo"}
    assert set(item["photo"]["rendition"]) == {"url", "width", "height"}
    assert item["photo"]["alt"] == "Dana"
    assert "@" not in response.content.decode()


def test_categories_are_listed_per_locale_with_their_slugs(client, locales):
    BlogCategory.objects.create(name="Training", slug="training", locale=locales["en"])
    BlogCategory.objects.create(name="Formación", slug="formacion", locale=locales["fr"])
    data = get(client, "/api/v3/categories/", locale="en").json()
    assert [(c["name"], c["slug"]) for c in data["items"]] == [("Training", "training")]


def test_providers_are_listed_with_their_public_details(client, locales):
    Provider.objects.create(
        name="Riverbank", website="https://riverbank.example", locale=locales["en"]
    )
    data = get(client, "/api/v3/providers/", locale="en").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert (item["name"], item["website"], item["accreditation"]) == (
        "Riverbank",
        "https://riverbank.example",
        "",
    )


def test_frameworks_are_listed_in_the_requested_language(client, locales):
    english = Framework.objects.create(name="Attachment", slug="attachment", locale=locales["en"])
    Framework.objects.create(
        name="Attachement",
        slug="attachment",
        locale=locales["fr"],
        translation_key=english.translation_key,
    )
    data = get(client, "/api/v3/frameworks/", locale="fr").json()
    names = {f["name"] for f in data["items"]}
    assert "Attachement" in names and "Attachment" not in names


@pytest.mark.parametrize(
    "url", ["/api/v3/authors/", "/api/v3/categories/", "/api/v3/providers/", "/api/v3/frameworks/"]
)
def test_an_unknown_locale_is_a_422_problem(client, locales, url):
    response = get(client, url, locale="xx")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "url",
    ["/api/v3/site-settings/", "/api/v3/navigation/", "/api/v3/checklists/current/"],
)
def test_an_empty_locale_is_a_422_problem_naming_it_as_the_schema_says(client, locales, url):
    response = get(client, url, locale="")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["loc"] == ["query", "locale"]


@pytest.mark.parametrize(
    "url", ["/api/v3/authors/", "/api/v3/categories/", "/api/v3/providers/", "/api/v3/frameworks/"]
)
def test_a_limit_above_the_maximum_is_a_422_problem(client, locales, url):
    response = get(client, url, limit=10_000)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_snippet_lists_are_paginated(client, locales):
    for n in range(3):
        BlogCategory.objects.create(name=f"C{n}", slug=f"c{n}", locale=locales["en"])
    data = get(client, "/api/v3/categories/", locale="en", limit=2, offset=2).json()
    assert data["count"] == 3
    assert [c["slug"] for c in data["items"]] == ["c2"]


@pytest.mark.parametrize(
    "url", ["/api/v3/authors/", "/api/v3/categories/", "/api/v3/providers/", "/api/v3/frameworks/"]
)
def test_snippet_routes_are_read_only(client, locales, url):
    assert client.post(url, {}, content_type="application/json").status_code == 405


def test_the_author_list_stays_within_a_small_query_budget(
    client, locales, django_assert_max_num_queries
):
    photo = Image.objects.create(title="P", file=get_test_image_file())
    for n in range(5):
        Author.objects.create(name=f"A{n}", locale=locales["en"], photo=photo)
    get(client, "/api/v3/authors/", locale="en")
    with django_assert_max_num_queries(5):
        assert get(client, "/api/v3/authors/", locale="en").status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v3/authors/", "/api/v3/categories/", "/api/v3/providers/", "/api/v3/frameworks/"]
)
def test_without_locale_a_snippet_list_is_in_the_default_language(client, locales, url):
    from practice_blog.models import Author as AuthorModel

    english = AuthorModel.objects.create(name="Dana", locale=locales["en"])
    AuthorModel.objects.create(
        name="Dana (es)", locale=locales["es"], translation_key=english.translation_key
    )
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert {item["locale"] for item in response.json()["items"]} <= {"en"}
    if url == "/api/v3/authors/":
        assert [item["name"] for item in response.json()["items"]] == ["Dana"]


@pytest.mark.parametrize(
    "url", ["/api/v3/authors/", "/api/v3/categories/", "/api/v3/providers/", "/api/v3/frameworks/"]
)
def test_a_snippet_list_refuses_fields_and_unknown_parameters_with_a_400(client, locales, url):
    response = client.get(url, {"fields": "name", "colour": "blue"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    names = [error["loc"][-1] for error in response.json()["errors"]]
    assert names == ["colour", "fields"]
