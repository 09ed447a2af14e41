"""``pages/find`` resolves every public path with its language prefix, in every locale."""

import pytest

from tests.blog.conftest import make_post


@pytest.fixture
def spanish_post(spanish_journal, blog_index, locales):
    english = make_post(blog_index, title="Walking", slug="walking")
    spanish = english.copy_for_translation(locales["es"])
    spanish.title, spanish.slug = "Caminar", "caminar"
    spanish.save_revision().publish()
    return english, spanish


def found(client, path):
    return client.get("/api/v3/pages/find/", {"html_path": path})


def test_a_prefixed_path_finds_the_page_in_its_language(client, spanish_post, spanish_journal):
    english, spanish = spanish_post
    for path, page in (
        ("/en/journal/walking/", english),
        ("/es/diario/caminar/", spanish),
        ("/es/diario/", spanish_journal),
        ("/en/", english.get_parent().get_parent()),
    ):
        response = found(client, path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"/api/v3/pages/{page.pk}/"), path
        detail = client.get(response["Location"])
        assert detail.status_code == 200
        assert detail.json()["id"] == page.pk


def test_a_path_in_another_languages_slugs_is_not_found(client, spanish_post):
    assert found(client, "/es/journal/walking/").status_code == 404
    assert found(client, "/fr/journal/walking/").status_code == 404  # no French tree


def test_drafts_unknown_paths_and_bad_input_answer_problems_not_errors(
    client, blog_index, spanish_journal
):
    draft = make_post(blog_index, title="Draft", slug="draft", publish=False)
    response = found(client, "/en/journal/draft/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert found(client, "/en/nowhere/").status_code == 404
    assert found(client, "/xx/journal/").status_code == 404
    assert client.get("/api/v3/pages/find/", {"id": "abc"}).status_code == 400
    # A NUL in any query parameter is refused before the view, as everywhere in the API.
    assert client.get("/api/v3/pages/find/", {"html_path": "/en/\x00"}).status_code == 422
    assert client.get("/api/v3/pages/find/", {"id": draft.pk}).status_code == 404


def test_an_id_still_finds_a_page(client, spanish_post):
    english, _spanish = spanish_post
    response = client.get("/api/v3/pages/find/", {"id": english.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/api/v3/pages/{english.pk}/")
