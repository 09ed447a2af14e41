"""Hostile query strings (audit item 3): 4xx with a clear message, never a 500, on every route.

One check (practice_core.query_params) runs before any view, and one cleaning of search text
(practice_core.search) sits under every search, so the lists here are derived from the API's own
OpenAPI document where possible: a route added later is checked too. Run with DATABASE_URL set
to cover PostgreSQL (NUL bytes, bigint offsets).
"""

import pytest
from wagtail.api.v3.api import api
from wagtail.search import index

from practice_core.query_params import MAX_OFFSET
from practice_core.search import MAX_QUERY_LENGTH, clean_query
from practice_site.models import StandardPage

HUGE = "10000000000000000000"  # beyond a 64-bit signed integer


def _paged_lists():
    document = api.get_openapi_schema()
    return sorted(
        path
        for path, operations in document["paths"].items()
        if "{" not in path
        and any(p["name"] == "offset" for p in operations.get("get", {}).get("parameters", []))
    )


PAGED_LISTS = _paged_lists()


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


def assert_problem(response, status, parameter):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert any(error["loc"][-1] == parameter for error in body["errors"]), body
    return body


def test_the_public_lists_of_the_audit_are_all_checked():
    for path in [
        "/api/v3/pages/",
        "/api/v3/pages/{page_id}/comments/",
        "/api/v3/authors/",
        "/api/v3/categories/",
        "/api/v3/providers/",
        "/api/v3/frameworks/",
        "/api/v3/images/",
        "/api/v3/documents/",
        "/api/v3/redirects/",
        "/api/v3/trainings/",
    ]:
        assert path in PAGED_LISTS or "{" in path


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGED_LISTS)
@pytest.mark.parametrize("offset", [HUGE, "-1", str(MAX_OFFSET + 1), "1e3", "9" * 5000])
def test_an_offset_out_of_range_is_a_422_on_every_list(client, home, path, offset):
    body = assert_problem(client.get(path, {"offset": offset}), 422, "offset")
    assert f"0 to {MAX_OFFSET}" in body["errors"][0]["msg"]


@pytest.mark.django_db
def test_the_comments_of_a_post_refuse_a_huge_offset(client, post):
    assert_problem(client.get(f"/api/v3/pages/{post.pk}/comments/?offset={HUGE}"), 422, "offset")


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGED_LISTS)
def test_a_limit_above_the_maximum_is_a_422_that_names_it(client, home, path, settings):
    settings.WAGTAILAPI_LIMIT_MAX = 50
    body = assert_problem(client.get(path, {"limit": "51"}), 422, "limit")
    assert "1 to 50" in body["errors"][0]["msg"]


@pytest.mark.django_db
def test_paging_in_range_still_works(client, post):
    response = client.get("/api/v3/pages/", {"offset": MAX_OFFSET, "limit": 50})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert client.get("/api/v3/pages/", {"offset": "0", "limit": "1"}).json()["count"] >= 1


def test_the_openapi_document_states_the_paging_bounds():
    document = api.get_openapi_schema()
    for path in PAGED_LISTS:
        parameters = {p["name"]: p["schema"] for p in document["paths"][path]["get"]["parameters"]}
        assert parameters["offset"]["maximum"] == MAX_OFFSET
        assert parameters["offset"]["minimum"] == 0
        assert parameters["limit"]["minimum"] == 1
        assert parameters["limit"]["maximum"] >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("parameter", ["child_of", "id", "descendant_of", "site"])
def test_an_integer_beyond_the_database_is_a_422_on_any_api_parameter(client, home, parameter):
    assert_problem(client.get("/api/v3/pages/", {parameter: HUGE}), 422, parameter)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"locale": "\x00"},
        {"search": "a\x00"},
        {"type": "practice_blog.BlogPostPage\x00"},
    ],
)
def test_a_nul_byte_in_an_api_query_is_a_422(client, home, query):
    (name,) = query
    assert_problem(client.get("/api/v3/pages/", query), 422, name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v3/authors/", "/api/v3/categories/", "/api/v3/site-settings/"]
)
def test_a_nul_byte_locale_is_a_422_on_the_plugins_routes(client, home, path):
    assert_problem(client.get(path, {"locale": "\x00"}), 422, "locale")


