"""The parts of a post page every visitor sees alike are cached (practice_core.cache), and a change
to the post, to another post or to an author shows at once; previews are never cached."""

import re
import time

from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from practice_blog.forms import TIMESTAMP_SALT, sign_timestamp
from practice_blog.models import Author, BlogPostPage, Comment
from practice_blog.services import rate
from practice_blog.versions import post_scope
from practice_core import versions
from practice_site.cache import ResilientRedisCache

from .conftest import visitor_named


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries], response.content.decode()


def test_a_warm_post_is_answered_with_the_version_read_only(client, post):
    client.get(post.url)
    queries, content = queries_of(client, post.url)
    assert "Choosing a trauma training" in content
    # Before routing: no page, snippet, tag, comment or figures query, only the versions.
    assert len(queries) == 1 and "practice_core_contentversion" in queries[0]


def test_publishing_a_new_revision_shows_it_at_once(client, post):
    assert "Choosing a trauma training" in client.get(post.url).content.decode()
    post.title = "Choosing a trauma-focused training"
    post.save_revision().publish()
    content = client.get(post.url).content.decode()
    assert "<h1>Choosing a trauma-focused training</h1>" in content


def test_a_newly_published_related_post_appears(client, post, post_factory):
    post.tags.add("training")
    post.save_revision().publish()
    client.get(post.url)
    other = post_factory(title="Another post about training", publish=False)
    other.tags.add("training")
    other.save_revision().publish()
    content = client.get(post.url).content.decode()
    assert "Another post about training" in content.split('id="related-heading"')[1]


def test_renaming_an_author_shows_the_new_name(client, post, home):
    author = Author.objects.create(name="Dr Old Name", locale=post.locale)
    post.authors.add(author)
    post.save_revision().publish()
    assert "Dr Old Name" in client.get(post.url).content.decode()
    author.name = "Dr New Name"
    author.save()
    content = client.get(post.url).content.decode()
    assert "Dr New Name" in content and "Dr Old Name" not in content


def test_the_comment_list_version_lives_in_the_database(client, post):
    """Another app server (its own local-memory cache) approving a comment: only the database
    changes, and this server's cached list must not hide the comment."""
    comment = Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Sam",
        body="Seen by every worker",
        status=Comment.Status.PENDING,
    )
    assert "Seen by every worker" not in client.get(post.url).content.decode()
    before = versions.current(post_scope(post.translation_key))
    # What another worker's moderation does to the database (no signal reaches this process).
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    versions.bump(post_scope(post.translation_key))
    assert versions.current(post_scope(post.translation_key)) != before
    assert "Seen by every worker" in client.get(post.url).content.decode()


def test_a_preview_is_never_cached_nor_served_from_the_cache(client, post, rf):
    client.get(post.url)  # the live page's parts are cached
    post.title = "A draft title"
    post.body = [("paragraph", "<p>Words only in the draft.</p>")]
    post.save_revision()
    draft = BlogPostPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    response = draft.make_preview_request()
    assert response.status_code == 200, response.content[:2000]
    preview = response.render().content.decode()
    assert "<h1>A draft title</h1>" in preview and "Words only in the draft." in preview
    live = client.get(post.url).content.decode()
    assert "<h1>Choosing a trauma training</h1>" in live
    assert "Words only in the draft." not in live


def test_an_unreachable_cache_still_serves_the_post(client, post, monkeypatch):
    # What production's cache does while Redis is down (practice_site.cache): a miss.
    down = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    monkeypatch.setattr("practice_core.cache.cache", down)
    response = client.get(post.url)
    assert response.status_code == 200
    assert "Choosing a trauma training" in response.content.decode()


# The whole page for first-time visitors --------------------------------------------------------


def form_tokens(content):
    csrf = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    started = re.search(r'name="started" value="([^"]+)"', content).group(1)
    return csrf, started


def test_first_time_visitors_each_get_their_own_tokens_and_can_comment(post):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(post.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        page_two = second.get(post.url).content.decode()
    # The second visitor's page came from the cache: no template data was read.
    assert not any("practice_blog_author" in q["sql"] or "taggit" in q["sql"] for q in queries)
    assert "placeholder" not in page_two
    (csrf_one, *_), started_one = form_tokens(page_one)
    csrf_two, started_two = form_tokens(page_two)
    assert len(csrf_two) == 2 and csrf_two[0] != csrf_one
    assert started_two != started_one
    assert signing.loads(started_two, salt=TIMESTAMP_SALT) >= signing.loads(
        started_one, salt=TIMESTAMP_SALT
    )
    # The second visitor's tokens work (the CSRF cookie was set with the page).
    started = sign_timestamp(time.time() - 30)  # as if the visitor had taken half a minute
    response = second.post(
        post.url + "comment/",
        {
            "csrfmiddlewaretoken": csrf_two[1],
            "author_name": "Kim",
            "body": "Thank you for writing this.",
            "started": started,
            "website": "",
        },
    )
    assert response.status_code == 302
    assert Comment.objects.filter(page=post, author_name="Kim").exists()


def test_a_new_rating_shows_to_the_next_first_time_visitor(post, blog_settings):
    assert "No ratings yet" in Client().get(post.url).content.decode()
    rate(post, 4, visitor_named("someone", blog_settings))
    assert "4.0 out of 5 · 1 rating" in Client().get(post.url).content.decode()


def test_a_returning_visitor_sees_their_own_rating(client, post):
    client.get(post.url)
    client.post(post.url + "rate/", {"stars": "5"})
    content = client.get(post.url).content.decode()
    assert "Your rating: 5 stars<" in content  # after the "thank you" message
    assert "Your rating: 5 stars<" not in Client().get(post.url).content.decode()
    # Their page is cached with their own stars in the key: rendered again, still theirs.
    assert "Your rating: 5 stars<" in client.get(post.url).content.decode()
    client.post(post.url + "rate/", {"stars": "2"})
    client.get(post.url)  # the message
    assert "Your rating: 2 stars<" in client.get(post.url).content.decode()
    assert "Your rating: 5 stars<" not in Client().get(post.url).content.decode()


def test_a_footer_change_shows_on_cached_posts(post, home):
    from practice_site.models import PracticeDetails

    Client().get(post.url)
    details = PracticeDetails.objects.filter(locale=post.locale).first() or PracticeDetails(
        locale=post.locale
    )
    details.footer_note = "Open on Saturdays too"
    details.save()
    assert "Open on Saturdays too" in Client().get(post.url).content.decode()


def test_signed_in_editors_bypass_the_whole_page_cache(post, admin_client):
    Client().get(post.url)
    post.title = "Renamed in a draft"
    post.save_revision()
    # A signed-in editor gets the user bar, never another visitor's cached page.
    assert "wagtail-userbar" in admin_client.get(post.url).content.decode()
    assert "wagtail-userbar" not in Client().get(post.url).content.decode()


def test_a_whole_page_miss_reads_the_figures_once(post):
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(post.url).status_code == 200  # nothing cached yet
    assert sum("practice_blog_ratingsummary" in q["sql"] for q in queries) == 1


def test_ratings_and_comments_write_nothing_to_wagtails_reference_index(post, blog_settings):
    from wagtail.models import ReferenceIndex

    before = ReferenceIndex.objects.count()
    rate(post, 4, visitor_named("indexless", blog_settings))
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Sam",
        body="Not content usage",
    )
    assert ReferenceIndex.objects.count() == before
