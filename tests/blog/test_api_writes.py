"""What a rating answers is what is stored (the summary is no longer re-read after the write)."""

import pytest

from practice_blog import services
from practice_blog.ratings import summary_for
from tests.blog.conftest import visitor_named

pytestmark = pytest.mark.django_db


def test_the_summary_a_rating_returns_is_the_stored_one(post, blog_settings):
    steps = [("alice", 5), ("bob", 3), ("alice", 2), ("alice", 2), ("carol", 2), ("bob", 5)]
    for name, stars in steps:
        answered, _created = services.rate(post, stars, visitor_named(name, blog_settings))
        assert answered.as_dict() == summary_for(post).as_dict(), (name, stars)
    assert summary_for(post).as_dict() == {
        "count": 3,
        "average": 3.0,
        "distribution": {"1": 0, "2": 2, "3": 0, "4": 0, "5": 1},
    }


def test_a_rating_post_takes_at_most_twelve_queries(client, post, django_assert_max_num_queries):
    import json

    url = f"/api/v3/pages/{post.pk}/ratings/"
    client.post(url, json.dumps({"stars": 4}), content_type="application/json")
    client.cookies.clear()
    # The twelfth counts the network's recent ballots on the post (burst holding).
    with django_assert_max_num_queries(12):
        response = client.post(url, json.dumps({"stars": 3}), content_type="application/json")
    assert response.status_code == 201
