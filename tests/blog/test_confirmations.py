"""What a visitor sees after rating or commenting: the confirmation next to the form (announced),
their own stars, and their own comment awaiting moderation, shown to them and nobody else."""

import time

import pytest
from django.test import Client

from practice_blog.comments import PENDING_COOKIE
from practice_blog.forms import sign_timestamp
from practice_blog.models import Comment

pytestmark = pytest.mark.django_db


def comment_data(**overrides):
    data = {
        "author_name": "Robin",
        "email": "robin@example.org",
        "body": "This helped me choose.",
        "website": "",
        "started": sign_timestamp(time.time() - 30),
    }
    data.update(overrides)
    return data


def status_region(content, region_id):
    """The HTML of the live region with ``region_id`` (up to its closing tag)."""
    start = content.index(f'id="{region_id}"')
    return content[start : content.index("</div>", start)]


def test_the_rating_confirmation_is_in_the_rating_sections_live_region_not_at_the_top(client, post):
    response = client.post(post.url + "rate/", {"stars": "4"}, follow=True)
    content = response.content.decode()
    region = status_region(content, "rating-status")
    assert 'role="status"' in region
    assert "Thank you: you rated this post 4 stars." in region
    assert "Your rating: 4 stars" in region
    assert content.count(">Thank you: you rated this post 4 stars.<") == 1
    assert '<div class="messages"' not in content


def test_after_rating_the_button_offers_to_change_and_a_reload_shows_the_own_stars(client, post):
    client.post(post.url + "rate/", {"stars": "2"})
    client.get(post.url)  # shows (and uses up) the confirmation
    content = client.get(post.url).content.decode()
    assert "Change my rating" in content and "Add a rating" not in content
    assert 'value="2" checked' in content
    assert "Your rating: 2 stars" in status_region(content, "rating-status")
    assert ">Thank you" not in content


def test_a_changed_rating_is_confirmed_as_a_change(client, post):
    client.post(post.url + "rate/", {"stars": "5"})
    content = client.post(post.url + "rate/", {"stars": "1"}, follow=True).content.decode()
    assert "Your rating is now 1 star." in status_region(content, "rating-status")
    assert "Your rating: 1 star<" in content


def test_the_comment_confirmation_is_next_to_the_form_and_the_redirect_lands_on_it(client, post):
    response = client.post(post.url + "comment/", comment_data(), follow=True)
    assert response.redirect_chain[-1][0].endswith("#comment-status")
    content = response.content.decode()
    region = status_region(content, "comment-status")
    assert 'role="status"' in region and 'tabindex="-1"' in region
    assert "awaiting moderation and will appear once approved" in region
    assert content.index('id="comment-status"') < content.index('class="comment-form"')
    assert '<div class="messages"' not in content


def test_the_author_sees_their_pending_comment_marked_and_nobody_else_does(client, post):
    client.post(post.url + "comment/", comment_data())
    mine = client.get(post.url)
    content = mine.content.decode()
    assert "This helped me choose." in content
    assert "Awaiting moderation" in content
    assert "Only you can see it until the practice approves it." in content
    assert "robin@example.org" not in content
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]
    # Someone else, a first-time visitor served from the shared cache, sees nothing of it.
    for _ in range(2):
        other = Client().get(post.url).content.decode()
        assert "This helped me choose." not in other
        assert "Awaiting moderation" not in other


def test_the_pending_comment_is_never_put_into_the_shared_page_cache(client, post):
    Client().get(post.url)  # the shared page is cached
    client.post(post.url + "comment/", comment_data())
    assert "This helped me choose." in client.get(post.url).content.decode()
    # The first anonymous view after it must not be the author's page.
    assert "This helped me choose." not in Client().get(post.url).content.decode()


def test_a_forged_pending_cookie_shows_nothing(client, post, visitor):
    from practice_blog.services import submit_comment

    someone_else = submit_comment(post, author_name="Kim", body="Secret draft", visitor=visitor)
    client.cookies[PENDING_COOKIE] = str(someone_else.pk)
    assert "Secret draft" not in client.get(post.url).content.decode()
    client.cookies[PENDING_COOKIE] = f"{someone_else.pk}:forged-signature"
    assert "Secret draft" not in client.get(post.url).content.decode()


def test_once_approved_the_comment_shows_once_and_the_cookie_is_dropped(client, post):
    client.post(post.url + "comment/", comment_data())
    comment = Comment.objects.get()
    comment.moderate(Comment.Status.APPROVED, None)
    response = client.get(post.url)
    content = response.content.decode()
    assert content.count("This helped me choose.") == 1
    assert "Only you can see it" not in content
    assert response.cookies[PENDING_COOKIE].value == ""  # deleted


def test_the_pending_comment_shows_on_its_own_post_only(client, post, post_factory):
    other_post = post_factory(title="Another post")
    client.post(post.url + "comment/", comment_data())
    assert "This helped me choose." not in client.get(other_post.url).content.decode()


def test_a_rejected_comment_disappears_for_its_author(client, post):
    client.post(post.url + "comment/", comment_data())
    Comment.objects.get().moderate(Comment.Status.REJECTED, None)
    assert "This helped me choose." not in client.get(post.url).content.decode()
