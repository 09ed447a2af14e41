"""Concurrency and load against a real gunicorn with several workers: SQLite, PostgreSQL + Redis.

50 visitors rate one post at once, then a bounded mixed load of reads, ratings and comments runs
for ``RELIABILITY_LOAD_SECONDS`` (default 15; CI may raise it to the issue's 60). Afterwards every
count and total in the stored summary equals what the rating rows say, every accepted write is in
the database, no request got a 5xx, and SQLite never told a visitor "database is locked".

Visitors come from distinct networks through a trusted proxy (``TRUSTED_PROXIES=127.0.0.1`` and
``X-Forwarded-For``), so per-network throttles do not refuse them; each request without a cookie
is a new visitor.
"""

import itertools
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.site.test_production_gunicorn import BASE_DIR, CONFIG_FILE, free_port

HERE = Path(__file__).resolve().parent
LOAD_SECONDS = float(os.environ.get("RELIABILITY_LOAD_SECONDS", "15"))
_networks = itertools.count(1)


def next_network() -> str:
    """A client address in a /24 no other request of this run used (16,384 of them)."""
    n = next(_networks)
    return f"100.{64 + n // 256 % 64}.{n % 256}.7"


def call(url, data=None, network=None):
    """One request as a new visitor from its own network: (status, body text)."""
    headers = {"X-Forwarded-For": network or f"198.18.{next(_networks) % 256}.1"}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - localhost
    try:
        with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - localhost
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def postgres_url(suffix="_load"):
    """A fresh database next to the test database on the same server (None on SQLite)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    import psycopg

    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def run(args, env, timeout=300):
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    ).stdout


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def site_under_load(request, tmp_path_factory):
    """gunicorn (3 workers) in the production profile, with one post, behind a trusted proxy."""
    folder = tmp_path_factory.mktemp(f"load-{request.param}")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    if request.param == "postgres":
        database_url = postgres_url()
        if database_url is None:
            pytest.skip("needs DATABASE_URL=postgres://...")
        env["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
    else:
        database_url = f"sqlite:///{folder}/db.sqlite3"
    port = free_port()
    env.update(
        DJANGO_SETTINGS_MODULE="practice_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="3",
        TRUSTED_PROXIES="127.0.0.1",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(BASE_DIR),
    )
    run(["manage.py", "migrate", "--noinput"], env)
    run(["manage.py", "collectstatic", "--noinput"], env)
    if "REDIS_URL" in env:
        run(
            [
                "manage.py",
                "shell",
                "-c",
                "from django.core.cache import caches; caches['throttles'].clear()",
            ],
            env,
        )
    post = json.loads(run([str(HERE / "load_site.py"), "setup"], env))
    log_path = folder / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(CONFIG_FILE)],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                call(f"{base_url}/robots.txt")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.3)

        def check():
            return json.loads(run([str(HERE / "load_site.py"), "check"], env))

        yield {"base": base_url, "post": post, "log": log_path, "check": check}
    finally:
        process.terminate()
        process.wait(timeout=30)


def assert_consistent(state):
    rows, summary = state["rows"], state["summary"]
    assert summary is not None
    assert (summary["count"], summary["total"]) == (rows["count"], rows["total"])
    assert summary["buckets"] == state["buckets"]


def assert_clean(results, log_path):
    statuses = [status for status, _ in results]
    assert not [s for s in statuses if s >= 500], sorted(set(statuses))
    assert not [body for _, body in results if "database is locked" in body]
    assert "database is locked" not in log_path.read_text()


@pytest.mark.slow
def test_fifty_visitors_rating_one_post_at_once_are_all_counted(site_under_load):
    url = f"{site_under_load['base']}/api/v3/pages/{site_under_load['post']['id']}/ratings/"
    before = site_under_load["check"]()
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(
            pool.map(lambda n: call(url, {"stars": n % 5 + 1}, next_network()), range(50))
        )
    assert_clean(results, site_under_load["log"])
    assert [status for status, _ in results] == [201] * 50
    after = site_under_load["check"]()
    assert after["rows"]["count"] - before["rows"]["count"] == 50
    assert after["rows"]["total"] - before["rows"]["total"] == sum(n % 5 + 1 for n in range(50))
    assert_consistent(after)


@pytest.mark.slow
def test_a_bounded_mixed_load_loses_no_write_and_never_fails(site_under_load):
    base, post = site_under_load["base"], site_under_load["post"]
    before = site_under_load["check"]()
    deadline = time.monotonic() + LOAD_SECONDS
    counter = itertools.count()

    def visitor(_):
        results = []
        while time.monotonic() < deadline:
            n = next(counter)
            kind = n % 4
            if kind == 0:
                results.append(("page", *call(base + post["path"])))
            elif kind == 1:
                results.append(("list", *call(f"{base}/api/v3/pages/{post['id']}/comments/")))
            elif kind == 2:
                data = {"stars": n % 5 + 1}
                url = f"{base}/api/v3/pages/{post['id']}/ratings/"
                results.append(("rating", *call(url, data, next_network()), data["stars"]))
            else:
                data = {"author_name": f"Visitor {n}", "body": f"Comment number {n}."}
                url = f"{base}/api/v3/pages/{post['id']}/comments/"
                results.append(("comment", *call(url, data, next_network())))
        return results

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = [item for batch in pool.map(visitor, range(12)) for item in batch]
    assert_clean([(r[1], r[2]) for r in results], site_under_load["log"])
    assert all(r[1] == 200 for r in results if r[0] in {"page", "list"})
    ratings = [r for r in results if r[0] == "rating"]
    comments = [r for r in results if r[0] == "comment"]
    assert ratings and comments
    assert all(r[1] == 201 for r in ratings), {r[1] for r in ratings}
    assert all(r[1] == 202 for r in comments), {r[1] for r in comments}
    after = site_under_load["check"]()
    assert after["rows"]["count"] - before["rows"]["count"] == len(ratings)
    assert after["rows"]["total"] - before["rows"]["total"] == sum(r[3] for r in ratings)
    assert after["comments"] - before["comments"] == len(comments)
    assert_consistent(after)
