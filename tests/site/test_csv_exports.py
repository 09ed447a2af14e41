"""Every CSV download of the admin starts with a UTF-8 byte-order mark, so Excel reads accented
names right ("Casa Raíz", not "Casa RaÃ­z"): the comments and followers listings, the
translation status report (the trainings report is tested with the trainings)."""

from django.urls import reverse

from practice_blog.models import Comment, Follower
from tests.blog.conftest import blog_index, post, post_factory  # noqa: F401 - shared fixtures


def csv_text(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]
    return body.decode("utf-8-sig")


def test_the_comments_csv_has_a_byte_order_mark(admin_client, post):  # noqa: F811
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale_id=post.locale_id,
        author_name="Inés Raíz",
        body="Muy útil",
        status=Comment.Status.APPROVED,
    )
    url = reverse("wagtailsnippets_practice_blog_comment:list")
    assert "Inés Raíz" in csv_text(admin_client.get(url, {"export": "csv"}))


def test_the_followers_csv_has_a_byte_order_mark(admin_client, blog_index):  # noqa: F811
    Follower.objects.create(
        email="ines@example.org",
        journal_key=blog_index.translation_key,
        locale=blog_index.locale,
        status=Follower.Status.CONFIRMED,
    )
    url = reverse("wagtailsnippets_practice_blog_follower:list")
    assert "ines@example.org" in csv_text(admin_client.get(url, {"export": "csv"}))


def test_the_translation_status_csv_has_a_byte_order_mark(admin_client, translated_home):
    text = csv_text(admin_client.get(reverse("translation_status"), {"export": "csv"}))
    assert text.splitlines()[0].startswith("Title")
