"""Ratings the owner can moderate: bursts held, a daily cap per network, ballots removed or
accepted with the summary recounted and the change in the page's history."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from practice_blog import rating_moderation
from practice_blog.models import Rating, RatingSummary
from practice_blog.ratings import summary_for
from practice_blog.services import DailyCapReached, rate

from .conftest import visitor_named


@pytest.fixture
def open_limits(blog_settings):
    """No per-minute throttle, so what is tested is the burst hold and the daily cap."""
    blog_settings.rating_rate_limits = ""
    blog_settings.save()
    return blog_settings


def flood(post, blog_settings, how_many, network="net-flood", stars=1, prefix="bot"):
    for n in range(how_many):
        rate(post, stars, visitor_named(f"{prefix}{n}", blog_settings, network=network))


def test_a_flood_from_one_network_counts_three_ballots_and_holds_the_rest(post, open_limits):
    flood(post, open_limits, 12)
    summary = summary_for(post)
    assert summary.count == 3
    assert summary.held == 9
    assert Rating.objects.filter(status=Rating.Status.PENDING).count() == 9
    assert summary.as_dict()["distribution"]["1"] == 3


def test_ballots_from_different_networks_are_all_counted(post, open_limits):
    for n in range(8):
        rate(post, 5, visitor_named(f"reader{n}", open_limits, network=f"net-{n}"))
    summary = summary_for(post)
    assert (summary.count, summary.held) == (8, 0)


def test_changing_a_held_ballot_leaves_the_summary_alone(post, open_limits):
    flood(post, open_limits, 4)
    before = summary_for(post).as_dict()
    summary, created = rate(post, 5, visitor_named("bot3", open_limits, network="net-flood"))
    assert created is False
    assert summary.as_dict() == before == summary_for(post).as_dict()
    assert Rating.objects.get(voter_key="test:bot3").stars == 5


@override_settings(PRACTICE_BLOG={"RATING_DAILY_CAP": 5})
def test_the_daily_cap_refuses_new_ballots_from_the_network_but_not_changes(post, open_limits):
    flood(post, open_limits, 5)
    with pytest.raises(DailyCapReached) as refused:
        rate(post, 1, visitor_named("bot5", open_limits, network="net-flood"))
    assert 0 < refused.value.retry_after <= 86400
    assert Rating.objects.count() == 5
    # A visitor who already rated may still change their rating; other networks are not capped.
    rate(post, 4, visitor_named("bot0", open_limits, network="net-flood"))
    rate(post, 4, visitor_named("reader", open_limits, network="net-other"))
    assert Rating.objects.count() == 6


@override_settings(PRACTICE_BLOG={"RATING_DAILY_CAP": 2})
def test_the_daily_cap_is_per_post(post_factory, open_limits):
    first, second = post_factory(), post_factory()
    flood(first, open_limits, 2)
    flood(second, open_limits, 2, prefix="other")
    assert Rating.objects.count() == 4


@override_settings(PRACTICE_BLOG={"RATING_DAILY_CAP": 2})
def test_the_html_form_answers_429_with_retry_after_at_the_cap(client, post, open_limits):
    for n in range(2):
        rate(post, 2, visitor_named(f"bot{n}", open_limits, network=_network_of_test_client()))
    response = client.post(post.url + "rate/", {"stars": "1"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again tomorrow" in response.content.decode()
    assert Rating.objects.count() == 2


@override_settings(PRACTICE_BLOG={"RATING_DAILY_CAP": 1})
def test_the_api_answers_429_with_retry_after_at_the_cap(client, post, open_limits):
    url = f"/api/v3/pages/{post.pk}/ratings/"
    assert (
        client.post(url, json.dumps({"stars": 2}), content_type="application/json").status_code
        == 201
    )
    client.cookies.clear()
    response = client.post(url, json.dumps({"stars": 2}), content_type="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Rating.objects.count() == 1


def _network_of_test_client():
    from django.test import RequestFactory

    from practice_core.throttles import network_key

    return network_key(RequestFactory().get("/"))


def test_held_ballots_count_once_their_cool_down_has_passed(post, open_limits):
    flood(post, open_limits, 6)
    long_ago = timezone.now() - rating_moderation.cool_down() - datetime.timedelta(minutes=1)
    Rating.objects.filter(status=Rating.Status.PENDING).update(created=long_ago)
    assert summary_for(post).count == 3  # nothing counts them until someone looks
    call_command("release_held_ratings", stdout=open("/dev/null", "w"))  # noqa: SIM115
    summary = summary_for(post)
    assert (summary.count, summary.held) == (6, 0)
    assert not Rating.objects.filter(status=Rating.Status.PENDING).exists()


def test_the_next_rating_of_the_post_counts_ballots_past_their_cool_down(post, open_limits):
    flood(post, open_limits, 5)
    long_ago = timezone.now() - rating_moderation.cool_down() - datetime.timedelta(minutes=1)
    Rating.objects.filter(status=Rating.Status.PENDING).update(created=long_ago)
    summary, _created = rate(post, 5, visitor_named("reader", open_limits, network="net-b"))
    assert (summary.count, summary.held) == (6, 0)
    assert summary_for(post).as_dict() == summary.as_dict()


def test_removing_ballots_recounts_the_summary_and_logs_who_did_it(
    post, open_limits, django_user_model
):
    rate(post, 5, visitor_named("reader", open_limits, network="net-b"))
    flood(post, open_limits, 6)
    owner = django_user_model.objects.create_superuser("owner", password="pw")
    flood_ids = Rating.objects.filter(network_key="net-flood").values_list("pk", flat=True)
    removed = rating_moderation.remove_ballots(post, flood_ids, owner)
    assert removed == 6
    summary = summary_for(post)
    assert summary.as_dict() == {
        "count": 1,
        "average": 5.0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1},
    }
    assert summary.held == 0
    entry = PageLogEntry.objects.get(page=post, action=rating_moderation.REMOVE_ACTION)
    assert entry.user == owner
    assert entry.data["count"] == 6 and entry.data["pending"] == 3
    assert "Removed 6 ratings" in entry.message


def test_ballots_of_another_post_are_never_removed_by_its_ids(
    post_factory, open_limits, django_user_model
):
    first, second = post_factory(), post_factory()
    rate(second, 4, visitor_named("reader", open_limits, network="net-b"))
    owner = django_user_model.objects.create_superuser("owner", password="pw")
    assert (
        rating_moderation.remove_ballots(first, Rating.objects.values_list("pk", flat=True), owner)
        == 0
    )
    assert summary_for(second).count == 1
    assert not PageLogEntry.objects.filter(action=rating_moderation.REMOVE_ACTION).exists()


def test_accepting_held_ballots_counts_them(post, open_limits, django_user_model):
    flood(post, open_limits, 5, stars=2)
    owner = django_user_model.objects.create_superuser("owner", password="pw")
    held = Rating.objects.filter(status=Rating.Status.PENDING).values_list("pk", flat=True)
    assert rating_moderation.accept_ballots(post, held, owner) == 2
    summary = summary_for(post)
    assert (summary.count, summary.total, summary.held) == (5, 10, 0)
    assert PageLogEntry.objects.filter(action=rating_moderation.ACCEPT_ACTION).count() == 1


def test_recompute_ratings_keeps_held_ballots_out_of_the_summary(post, open_limits):
    flood(post, open_limits, 5)
    RatingSummary.objects.update(count=0, total=0, count_1=0, held=0)
    call_command("recompute_ratings", stdout=open("/dev/null", "w"))  # noqa: SIM115
    summary = summary_for(post)
    assert (summary.count, summary.held) == (3, 2)


def test_the_cookie_age_comes_from_the_signed_cookie(rf, post, blog_settings):
    from practice_blog.visitors import COOKIE_NAME, identify

    first = identify(rf.get("/"), blog_settings=blog_settings)
    assert first.cookie_age is None and first.new_token
    from django.http import HttpResponse

    response = first.remember(rf.get("/"), HttpResponse())
    request = rf.get("/")
    request.COOKIES[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    returning = identify(request, blog_settings=blog_settings)
    assert returning.new_token is None
    assert returning.cookie_age is not None and 0 <= returning.cookie_age < 60
    request.COOKIES[COOKIE_NAME] = response.cookies[COOKIE_NAME].value[:-2] + "xx"
    assert identify(request, blog_settings=blog_settings).cookie_age is None


# --- the admin screen ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("owner", password="pw"))
    return client


def test_the_ratings_screen_groups_ballots_and_never_shows_keys(admin_client, post, open_limits):
    rate(post, 5, visitor_named("reader", open_limits, network="a" * 32))
    flood(post, open_limits, 6, network="f" * 32)
    response = admin_client.get(reverse("blog_post_ratings", args=[post.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Network 1" in html and "Network 2" in html
    assert "3 held, not counted" in html
    assert "<svg" in html and "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    for secret in ("a" * 32, "f" * 32, "test:reader", "test:bot0"):
        assert secret not in html
    groups = response.context["groups"]
    assert [group.count for group in groups] == [6, 1]


def test_removing_a_group_from_the_screen_recounts_and_logs(admin_client, post, open_limits):
    rate(post, 5, visitor_named("reader", open_limits, network="net-b"))
    flood(post, open_limits, 6)
    url = reverse("blog_post_ratings", args=[post.pk])
    flood_group = next(
        group for group in admin_client.get(url).context["groups"] if group.count == 6
    )
    response = admin_client.post(url, {"action": "remove", "ballots": [flood_group.ids_text]})
    assert response.status_code == 302
    assert summary_for(post).as_dict()["count"] == 1
    assert Rating.objects.count() == 1
    assert PageLogEntry.objects.filter(page=post, action=rating_moderation.REMOVE_ACTION).exists()
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[post.pk]))
    assert "Removed 6 ratings" in history.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "remove"},
        {"action": "remove", "ballots": ["1,2,3"]},
        {"action": "explode", "ballots": ["x"]},
        {},
    ],
)
def test_bad_requests_to_the_screen_change_nothing(admin_client, post, open_limits, data):
    flood(post, open_limits, 4)
    response = admin_client.post(reverse("blog_post_ratings", args=[post.pk]), data)
    assert response.status_code == 400
    assert Rating.objects.count() == 4
    assert not PageLogEntry.objects.filter(action__startswith="practice_blog.ratings").exists()


def test_the_screen_of_a_page_that_is_not_a_post_is_404(admin_client, home):
    assert admin_client.get(reverse("blog_post_ratings", args=[home.pk])).status_code == 404
    assert admin_client.get(reverse("blog_post_ratings", args=[999999])).status_code == 404


def test_the_index_lists_posts_with_held_ballots_first(admin_client, post_factory, open_limits):
    quiet, flooded = post_factory(title="Quiet post"), post_factory(title="Flooded post")
    rate(quiet, 4, visitor_named("reader", open_limits, network="net-b"))
    flood(flooded, open_limits, 5)
    html = admin_client.get(reverse("blog_ratings")).content.decode()
    assert html.index("Flooded post") < html.index("Quiet post")


# --- under concurrency ------------------------------------------------------------------------

FLOOD = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_concurrent_flood_from_one_network_counts_exactly_the_burst(post, blog_settings):
    import contextlib
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("threads share PostgreSQL; SQLite runs the processes variant below")
    blog_settings.rating_rate_limits = ""
    blog_settings.save()
    errors = []
    barrier = threading.Barrier(10)

    def worker(n):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            rate(post, 1, visitor_named(f"bot{n}", blog_settings, network="net-flood"))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(FLOOD)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    summary = RatingSummary.objects.get()
    assert (summary.count, summary.held) == (rating_moderation.burst_limit(), FLOOD - 3)
    assert Rating.objects.filter(status=Rating.Status.COUNTED).count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_concurrent_flood_from_several_processes_on_a_sqlite_file(post, blog_settings, tmp_path):
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; PostgreSQL runs the threaded test above")
    blog_settings.rating_rate_limits = ""
    blog_settings.save()
    database = tmp_path / "flood.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(database)
    connection.connection.backup(target)
    target.close()
    script = Path(__file__).with_name("concurrent_rater.py")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "practice_site.settings.test",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, str(script), str(post.pk), str(first), "5", "net-flood"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for first in range(0, FLOOD, 5)
    ]
    outputs = [process.communicate(timeout=180)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 4, outputs
    result = sqlite3.connect(database)
    count, held = result.execute("SELECT count, held FROM practice_blog_ratingsummary").fetchone()
    statuses = dict(
        result.execute("SELECT status, COUNT(*) FROM practice_blog_rating GROUP BY status")
    )
    result.close()
    assert (count, held) == (3, FLOOD - 3)
    assert statuses == {"counted": 3, "pending": FLOOD - 3}


def test_removed_and_accepted_ballots_show_at_once_in_the_cached_api_detail(
    client, post, open_limits, django_user_model
):
    owner = django_user_model.objects.create_superuser("owner", password="pw")
    url = f"/api/v3/pages/{post.pk}/"
    flood(post, open_limits, 5)
    assert client.get(url).json()["rating_summary"]["count"] == 3
    assert client.get(url).json()["rating_summary"]["count"] == 3  # now answered from the cache
    held = Rating.objects.filter(status=Rating.Status.PENDING).values_list("pk", flat=True)
    rating_moderation.accept_ballots(post, held, owner)
    assert client.get(url).json()["rating_summary"]["count"] == 5
    rating_moderation.remove_ballots(post, Rating.objects.values_list("pk", flat=True), owner)
    assert client.get(url).json()["rating_summary"]["count"] == 0
