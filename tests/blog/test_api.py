"""The blog's API v3 routes: ratings, comments and the post detail fields."""

import json

import pytest
from wagtail.models import PageViewRestriction

from practice_blog.models import Comment, Rating
from practice_blog.visitors import COOKIE_NAME
from tests.blog.test_comments import form_data

pytestmark = pytest.mark.django_db


def post_json(client, url, data, **headers):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **headers)


def ratings_url(page):
    return f"/api/v3/pages/{page.pk}/ratings/"


def comments_url(page):
    return f"/api/v3/pages/{page.pk}/comments/"


def test_a_first_rating_is_201_with_the_summary_and_sets_the_visitor_cookie(client, post):
    response = post_json(client, ratings_url(post), {"stars": 4})
    assert response.status_code == 201
    assert response.json() == {
        "count": 1,
        "average": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    }
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True


def test_changing_a_rating_is_200_and_counts_once(client, post):
    post_json(client, ratings_url(post), {"stars": 4})
    response = post_json(client, ratings_url(post), {"stars": 2})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["average"] == 2.0


def test_the_api_and_the_html_form_share_the_visitor(client, post):
    client.post(post.url + "rate/", {"stars": "5"})
    response = post_json(client, ratings_url(post), {"stars": 3})
    assert response.status_code == 200
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"stars": 0},
        {"stars": 6},
        {"stars": -1},
        {"stars": 3.5},
        {"stars": "5"},
        {"stars": True},
        {"stars": None},
        {},
        {"stars": 4, "extra": 1},
        "not json",
        "[]",
    ],
)
def test_bad_stars_are_422_problem_json_and_store_nothing(client, post, payload):
    response = post_json(client, ratings_url(post), payload)
    assert response.status_code == (400 if payload == "not json" else 422)
    assert response["Content-Type"] == "application/problem+json"
    assert Rating.objects.count() == 0


def test_a_megabyte_payload_is_refused_without_a_500(client, post):
    response = post_json(client, comments_url(post), {"author_name": "A", "body": "x" * 1_000_000})
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"
    assert Comment.objects.count() == 0


def assert_hidden_pages_are_404(client, post_factory, blog_index, home):
    draft = post_factory(publish=False)
    private = post_factory()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for page_id in (draft.pk, private.pk, blog_index.pk, home.pk, 999999):
        response = post_json(client, f"/api/v3/pages/{page_id}/ratings/", {"stars": 4})
        assert response.status_code == 404, page_id
        assert response["Content-Type"] == "application/problem+json"
        response = post_json(
            client, f"/api/v3/pages/{page_id}/comments/", {"author_name": "A", "body": "B"}
        )
        assert response.status_code == 404, page_id
        assert client.get(f"/api/v3/pages/{page_id}/comments/").status_code == 404
    assert Rating.objects.count() == Comment.objects.count() == 0


def test_drafts_private_unknown_and_non_post_pages_are_404(client, post_factory, blog_index, home):
    assert_hidden_pages_are_404(client, post_factory, blog_index, home)


