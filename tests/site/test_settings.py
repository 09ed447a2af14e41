import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from practice_site.settings.environment import (
    ConfigurationError,
    cache_from_env,
    database_from_env,
)

BASE_DIR = Path(__file__).resolve().parents[2]


def test_database_defaults_to_a_sqlite_file_in_wal_immediate_mode(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]


def test_postgres_url_is_parsed_with_health_checks(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://alice:secret@db.example:5433/practice")
    config = database_from_env(tmp_path / "unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("practice", "alice", "secret")
    assert (config["HOST"], config["PORT"]) == ("db.example", "5433")
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    "url",
    ["mysql://localhost/db", "postgres://", "postgres://host:notaport/db", "nonsense"],
)
def test_malformed_database_url_names_the_variable(monkeypatch, tmp_path, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        database_from_env(tmp_path / "db.sqlite3")


def test_database_url_password_is_not_echoed_in_errors(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "mysql://bob:hunter2@localhost/db")
    with pytest.raises(ConfigurationError) as excinfo:
        database_from_env(tmp_path / "db.sqlite3")
    assert "hunter2" not in str(excinfo.value)


def test_cache_is_local_memory_without_redis_url(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert cache_from_env()["default"]["BACKEND"].endswith("LocMemCache")


def test_cache_uses_redis_when_redis_url_is_set(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    config = cache_from_env()["default"]
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "redis://host:port"])
def test_malformed_redis_url_names_the_variable(monkeypatch, url):
    monkeypatch.setenv("REDIS_URL", url)
    with pytest.raises(ConfigurationError, match="REDIS_URL"):
        cache_from_env()


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def clean_env(**extra):
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(extra)
    return env


def test_manage_py_reports_a_bad_database_url_in_one_line():
    result = run_manage("check", env=clean_env(DATABASE_URL="mysql://x/y"))
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "DATABASE_URL" in lines[0]


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage(
        "check",
        env=clean_env(
            DJANGO_SETTINGS_MODULE="practice_site.settings.production",
            SECRET_KEY="",
            ALLOWED_HOSTS="example.org",
        ),
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=clean_env(
            DJANGO_SETTINGS_MODULE="practice_site.settings.production",
            SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-for-the-check",
            ALLOWED_HOSTS="practice.example",
            DATABASE_URL=f"sqlite:///{tmp_path}/deploy.sqlite3",
        ),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_demo_compresses_html_and_production_leaves_it_to_the_reverse_proxy(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 20 + "-a-long-random-production-secret-key-for-tests")
    monkeypatch.setenv("ALLOWED_HOSTS", "practice.example")
    dev = importlib.reload(importlib.import_module("practice_site.settings.dev"))
    production = importlib.reload(importlib.import_module("practice_site.settings.production"))
    assert dev.MIDDLEWARE[0] == "django.middleware.gzip.GZipMiddleware"
    assert "django.middleware.gzip.GZipMiddleware" not in production.MIDDLEWARE


def _cache_prefixes(profile):
    code = (
        "import importlib; "
        f"s = importlib.import_module('practice_site.settings.{profile}'); "
        "print(sorted({c.get('KEY_PREFIX') for c in s.CACHES.values()}))"
    )
    env = clean_env(
        REDIS_URL="redis://127.0.0.1:6379/3",
        SECRET_KEY="s" * 20 + "-a-long-random-production-secret-key-for-tests",
        ALLOWED_HOSTS="practice.example",
    )
    env.pop("CACHE_KEY_PREFIX", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_test_profile_keeps_its_cache_keys_apart_from_make_serves_on_the_same_redis():
    assert _cache_prefixes("production") == "['practice-cms']"
    assert _cache_prefixes("test") == "['practice-cms-test']"
