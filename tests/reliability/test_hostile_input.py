"""Hostile input through the HTML forms and the API: refused clearly or stored inert, never a 500.

Every visitor text field (name, comment, email) carrying markup is shown escaped on the post page,
in the API, in the feeds and in the admin's moderation screens; links with ``javascript:`` or
``data:`` schemes are never rendered as links; malformed, oversized or mistyped payloads get a 4xx
with a message and store nothing.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageViewRestriction

from practice_blog.models import BlogSettings, Comment, Rating

from .conftest import comment_form, comments_url, post_json, ratings_url
from .markup import assert_inert

SCRIPT_PAYLOADS = [
    "<script>alert('pwned')</script>",
    "<img src=x onerror=alert('pwned')>",
    '"><svg onload=alert("pwned")>',
    "</script><script>alert('pwned')</script>",
    "<a href=\"javascript:alert('pwned')\">click</a>",
    "<iframe srcdoc=\"<script>alert('pwned')</script>\"></iframe>",
    'http://example.org/"onmouseover="alert(\'pwned\')"',
    "http://example.org/?q=<b onmouseover=alert('pwned')>x</b>",
    "{{ pwned }}{% if 1 %}pwned{% endif %}",
]
LINK_PAYLOADS = [
    "javascript:alert('pwned')",
    "JaVaScRiPt:alert('pwned')",
    " javascript:alert('pwned')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgncHduZWQnKTwvc2NyaXB0Pg==#pwned",
    "[pwned](javascript:alert(1))",
    "<javascript:alert('pwned')>",
]


@pytest.fixture
def auto_approve(blog_settings):
    blog_settings.auto_approve_comments = True
    blog_settings.comment_rate_limits = "10000/minute"
    blog_settings.rating_rate_limits = "10000/minute"
    blog_settings.save()
    return blog_settings


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_superuser("moderator", "mod@example.org", "pw")


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS + LINK_PAYLOADS)
def test_markup_in_a_comment_form_is_shown_inert_on_the_post_page(
    client, post, auto_approve, payload
):
    response = client.post(
        post.url + "comment/", comment_form(author_name=payload[:80], body=f"Before {payload}")
    )
    assert response.status_code == 302, response.content[:2000]
    page = client.get(post.url).content.decode()
    assert_inert(page)
    assert "Before" in page


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS + LINK_PAYLOADS)
def test_markup_sent_through_the_api_is_returned_as_plain_json_text(
    client, post, auto_approve, payload
):
    data = {"author_name": payload[:80], "body": payload, "email": "robin@example.org"}
    assert post_json(client, comments_url(post), data).status_code == 202
    response = client.get(comments_url(post))
    assert response["Content-Type"].startswith("application/json")
    item = response.json()["items"][0]
    assert item["body"] == payload.strip()  # data, not HTML: the client escapes when it renders
    assert "email" not in item and "robin@example.org" not in response.content.decode()
    assert_inert(client.get(post.url).content.decode())


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS[:4])
def test_markup_in_comments_is_inert_in_the_admin_moderation_screens(
    client, post, blog_settings, moderator, payload
):
    post_json(client, comments_url(post), {"author_name": payload[:80], "body": payload})
    comment = Comment.objects.get()
    client.force_login(moderator)
    for url in [
        reverse("wagtailsnippets_practice_blog_comment:list"),
        reverse("wagtailsnippets_practice_blog_comment:edit", args=[comment.pk]),
        reverse("wagtailadmin_home"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS[:4])
def test_markup_in_comments_never_reaches_the_feeds(client, post, auto_approve, payload):
    post_json(client, comments_url(post), {"author_name": payload[:80], "body": payload})
    for suffix in ["feed/", "feed/atom/"]:
        response = client.get(post.get_parent().url + suffix)
        assert response.status_code == 200
        assert "pwned" not in response.content.decode()


def test_javascript_and_data_links_in_a_comment_are_never_rendered_as_links(
    client, post, auto_approve
):
    body = "\n\n".join(LINK_PAYLOADS + ["Safe: https://example.org/page"])
    assert client.post(post.url + "comment/", comment_form(body=body)).status_code == 302
    page = client.get(post.url).content.decode()
    assert_inert(page)
    assert 'href="https://example.org/page"' in page  # ordinary links still work


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("author_name", "Robin\u202eniboR", "direction"),
        ("body", "Read this \u202egnp.exe", "direction"),
        ("author_name", "\u2067Robin\u2069", "direction"),
        ("author_name", "\u200b\u200b\ufeff", "fill in"),
        ("body", "bell \x07 here", "control characters"),
    ],
)
def test_direction_overrides_and_invisible_text_are_refused_through_the_api(
    client, post, field, value, message
):
    data = {"author_name": "Robin", "body": "Hello there"} | {field: value}
    response = post_json(client, comments_url(post), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_direction_override_in_the_form_is_a_form_error(client, post):
    response = client.post(post.url + "comment/", comment_form(author_name="Robin\u202eniboR"))
    assert response.status_code == 400
    assert "reverse the text direction" in response.content.decode()
    assert not Comment.objects.exists()


def test_zero_width_spaces_are_dropped_and_joiners_kept(client, post, auto_approve):
    body = "Thank\u200b you 👩\u200d⚕️ and می\u200cخواهم"
    assert post_json(client, comments_url(post), {"author_name": "Ro\u200bbin", "body": body})
    comment = Comment.objects.get()
    assert comment.author_name == "Robin"
    assert comment.body == "Thank you 👩\u200d⚕️ and می\u200cخواهم"


@pytest.mark.parametrize("field", ["author_name", "body", "email"])
def test_nul_bytes_are_refused_in_every_field(client, post, field):
    data = {"author_name": "Robin", "body": "Hello", "email": "a@example.org"}
    data[field] = data[field][:2] + "\x00" + data[field][2:]
    assert post_json(client, comments_url(post), data).status_code == 422
    form = comment_form(**{field: data[field]})
    assert client.post(post.url + "comment/", form).status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"author_name": "R" * 81, "body": "Hello"},
        {"author_name": "Robin", "body": "x" * 3001},
        {"author_name": "Robin", "body": "Hello", "email": "a" * 250 + "@example.org"},
    ],
)
def test_over_long_text_is_refused_with_a_message(client, post, data):
    response = post_json(client, comments_url(post), data)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert client.post(post.url + "comment/", comment_form(**data)).status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("megabytes", [1, 3, 10])
def test_big_json_bodies_are_a_4xx_not_a_500(client, post, megabytes):
    body = json.dumps({"author_name": "Robin", "body": "x" * (megabytes * 1024 * 1024)})
    for url in [comments_url(post), ratings_url(post)]:
        response = post_json(client, url, body)
        assert 400 <= response.status_code < 500, (url, response.status_code)
    assert not Comment.objects.exists()
    assert not Rating.objects.exists()


@pytest.mark.parametrize("megabytes", [3, 10])
def test_big_form_bodies_are_refused_before_parsing(client, post, megabytes):
    response = client.post(post.url + "comment/", comment_form(body="x" * (megabytes << 20)))
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"stars": ' * 5000 + "5" + "}" * 5000,
        '{"stars": 5',
        "{'stars': 5}",
        '{"stars": 5}{"stars": 4}',
        "\xff\xfe",
        "",
        "null",
        "[]",
        '"stars"',
        '{"stars": NaN}',
        '{"stars": Infinity}',
    ],
)
def test_malformed_or_deep_json_is_a_4xx_problem(client, post, raw):
    for url in [ratings_url(post), comments_url(post)]:
        response = post_json(client, url, raw)
        assert 400 <= response.status_code < 500, (url, raw[:20], response.status_code)
    assert not Rating.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "stars",
    ["5", True, None, 1e400, 2**63, -(2**63), 4.5, 6.0, [5], {"n": 5}, 0, 6, "", "５"],
)
def test_mistyped_stars_are_422_and_store_nothing(client, post, stars):
    # A whole number written as 4.0 is a number of stars (JSON has one number type, and the
    # schema is an integer, which JSON Schema takes 4.0 to be): tests/security/test_api_contract.py.
    raw = json.dumps({"stars": stars}) if stars != 1e400 else '{"stars": 1e400}'
    response = post_json(client, ratings_url(post), raw)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Rating.objects.exists()


@pytest.mark.parametrize("stars", ["5.0", "1e400", "9223372036854775808", " 5", "true", "", "-1"])
def test_mistyped_stars_in_the_form_are_400(client, post, stars):
    assert client.post(post.url + "rate/", {"stars": stars}).status_code == 400
    assert not Rating.objects.exists()


@pytest.mark.parametrize("value", [True, None, 5, 2**63, 1e400, ["Robin"], {"first": "Robin"}])
def test_mistyped_comment_fields_are_422(client, post, value):
    for field in ["author_name", "body"]:
        data = {"author_name": "Robin", "body": "Hello"}
        data[field] = value
        raw = json.dumps(data) if value != 1e400 else json.dumps(data).replace("Infinity", "1e400")
        response = post_json(client, comments_url(post), raw)
        if value is None and field == "email":
            continue
        assert response.status_code == 422, (field, value, response.status_code)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"status": "approved"},
        {"is_practice_reply": True},
        {"page": 1},
        {"translation_key": "00000000-0000-0000-0000-000000000000"},
        {"moderated_by": 1},
        {"id": 99},
    ],
)
def test_mass_assignment_in_a_comment_is_refused(client, post, blog_settings, extra):
    data = {"author_name": "Robin", "body": "Hello"} | extra
    response = post_json(client, comments_url(post), data)
    assert response.status_code == 422
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "extra", [{"score": 100}, {"count": 1000}, {"page": 1}, {"voter_key": "x"}]
)
def test_mass_assignment_in_a_rating_is_refused(client, post, extra):
    response = post_json(client, ratings_url(post), {"stars": 5} | extra)
    assert response.status_code == 422
    assert not Rating.objects.exists()


def test_extra_form_fields_are_ignored_and_never_stored(client, post, blog_settings):
    form = comment_form(status="approved", is_practice_reply="on", page="1", email="")
    assert client.post(post.url + "comment/", form).status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert not comment.is_practice_reply
    assert comment.page_id == post.pk


def test_a_rating_form_with_extra_fields_stores_only_the_stars(client, post):
    data = {"stars": "3", "count": "1000", "total": "5000", "page": "1"}
    assert client.post(post.url + "rate/", data).status_code == 302
    rating = Rating.objects.get()
    assert (rating.stars, rating.page_id) == (3, post.pk)


def hidden_pages(post_factory, blog_index, home, locales):
    """Ids of everything that is not a live, public blog post of this site."""
    from wagtail.models import Page, Site

    draft = post_factory(publish=False)
    private = post_factory()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    source = post_factory()
    alias = source.create_alias(parent=home, update_slug="alias-of-post")
    other_root = Page.get_first_root_node().add_child(
        instance=Page(title="Other site", slug="other-site", locale=locales["en"])
    )
    Site.objects.create(hostname="other.example", root_page=other_root)
    from tests.blog.conftest import BlogIndexPage

    other_index = other_root.add_child(
        instance=BlogIndexPage(title="Elsewhere", slug="elsewhere", locale=locales["en"])
    )
    foreign = make_foreign_post(other_index)
    return {
        "draft": draft.pk,
        "private": private.pk,
        "alias": alias.pk,
        "index page": blog_index.pk,
        "home page": home.pk,
        "other site": foreign.pk,
        "unknown": 999_999,
    }


def make_foreign_post(index):
    from tests.blog.conftest import make_post

    return make_post(index, title="On another site")


def test_ids_of_drafts_private_pages_aliases_other_sites_and_page_types_are_404(
    client, post_factory, blog_index, home, locales
):
    for name, page_id in hidden_pages(post_factory, blog_index, home, locales).items():
        for url, data in [
            (f"/api/v3/pages/{page_id}/ratings/", {"stars": 4}),
            (f"/api/v3/pages/{page_id}/comments/", {"author_name": "A", "body": "B"}),
        ]:
            assert post_json(client, url, data).status_code == 404, name
        assert client.get(f"/api/v3/pages/{page_id}/comments/").status_code == 404, name
    assert not Rating.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("page_id", ["0", "-1", "abc", "1e3", "99999999999999999999999", "1%00"])
def test_malformed_page_ids_are_4xx(client, db, page_id):
    response = post_json(client, f"/api/v3/pages/{page_id}/ratings/", {"stars": 4})
    assert 400 <= response.status_code < 500


def test_a_reply_to_a_comment_on_another_post_is_refused(client, post, post_factory):
    other = post_factory()
    foreign = Comment.objects.create(
        page=other,
        translation_key=other.translation_key,
        locale_id=other.locale_id,
        author_name="Sam",
        body="Elsewhere",
        status=Comment.Status.APPROVED,
    )
    response = client.post(post.url + "comment/", comment_form(parent=str(foreign.pk)))
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_pending_comments_and_emails_never_leak_to_visitors(client, post, blog_settings):
    post_json(
        client,
        comments_url(post),
        {"author_name": "Quiet", "body": "Unapproved words", "email": "secret@example.org"},
    )
    assert BlogSettings.objects.exists()
    for url in [post.url, comments_url(post), f"/api/v3/pages/{post.pk}/"]:
        text = client.get(url).content.decode()
        assert "Unapproved words" not in text
        assert "secret@example.org" not in text


@pytest.mark.parametrize("parent", ["99999999999999999999999", "-5", "0", "1.5", "abc", "9" * 5000])
def test_an_out_of_range_or_malformed_reply_parent_is_a_form_error(client, post, parent):
    response = client.post(post.url + "comment/", comment_form(parent=parent))
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("page_id", ["99999999999999999999999", "0"])
def test_wagtail_page_detail_with_an_out_of_range_id_is_4xx(client, db, page_id):
    assert 400 <= client.get(f"/api/v3/pages/{page_id}/").status_code < 500
