"""`make serve` and the ensure_database command it runs first."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_serve_runs_gunicorn_with_the_production_profile_on_plain_local_http():
    plan = subprocess.run(
        ["make", "-n", "serve", "SECRET_KEY=given-by-the-test", "PORT=8765"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    for step in ("ensure_database", "migrate --noinput", "collectstatic --noinput"):
        assert f"manage.py {step}" in plan
    gunicorn_line = next(
        line for line in plan.splitlines() if "gunicorn -c gunicorn.conf.py" in line
    )
    for setting in (
        "DJANGO_SETTINGS_MODULE=practice_site.settings.production",
        'DATABASE_URL="postgres://postgres@127.0.0.1:5432/practice"',
        'REDIS_URL="redis://127.0.0.1:6379/0"',
        'ALLOWED_HOSTS="127.0.0.1,localhost"',
        "SECURE_SSL_REDIRECT=false",
        "SESSION_COOKIE_SECURE=false",
        "CSRF_COOKIE_SECURE=false",
        "SERVE_MEDIA_IMAGES=true",
        'GUNICORN_BIND="127.0.0.1:8765"',
    ):
        assert setting in gunicorn_line


def test_make_serve_generates_a_secret_key_only_when_none_is_given():
    given = subprocess.run(
        ["make", "-n", "serve", "SECRET_KEY=given-by-the-test"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "token_urlsafe" not in given
    # The generated key lives in var/, which git ignores.
    assert "/var/" in (BASE_DIR / ".gitignore").read_text().splitlines()


def test_ensure_database_has_nothing_to_do_on_sqlite(tmp_path):
    result = manage("ensure_database", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "not PostgreSQL" in result.stdout


@pytest.mark.postgres
def test_ensure_database_creates_a_missing_postgresql_database_once(db):
    settings_dict = connection.settings_dict
    name = f"practice_ensure_{secrets.token_hex(4)}"
    credentials = settings_dict["USER"] + (
        f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    )
    url = f"postgres://{credentials}@{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{name}"
    try:
        first = manage("ensure_database", DATABASE_URL=url)
        assert first.returncode == 0, first.stderr
        assert f"Created database '{name}'" in first.stdout
        second = manage("ensure_database", DATABASE_URL=url)
        assert second.returncode == 0, second.stderr
        assert "already exists" in second.stdout
    finally:
        # DROP DATABASE cannot run inside the test's transaction: use a connection of its own.
        with psycopg.connect(
            dbname="postgres",
            user=settings_dict["USER"] or None,
            password=settings_dict["PASSWORD"] or None,
            host=settings_dict["HOST"] or None,
            port=settings_dict["PORT"] or None,
            autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
