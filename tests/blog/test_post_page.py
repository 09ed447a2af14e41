"""The post page: content, rating widget, comments, JSON-LD and meta, with fixed query counts."""

import json
import re

import pytest
from django.core import signing

from practice_blog.models import Comment, Rating
from practice_blog.ratings import scope_for
from practice_blog.services import rate, rebuild_summaries

from .conftest import visitor_named

pytestmark = pytest.mark.django_db


def json_ld(content):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(match.group(1))


def test_a_post_page_shows_its_content_and_no_ratings_yet(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choosing a trauma training" in content
    assert "No ratings yet" in content
    assert '<fieldset class="star-input"' in content
    assert "<legend>Your rating</legend>" in content
    assert content.count('type="radio" name="stars"') == 5
    assert "aggregateRating" not in content
    assert json_ld(content)["@type"] == "BlogPosting"


def test_a_rated_post_shows_the_summary_and_json_ld_aggregate(client, post, blog_settings):
    for n, stars in enumerate([5, 4, 4, 4]):
        rate(post, stars, visitor_named(f"v{n}", blog_settings, network=f"n{n}"))
    content = client.get(post.url).content.decode()
    assert "4.3 out of 5 · 4 ratings" in content
    assert '<meter min="0" max="4" value="3" data-rating-bar="4">' in content
    assert json_ld(content)["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.3,
        "ratingCount": 4,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_one_rating_is_singular(client, post, visitor):
    rate(post, 5, visitor)
    assert "5.0 out of 5 · 1 rating<" in client.get(post.url).content.decode()


def test_the_content_note_comes_before_the_body(client, post):
    post.content_note = "This post mentions childhood abuse."
    post.save_revision().publish()
    content = client.get(post.url).content.decode()
    assert content.index("This post mentions childhood abuse.") < content.index("A heading")


def test_opengraph_and_twitter_meta_are_present(client, post):
    content = client.get(post.url).content.decode()
    assert '<meta property="og:type" content="article">' in content
    assert '<meta property="og:title" content="Choosing a trauma training">' in content
    assert '<meta name="twitter:card" content="summary">' in content


def test_share_links_are_plain_urls_without_scripts(client, post):
    content = client.get(post.url).content.decode()
    assert "https://x.com/intent/post?url=http%3A%2F%2Ftestserver%2Fen%2Fjournal%2F" in content
    assert "mailto:?subject=" in content
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", content)
    assert all(src.startswith("/static/") for src in scripts)


def test_the_page_has_no_inline_script_or_event_handler(client, post):
    content = client.get(post.url).content.decode()
    inline = re.findall(r"<script(?![^>]*(?:src=|application/ld\+json))[^>]*>", content)
    assert inline == []
    assert not re.search(r"\son[a-z]+=", content)


def test_reading_time_is_computed_from_the_body(post_factory):
    words = " ".join(["word"] * 900)
    post = post_factory(body=[("paragraph", f"<p>{words}</p>")])
    assert post.reading_time == 5


def test_the_visitors_own_rating_is_shown(client, post):
    response = client.post(post.url + "rate/", {"stars": "4"})
    assert response.status_code == 302
    content = client.get(post.url).content.decode()
    assert "Your rating: 4 stars<" in content
    assert 'id="stars-4" value="4" checked' in content


def test_related_posts_share_tags_or_categories(client, post_factory, category):
    first = post_factory(title="First")
    second = post_factory(title="Second")
    post_factory(title="Unrelated")
    for page in (first, second):
        page.categories.add(category)
        page.save_revision().publish()
    content = client.get(first.url).content.decode()
    related = content[content.index('id="related-heading"') :]
    assert "Second" in related
    assert "Unrelated" not in related


def make_comments(post, count, locale=None):
    Comment.objects.bulk_create(
        [
            Comment(
                page=post,
                translation_key=post.translation_key,
                locale=locale or post.locale,
                author_name=f"Visitor {n}",
                body=f"Comment number {n}\nwith a second line",
                status=Comment.Status.APPROVED,
            )
            for n in range(count)
        ]
    )
    # bulk_create sends no signals; a real comment's save raises the post's versions.
    from practice_blog.versions import visitor_data_scopes
    from practice_core import versions

    versions.bump(*visitor_data_scopes(post))


def make_ratings(post, count):
    Rating.objects.bulk_create(
        [
            Rating(
                page=post,
                translation_key=post.translation_key,
                locale=post.locale,
                scope=scope_for(post),
                voter_key=f"bulk:{n}",
                stars=n % 5 + 1,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    rebuild_summaries()


BLOG_TABLES = ("practice_blog_", "taggit_")
# Settings, one query for the rating summary + own rating + other-language comment count,
# comments, authors, categories, tags, plus the index and the post themselves (routing).
BLOG_QUERY_BUDGET = 8


def render_and_count(client, url):
    """Render ``url``; return (all queries, the blog's own queries, response)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sqls = [query["sql"] for query in captured.captured_queries]
    own = [sql for sql in sqls if any(f'"{table}' in sql for table in BLOG_TABLES)]
    return len(sqls), len(own), response


def test_a_post_with_100_comments_and_10000_ratings_renders_with_the_same_queries_as_none(
    client, post
):
    # A returning visitor (with the cookie) costs the own-rating query too.
    client.post(post.url + "rate/", {"stars": "3"})
    client.get(post.url)  # shows (and uses up) the "thank you" message
    # Full renders both times (a personal cookie keeps them off the shared cache, which
    # test_shared_cache.py covers).
    client.cookies["personal"] = "1"
    client.get(post.url)  # the chrome and fragments this visitor's render keeps, built once
    empty_total, empty_own, _ = render_and_count(client, post.url)
    make_comments(post, 100)
    make_ratings(post, 10_000)
    client.get(post.url)  # the new comments made the cached comment list stale: render it once
    full_total, full_own, response = render_and_count(client, post.url)
    assert full_total == empty_total
    # The blog's share of the page; Wagtail's routing and the site's header, footer and language
    # links add the rest (see the report in docs/blog-guide.md, "Performance").
    assert full_own == empty_own <= BLOG_QUERY_BUDGET
    content = response.content.decode()
    # Comments are shown a page of threads at a time (50 by default), oldest first.
    assert content.count('class="comment"') == 50
    assert 'href="?comments=2#comments" rel="next"' in content
    assert "10,001 ratings" in content  # written as the language writes numbers


def test_comments_are_shown_a_page_of_threads_at_a_time(client, post, settings):
    settings.PRACTICE_BLOG = {**settings.PRACTICE_BLOG, "COMMENT_THREADS_PER_PAGE": 2}
    make_comments(post, 5)
    first = Comment.objects.filter(page=post).order_by("created", "pk").first()
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        parent=first,
        author_name="Practice",
        body="A reply stays with its thread",
        status=Comment.Status.APPROVED,
    )
    page_one = client.get(post.url).content.decode()
    assert "Comment number 0" in page_one and "Comment number 1" in page_one
    assert "Comment number 2" not in page_one
    assert "A reply stays with its thread" in page_one
    assert "Page 1 of 3" in page_one and 'rel="prev"' not in page_one
    page_three = client.get(post.url + "?comments=3").content.decode()
    assert "Comment number 4" in page_three and "Comment number 0" not in page_three
    assert 'href="?comments=2#comments" rel="prev"' in page_three and 'rel="next"' not in page_three
    # Past the last page, or not a number: the last page, or the first.
    assert "Comment number 4" in client.get(post.url + "?comments=99").content.decode()
    assert "Comment number 0" in client.get(post.url + "?comments=x").content.decode()


def test_comments_are_escaped_and_keep_line_breaks(client, post):
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="<script>alert('name')</script>",
        body="<script>alert('body')</script>\nsee https://example.org",
        status=Comment.Status.APPROVED,
    )
    content = client.get(post.url).content.decode()
    assert "<script>alert(" not in content
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in content
    assert "&lt;/script&gt;<br>see" in content
    assert 'href="https://example.org" rel="nofollow ugc noopener"' in content


def test_only_approved_comments_in_the_pages_language_are_listed(client, post, spanish_post):
    for status in Comment.Status.values:
        Comment.objects.create(
            page=post,
            translation_key=post.translation_key,
            locale=post.locale,
            author_name=f"Author {status}",
            body=f"Body {status}",
            status=status,
        )
    make_comments(spanish_post, 2)
    content = client.get(post.url).content.decode()
    assert "Body approved" in content
    for hidden in ("Body pending", "Body rejected", "Body spam", "Comment number 0"):
        assert hidden not in content
    assert "There are 2 comments on this post in other languages." in content


def test_a_practice_reply_is_shown_under_its_comment(client, post, django_user_model):
    from practice_blog.services import reply_as_practice

    comment = Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Sam",
        body="Thank you for this.",
        status=Comment.Status.APPROVED,
    )
    user = django_user_model.objects.create_user("mod")
    reply_as_practice(comment, "You are welcome, Sam.", user, "Willow & Stone")
    content = client.get(post.url).content.decode()
    replies = content[content.index('class="comment-replies"') :]
    assert "You are welcome, Sam." in replies
    assert "The practice" in replies


def test_a_spanish_post_shows_spanish_authors_and_categories(client, spanish_post, post, author):
    from practice_blog.models import Author

    post.authors.add(author)
    post.save_revision().publish()
    Author.objects.create(
        name="Dana Reyes",
        role="Terapeuta",
        locale=spanish_post.locale,
        translation_key=author.translation_key,
    )
    spanish_post.authors.add(author)  # wagtail-localize copies links to the source snippet
    spanish_post.save_revision().publish()
    content = client.get(spanish_post.url).content.decode()
    assert "Terapeuta" in content


def test_the_comment_form_carries_a_signed_timestamp_and_a_honeypot(client, post):
    content = client.get(post.url).content.decode()
    started = re.search(r'name="started" value="([^"]+)"', content).group(1)
    assert isinstance(signing.loads(started, salt="practice_blog.forms.comment-started"), float)
    assert 'name="website"' in content
    assert "awaiting" in content or "approved" in content


def test_the_rating_script_gets_the_summary_in_every_plural_form_of_the_language():
    from django.utils import translation

    from practice_blog.rendering import rating_count_texts

    with translation.override("ar"):
        texts = rating_count_texts()
    # Arabic's six gettext forms, keyed by the CLDR category the browser's Intl.PluralRules gives.
    assert set(texts) == {"zero", "one", "two", "few", "many", "other"}
    assert texts["two"] == "{average} من 5 · {count} تقييمان"
    assert texts["few"] == "{average} من 5 · {count} تقييمات"
    assert texts["many"] == "{average} من 5 · {count} تقييمًا"
    with translation.override("en"):
        texts = rating_count_texts()
    assert texts["one"] == "{average} out of 5 · {count} rating"
    assert texts["other"] == texts["few"] == "{average} out of 5 · {count} ratings"


def test_the_rating_widget_carries_the_plural_texts(client, post):
    content = client.get(post.url).content.decode()
    assert 'data-text-count-one="{average} out of 5 · {count} rating"' in content
    assert 'data-text-count-other="{average} out of 5 · {count} ratings"' in content
