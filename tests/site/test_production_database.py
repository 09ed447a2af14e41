"""Persistent PostgreSQL connections are health-checked: a dropped connection costs no request."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def database_url(settings_dict) -> str:
    user = settings_dict["USER"] + (
        f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    )
    return (
        f"postgres://{user}@{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/"
        f"{settings_dict['NAME']}"
    )


@pytest.fixture
def gunicorn_on_the_test_database(home, tmp_path):
    """One gunicorn worker (so every request shares its connection) on the test database."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="practice_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        DATABASE_URL=database_url(connection.settings_dict),
        DATABASE_CONN_MAX_AGE="600",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(BASE_DIR / "gunicorn.conf.py")],
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
                status_of(f"{base_url}/robots.txt")
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def terminate_other_connections() -> int:
    """What a PostgreSQL restart does to the app's open connections."""
    settings_dict = connection.settings_dict
    own_pid = connection.connection.info.backend_pid
    with psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> %s AND pid <> pg_backend_pid()",
            [settings_dict["NAME"], own_pid],
        ).fetchall()
    return len(rows)


def test_a_dropped_database_connection_is_replaced_before_the_next_request(
    gunicorn_on_the_test_database,
):
    sitemap = f"{gunicorn_on_the_test_database}/sitemap.xml"
    assert status_of(sitemap) == 200  # the worker now holds a persistent connection
    assert terminate_other_connections() >= 1
    # CONN_HEALTH_CHECKS: the worker notices the dead connection and opens a new one.
    assert status_of(sitemap) == 200
    assert status_of(sitemap) == 200