@pytest.mark.django_db
def test_nul_bytes_in_html_queries_and_paths_are_a_400_page(
    client, post, blog_index, training_index
):
    for url, query in [
        ("/en/search/", {"q": "a\x00"}),
        (blog_index.url, {"category": "\x00"}),
        (blog_index.url, {"tag": "\x00"}),
        (training_index.url, {"framework": "\x00"}),
        ("/en/search/", {"q\x00": "a"}),
    ]:
        response = client.get(url, query)
        assert response.status_code == 400, (url, query, response.status_code)
        assert "NUL character" in response.content.decode()
    assert client.get("/en/%00/").status_code == 400


@pytest.fixture
def mindfulness(home):
    page = StandardPage(title="Mindfulness workshops", slug="mindfulness")
    home.add_child(instance=page)
    page.save_revision().publish()
    # PostgreSQL's backend indexes on commit, which a test's transaction never reaches.
    index.insert_or_update_object(page)
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("text", ['"', '"mind', 'mind"', '""', "'", "\\", "a:*", "(", "NEAR("])
def test_search_punctuation_never_breaks_the_search_page_or_the_api(client, mindfulness, text):
    assert client.get("/en/search/", {"q": text}).status_code == 200
    assert client.get("/api/v3/pages/", {"search": text}).status_code == 200


@pytest.mark.django_db
def test_a_quoted_search_still_finds_the_page(client, mindfulness):
    response = client.get("/en/search/", {"q": '"mindfulness'})
    assert "Mindfulness workshops" in response.content.decode()
    items = client.get("/api/v3/pages/", {"search": 'Mindfulness"'}).json()["items"]
    assert [item["id"] for item in items] == [mindfulness.pk]


def test_clean_query_drops_quotes_and_control_characters_and_bounds_the_length():
    assert clean_query('say "hi"\x00\x07 there') == "say hi there"
    assert clean_query("  ") == ""
    assert len(clean_query("a" * 10_000)) == MAX_QUERY_LENGTH
    assert clean_query("café – ¿qué?") == "café – ¿qué?"


@pytest.mark.django_db
@pytest.mark.parametrize("megabytes", [2.7, 10])
def test_an_oversized_api_body_is_a_413_problem_logged_as_a_warning(
    client, post, megabytes, caplog
):
    body = '{"stars": 5, "pad": "' + "x" * int(megabytes * 1024 * 1024) + '"}'
    with caplog.at_level("WARNING"):
        response = client.post(
            f"/api/v3/pages/{post.pk}/ratings/", body, content_type="application/json"
        )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 413
    records = [r for r in caplog.records if "too large" in r.getMessage()]
    assert records and all(r.levelname == "WARNING" and not r.exc_info for r in records)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        # The page finder is mounted beside the API's own routes (practice_site.page_paths).
        "/api/v3/pages/find/?html_path=%00",
        "/api/v3/pages/find/?html_path=/en/about/%00",
        "/api/v3/pages/find/?id=1%00",
        # A route the API does not have.
        "/api/v3/no-such-route/?q=%00",
        "/api/v3/%00/",
    ],
)
def test_a_nul_byte_anywhere_under_the_api_is_a_problem_not_an_html_page(client, home, url):
    response = client.get(url)
    assert response.status_code == 422, (url, response.content[:200])
    assert response["Content-Type"] == "application/problem+json"
    assert "NUL character" in response.json()["errors"][0]["msg"]


@pytest.mark.django_db
def test_an_unknown_api_route_is_a_404_problem(client, home):
    response = client.get("/api/v3/no-such-route/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    # HTML pages keep the site's 404 page.
    assert client.get("/en/no-such-page/")["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_too_many_query_parameters_on_the_api_is_a_400_problem(client, home, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"p{number}=1" for number in range(20))
    response = client.get(f"/api/v3/pages/find/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert client.get(f"/api/v3/pages/?{query}").status_code == 400
    assert client.get(f"/en/search/?{query}")["Content-Type"].startswith("text/html")
