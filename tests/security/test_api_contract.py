"""Issue 13, item 13: the OpenAPI document describes what the API does, and Wagtail's page
actions answer conflicts as 409/422 problem+json instead of a 500."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail.api.v3.api import api
from wagtail.models import APIToken, Page

from practice_site.models import StandardPage

PROBLEM = "application/problem+json"


def _document():
    """The document as clients read it (JSON: status codes are strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v3/"), default=str))


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_public_reads_need_no_token_and_other_routes_do():
    document = _document()
    assert "AllowAnonymous" not in document["components"]["securitySchemes"]
    detail = document["paths"]["/api/v3/pages/{page_id}/"]["get"]
    assert {} in detail["security"]
    assert {"BearerTokenAuth": []} in detail["security"]
    publish = document["paths"]["/api/v3/pages/{page_id}/actions/publish/"]["post"]
    assert publish["security"] == [{"BearerTokenAuth": []}]
    assert {"401", "403"} <= set(publish["responses"])


def test_every_error_a_route_declares_is_problem_json():
    for path, method, operation in _operations(_document()):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == [PROBLEM], (method, path, status)
        assert {"400", "422"} <= set(operation["responses"]), (method, path)
        if "requestBody" in operation:
            assert "413" in operation["responses"], (method, path)


def test_visitor_writes_declare_their_refusals():
    ratings = _document()["paths"]["/api/v3/pages/{page_id}/ratings/"]["post"]
    assert {"403", "404", "413", "422", "429", "503"} <= set(ratings["responses"])
    assert "Retry-After" in ratings["responses"]["429"]["headers"]


def test_the_page_actions_declare_their_conflicts():
    paths = _document()["paths"]
    for action in ("copy", "move", "create_alias", "copy_for_translation"):
        assert "409" in paths[f"/api/v3/pages/{{page_id}}/actions/{action}/"]["post"]["responses"]


@pytest.mark.django_db
def test_a_whole_number_of_stars_written_as_a_float_is_accepted(client, post):
    url = f"/api/v3/pages/{post.pk}/ratings/"
    headers = {"HTTP_ORIGIN": "http://testserver"}
    response = client.post(url, {"stars": 3.0}, content_type="application/json", **headers)
    assert response.status_code == 201
    assert response.json()["distribution"]["3"] == 1
    for refused in (3.5, "3", True, 6.0):
        response = client.post(url, {"stars": refused}, content_type="application/json", **headers)
        assert response.status_code == 422, refused


@pytest.fixture
def admin_headers(db):
    user = get_user_model().objects.create_superuser("root", password="pw")
    return {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=user, name='t')[1]}"}


@pytest.fixture
def about(home):
    page = StandardPage(title="About", slug="about")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _action(client, headers, page_id, action, data):
    return client.post(
        f"/api/v3/pages/{page_id}/actions/{action}/",
        data,
        content_type="application/json",
        **headers,
    )


def _assert_problem(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == status


@pytest.mark.django_db
def test_translating_a_page_into_a_language_it_has_is_a_409(client, translated_home, admin_headers):
    home = translated_home["en"]
    _assert_problem(
        _action(client, admin_headers, home.pk, "copy_for_translation", {"locale": "es"}), 409
    )
    assert Page.objects.filter(translation_key=home.translation_key).count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["copy", "create_alias"])
def test_copying_the_root_page_without_a_destination_is_a_422(client, home, admin_headers, action):
    root = Page.get_first_root_node()
    count = Page.objects.count()
    _assert_problem(_action(client, admin_headers, root.pk, action, {}), 422)
    assert Page.objects.count() == count


@pytest.mark.django_db
def test_moving_the_root_page_or_a_page_under_itself_is_a_422(client, home, about, admin_headers):
    root = Page.get_first_root_node()
    _assert_problem(
        _action(client, admin_headers, root.pk, "move", {"destination_id": about.pk}), 422
    )
    _assert_problem(
        _action(client, admin_headers, about.pk, "move", {"destination_id": about.pk}), 422
    )
    about.refresh_from_db()
    assert about.get_parent().pk == home.pk


@pytest.mark.django_db
def test_a_token_without_permission_still_gets_403_before_any_conflict(client, translated_home):
    reader = get_user_model().objects.create_user("reader", password="pw")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=reader, name='t')[1]}"}
    home = translated_home["en"]
    _assert_problem(
        _action(client, headers, home.pk, "copy_for_translation", {"locale": "es"}), 403
    )


@pytest.mark.django_db
def test_the_actions_still_work_when_there_is_no_conflict(client, about, admin_headers):
    response = _action(client, admin_headers, about.pk, "copy", {"slug": "about-copy"})
    assert response.status_code == 201
    assert Page.objects.filter(slug="about-copy").exists()