def test_a_write_from_another_origin_is_refused(client, post):
    response = post_json(
        client, ratings_url(post), {"stars": 4}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert Rating.objects.count() == 0


def test_a_write_from_the_same_origin_is_accepted(client, post):
    response = post_json(client, ratings_url(post), {"stars": 4}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 201


def test_a_write_from_an_allowed_cors_origin_is_accepted(client, post, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example"]
    response = post_json(
        client, ratings_url(post), {"stars": 4}, HTTP_ORIGIN="https://front.example"
    )
    assert response.status_code == 201


def test_throttled_ratings_get_429_with_retry_after(client, post, blog_settings):
    blog_settings.rating_rate_limits = "1/minute"
    blog_settings.save()
    assert post_json(client, ratings_url(post), {"stars": 4}).status_code == 201
    response = post_json(client, ratings_url(post), {"stars": 5})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Content-Type"] == "application/problem+json"
    assert Rating.objects.get().stars == 4


def test_a_comment_is_accepted_as_pending(client, post):
    response = post_json(
        client,
        comments_url(post),
        {"author_name": "Robin", "body": "Helpful, thank you.", "email": "r@example.org"},
    )
    assert response.status_code == 202
    assert response.json() == {"status": "pending"}
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_spam_comment_looks_pending_to_its_sender(client, post):
    body = "https://a.example https://b.example https://c.example"
    response = post_json(client, comments_url(post), {"author_name": "Bot", "body": body})
    assert response.json() == {"status": "pending"}
    assert Comment.objects.get().status == Comment.Status.SPAM


@pytest.mark.parametrize(
    "payload",
    [
        {"author_name": "", "body": "Hello"},
        {"author_name": "Robin", "body": ""},
        {"author_name": "   ", "body": "Hello"},
        {"author_name": "Robin", "body": "x" * 3001},
        {"author_name": "Robin", "body": "nul\u0000byte"},
        {"author_name": "Robin"},
        {"body": "Hello"},
        {"author_name": "Robin", "body": "Hello", "email": "nope"},
        {"author_name": "Robin", "body": "Hello", "status": "approved"},
        {"author_name": 5, "body": "Hello"},
    ],
)
def test_bad_comments_are_422_and_store_nothing(client, post, payload):
    response = post_json(client, comments_url(post), payload)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert Comment.objects.count() == 0


def test_comments_closed_is_a_clear_403(client, post):
    post.comments_closed = True
    post.save_revision().publish()
    response = post_json(client, comments_url(post), {"author_name": "A", "body": "B"})
    assert response.status_code == 403
    assert "closed" in response.json()["detail"]


def test_throttled_comments_get_429(client, post):
    for n in range(3):
        response = post_json(client, comments_url(post), {"author_name": "A", "body": f"B{n}"})
        assert response.status_code == 202
    response = post_json(client, comments_url(post), {"author_name": "A", "body": "B4"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1


def test_the_comment_list_has_approved_comments_only_and_never_emails(client, post):
    for status in Comment.Status.values:
        Comment.objects.create(
            page=post,
            translation_key=post.translation_key,
            locale=post.locale,
            author_name=f"<script>{status}</script>",
            email="secret@example.org",
            body=f"Body {status}",
            status=status,
        )
    response = client.get(comments_url(post))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["body"] == "Body approved"
    assert item["author_name"] == "<script>approved</script>"  # JSON is data; HTML escapes it
    assert "email" not in item
    assert "secret@example.org" not in response.content.decode()
    assert set(item) == {
        "id",
        "author_name",
        "body",
        "created",
        "parent_id",
        "is_practice_reply",
        "locale",
    }


def test_the_comment_list_is_paginated(client, post):
    Comment.objects.bulk_create(
        [
            Comment(
                page=post,
                translation_key=post.translation_key,
                locale=post.locale,
                author_name="A",
                body=f"B{n}",
                status=Comment.Status.APPROVED,
            )
            for n in range(25)
        ]
    )
    data = client.get(comments_url(post) + "?limit=10&offset=20").json()
    assert data["count"] == 25
    assert len(data["items"]) == 5


def test_the_post_detail_has_rating_summary_and_comment_count(client, post):
    post_json(client, ratings_url(post), {"stars": 5})
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="A",
        body="B",
        status=Comment.Status.APPROVED,
    )
    data = client.get(f"/api/v3/pages/{post.pk}/").json()
    assert data["rating_summary"] == {
        "count": 1,
        "average": 5.0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1},
    }
    assert data["comment_count"] == 1


def test_the_openapi_document_types_the_blog_fields_and_routes(client):
    spec = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/pages/{page_id}/ratings/" in spec["paths"]
    assert "/api/v3/pages/{page_id}/comments/" in spec["paths"]
    assert "RatingSummarySchema" in json.dumps(spec)


# --- replies ---------------------------------------------------------------------------------


def approved_comment(post, **fields):
    return Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale_id=post.locale_id,
        author_name=fields.pop("author_name", "Robin"),
        body=fields.pop("body", "A first thought"),
        status=fields.pop("status", Comment.Status.APPROVED),
        **fields,
    )


def test_a_reply_through_the_api_is_held_for_moderation_under_its_parent(client, post):
    parent = approved_comment(post)
    response = post_json(
        client, comments_url(post), {"author_name": "Sam", "body": "Me too", "parent": parent.pk}
    )
    assert response.status_code == 202
    assert response.json() == {"status": "pending"}
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Comment.Status.PENDING
    assert (reply.page_id, reply.locale_id) == (post.pk, post.locale_id)
    # Not shown until a moderator approves it; then listed with its parent's id.
    assert [item["id"] for item in client.get(comments_url(post)).json()["items"]] == [parent.pk]
    reply.status = Comment.Status.APPROVED
    reply.save()
    items = client.get(comments_url(post)).json()["items"]
    assert [(item["id"], item["parent_id"]) for item in items] == [
        (parent.pk, None),
        (reply.pk, parent.pk),
    ]


def refused_parent(response):
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    locations = [error["loc"][-1] for error in response.json()["errors"]]
    assert "parent" in locations, response.json()
    return True


@pytest.mark.parametrize(
    "case", ["pending", "rejected", "a reply", "another post", "another language", "unknown"]
)
def test_a_reply_follows_the_forms_rules_or_is_a_422_naming_parent(
    client, post, post_factory, spanish_post, case
):
    top = approved_comment(post)
    parent = {
        "pending": lambda: approved_comment(post, status=Comment.Status.PENDING),
        "rejected": lambda: approved_comment(post, status=Comment.Status.REJECTED),
        "a reply": lambda: approved_comment(post, parent=top, body="A reply"),
        "another post": lambda: approved_comment(post_factory(title="Other")),
        "another language": lambda: approved_comment(spanish_post),
        "unknown": lambda: type("Gone", (), {"pk": 987654})(),
    }[case]()
    before = Comment.objects.count()
    response = post_json(
        client, comments_url(post), {"author_name": "Sam", "body": "Reply", "parent": parent.pk}
    )
    assert refused_parent(response)
    assert "published comment on this post" in json.dumps(response.json())
    assert Comment.objects.count() == before


@pytest.mark.parametrize("parent", [0, -1, 2**63, "1", 1.5, True])
def test_a_malformed_parent_is_a_422_naming_it(client, post, parent):
    response = post_json(
        client, comments_url(post), {"author_name": "Sam", "body": "Reply", "parent": parent}
    )
    assert refused_parent(response)
    assert not Comment.objects.exists()


def test_the_api_and_the_form_refuse_the_same_parents_with_the_same_words(client, post):
    pending = approved_comment(post, status=Comment.Status.PENDING)
    api = post_json(
        client, comments_url(post), {"author_name": "Sam", "body": "R", "parent": pending.pk}
    )
    form = client.post(post.url + "comment/", form_data(parent=str(pending.pk)))
    message = "You can only reply to a published comment on this post."
    assert message in json.dumps(api.json())
    assert form.status_code == 400
    assert message in form.content.decode()


def test_the_openapi_document_offers_parent_on_comments(client):
    spec = client.get("/api/v3/openapi.json").json()
    operation = spec["paths"]["/api/v3/pages/{page_id}/comments/"]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert "parent" in schema["properties"]
    assert "one level" in schema["properties"]["parent"]["description"]
    assert {"202", "422"} <= set(operation["responses"])
