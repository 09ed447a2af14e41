"""Whole-request query budgets of the hot paths (performance issue), measured warm.

"Warm" means a first request has filled the cached site chrome, as on any running site. Each
budget covers everything the request runs: Wagtail's routing (about seven queries), the page's own
data and the header and footer.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice_blog.models import Comment
from tests.trainings.conftest import assess

POST_PAGE_BUDGET = 10  # 9 measured: routing (8) and the figures (1)
BLOG_INDEX_BUDGET = 15
TRAINING_LISTING_BUDGET = 10
TRAINING_COMPARE_BUDGET = 8  # routing and the site chrome (7) and the content version (1)
API_DETAIL_BUDGET = 12
STANDARD_PAGE_BUDGET = 8


def warm_count(client, url, **params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def rated_post(post_factory, practice_settings):
    from tests.blog.test_post_page import make_comments, make_ratings

    post = post_factory(title="A post with company")
    make_comments(post, 100)
    make_ratings(post, 10_000)
    return post


def test_a_post_with_100_comments_and_10000_ratings_stays_within_budget(client, rated_post):
    assert warm_count(client, rated_post.url) <= POST_PAGE_BUDGET
    assert Comment.objects.filter(page=rated_post).count() == 100


def test_the_blog_index_with_twenty_cards_stays_within_budget(client, post_factory, blog_index):
    blog_index.posts_per_page = 20
    blog_index.save_revision().publish()
    for _ in range(20):
        post_factory()
    assert warm_count(client, blog_index.url) <= BLOG_INDEX_BUDGET


def test_the_training_listing_sorted_by_score_stays_within_budget(
    client, training_index, make_training, checklist, practice_settings
):
    for number in range(12):
        training = make_training(title=f"Training {number}")
        assess(training, {item.code: str(number % 4) for item in checklist.items.all()})
    assert warm_count(client, training_index.url, order="-score") <= TRAINING_LISTING_BUDGET


def test_a_comparison_of_four_trainings_stays_within_budget(
    client, training_index, make_training, checklist, practice_settings
):
    trainings = []
    for number in range(4):
        training = make_training(title=f"Compared {number}", frameworks=["ptsd-models"])
        assess(training, {item.code: str(number) for item in checklist.items.all()})
        trainings.append(training)
    url = f"{training_index.url}compare/"
    ids = ",".join(str(t.pk) for t in trainings)
    assert warm_count(client, url, ids=ids) <= TRAINING_COMPARE_BUDGET


def test_api_details_stay_within_budget(
    client, rated_post, training_index, make_training, checklist
):
    training = make_training(title="Detailed")
    assess(training, {item.code: "2" for item in checklist.items.all()})
    assert warm_count(client, f"/api/v3/pages/{rated_post.pk}/") <= API_DETAIL_BUDGET
    assert warm_count(client, f"/api/v3/pages/{training.pk}/") <= API_DETAIL_BUDGET


def test_a_bare_standard_page_costs_only_the_routing(client, home, practice_settings):
    from practice_site.models import StandardPage

    page = StandardPage(title="Plain", slug="plain")
    home.add_child(instance=page)
    page.save_revision().publish()
    assert warm_count(client, "/en/plain/") <= STANDARD_PAGE_BUDGET


# A rating through the API: the site (1), the post and whether it is public (1), the journal's
# settings (1), then in the transaction the summary's lock (1), the visitor's ballot with their
# network's recent ballots (1), the write (1), the content versions (1) and the summary (1),
# plus the transaction's two savepoint statements under the test's own transaction.
RATING_WRITE_QUERIES = 10


def test_a_new_rating_through_the_api_takes_ten_queries(client, post_factory):
    import json

    post = post_factory(title="Rated")
    url = f"/api/v3/pages/{post.pk}/ratings/"
    client.post(url, json.dumps({"stars": 5}), content_type="application/json")
    client.cookies.clear()  # another visitor of the same network
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, json.dumps({"stars": 3}), content_type="application/json")
    assert response.status_code == 201
    assert len(queries) == RATING_WRITE_QUERIES
