"""End to end: a real email through a real SMTP server (aiosmtpd), read back and checked."""

import pytest

from practice_blog.models import BlogIndexPage, Comment
from practice_blog.services import notify_new_comment
from tests.blog.conftest import make_post
from tests.smtp_server import smtp_server

pytest.importorskip("aiosmtpd", reason="aiosmtpd is a dev dependency: pip install -e '.[dev]'")


@pytest.fixture
def inbox(settings):
    with smtp_server(settings) as inbox:
        yield inbox


def test_a_comment_notification_goes_through_smtp_with_both_parts_and_headers(
    inbox, practice_settings, settings, locales
):
    settings.DEFAULT_FROM_EMAIL = "website@practice.example"
    index = BlogIndexPage(title="Journal", slug="journal")
    practice_settings.site.root_page.add_child(instance=index)
    post = make_post(index, title="Ways of listening")
    comment = Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Robin",
        body="Thank you — this helped.",
    )
    notify_new_comment(comment, post, "owner@practice.example")

    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert inbox.envelopes[0][1] == ["owner@practice.example"]
    assert message["From"] == "Test Practice <website@practice.example>"
    assert message["Reply-To"] == "hello@practice.example"
    assert message["Message-ID"] and message["Date"]
    assert message["Subject"] == "New comment on “Ways of listening”"
    text, html = message.get_payload()
    assert text.get_content_type() == "text/plain"
    assert "Thank you — this helped." in text.get_content()
    assert html.get_content_type() == "text/html"
