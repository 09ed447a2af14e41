"""Concurrent ratings lose no update (SQLite: IMMEDIATE transactions; PostgreSQL: row locks).

On PostgreSQL the ratings run in threads of the test process. pytest-django's SQLite test database
lives in memory, shared between threads only through SQLite's shared cache, whose table locks fail
at once ("database table is locked") instead of waiting; so on SQLite the same 50 ratings are made
by 5 processes of 10 threads each, against a file copy of the test database, which is what
production SQLite is (WAL, IMMEDIATE transactions, busy timeout).
"""

import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from practice_blog.models import Rating, RatingSummary
from practice_blog.services import rate

from .conftest import visitor_named

VISITORS = 50


def rate_concurrently(post, blog_settings, stars_for):
    errors = []
    barrier = threading.Barrier(10)

    def worker(n):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            rate(post, stars_for(n), visitor_named(f"v{n}", blog_settings, network=f"n{n}"))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_ratings_give_the_exact_count_and_average(post, blog_settings):
    blog_settings.rating_rate_limits = ""
    blog_settings.save()
    stars_for = lambda n: n % 5 + 1  # noqa: E731 - ten of each
    errors = rate_concurrently(post, blog_settings, stars_for)
    assert errors == []
    summary = RatingSummary.objects.get()
    assert summary.count == VISITORS == Rating.objects.count()
    assert summary.total == sum(stars_for(n) for n in range(VISITORS)) == 150
    assert summary.average == 3.0
    assert summary.distribution == {str(n): 10 for n in range(1, 6)}
    assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_re_ratings_by_the_same_visitor_count_once(post, blog_settings):
    blog_settings.rating_rate_limits = ""
    blog_settings.save()
    errors = []

    def worker(n):
        try:
            rate(post, n % 5 + 1, visitor_named("same", blog_settings, network=f"n{n}"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    summary = RatingSummary.objects.get()
    rating = Rating.objects.get()
    assert summary.count == 1
    assert summary.total == rating.stars
    assert sum(summary.distribution.values()) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_ratings_from_several_processes_on_a_sqlite_file(
    post, blog_settings, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; PostgreSQL runs the threaded test above")
    blog_settings.rating_rate_limits = ""
    blog_settings.save()
    database = tmp_path / "concurrency.sqlite3"
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
            [sys.executable, str(script), str(post.pk), str(first), "10"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for first in range(0, VISITORS, 10)
    ]
    outputs = [process.communicate(timeout=180)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 5, outputs

    result = sqlite3.connect(database)
    count, total, *distribution = result.execute(
        "SELECT count, total, count_1, count_2, count_3, count_4, count_5"
        " FROM practice_blog_ratingsummary"
    ).fetchone()
    ratings = result.execute("SELECT COUNT(*) FROM practice_blog_rating").fetchone()[0]
    result.close()
    assert count == ratings == VISITORS
    assert total == 150  # ten visitors gave each of 1..5 stars: average 3.0
    assert distribution == [10, 10, 10, 10, 10]
