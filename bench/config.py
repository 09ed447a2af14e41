"""Where the benchmark keeps its files, how big its data set is, and the environment of the
production profile it runs under.

Every process the benchmark starts (fixture generator, gunicorn, the in-process query counter)
gets its environment from :func:`django_env`, so they all talk to the same database with the same
settings: ``practice_site.settings.production`` with plain-http switches for 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
CACHE_DIR = VAR / "cache"
RUN_DIR = VAR / "run"
PYTHON = sys.executable
HOST = "127.0.0.1"


def _free_port() -> int:
    """A port nobody listens on now (the machine may run other servers: 8000 is the lead's)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
# The same server with worker recycling off, for the comparison (BENCH_PORT + 1 when given).
PORT_NO_RECYCLING = PORT + 1 if os.environ.get("BENCH_PORT") else _free_port()
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))

# PostgreSQL + Redis (``--db postgres``): a template database holds the generated data, and each
# run works on a fresh copy of it (CREATE DATABASE ... TEMPLATE), so writes never pile up.
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
# BENCH_POSTGRES_DB lets two people (or two checkouts) benchmark on one server side by side.
POSTGRES_DB = os.environ.get("BENCH_POSTGRES_DB", "practice_bench")
POSTGRES_TEMPLATE_PREFIX = f"{POSTGRES_DB}_tpl_"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


@dataclass(frozen=True)
class Sizes:
    """How much data the fixture generator writes."""

    ratings_on_post: int  # the "blog post" scenario's post
    comments_on_post: int
    ratings_for_growth: int  # the growth post with many ratings
    comments_for_growth: int  # the growth post with many comments
    filler_posts: int  # so the blog index shows a full page of cards
    trainings_assessed: int  # the training directory of the listing/compare/API scenarios
    trainings_small: int  # growth: the same listing with few trainings...
    trainings_large: int  # ...and with many


SCALES = {
    # What the issue asks for.
    "full": Sizes(10_000, 100, 100_000, 1_000, 12, 1_000, 100, 10_000),
    # A smoke test of the harness itself (seconds, not minutes).
    "small": Sizes(1_000, 20, 10_000, 200, 12, 200, 100, 1_000),
}


def source_fingerprint() -> str:
    """A hash of everything the generated database depends on.

    Migrations, models, the demo loader and the generator itself: when one of them changes, the
    cached database is rebuilt; otherwise ``make bench`` reuses it.
    """
    digest = hashlib.sha256()
    patterns = [
        "*/migrations/*.py",
        "site/demo/**/*.py",
        "site/demo/data/**/*.yaml",
        "site/models.py",
        "blog/models/*.py",
        "blog/services.py",
        "blog/ratings.py",
        "trainings/models/*.py",
        "trainings/services.py",
        "trainings/scoring.py",
        "bench/fixtures.py",
    ]
    files = sorted({path for pattern in patterns for path in ROOT.glob(pattern)})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def fixture_key(db: str, scale: str) -> str:
    digest = hashlib.sha256(f"{db}:{scale}:{asdict(SCALES[scale])}".encode())
    digest.update(source_fingerprint().encode())
    return digest.hexdigest()[:16]


def secret_key() -> str:
    """A random SECRET_KEY kept in var/bench (the production settings refuse a weak one)."""
    path = VAR / "secret_key"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


def sqlite_cache_path(key: str) -> Path:
    return CACHE_DIR / f"bench-{key}.sqlite3"


def catalog_path(db: str, key: str) -> Path:
    return CACHE_DIR / f"catalog-{db}-{key}.json"


def database_url(db: str, name: str | Path) -> str:
    if db == "postgres":
        return f"{POSTGRES_SERVER}/{name}"
    return f"sqlite:///{Path(name).resolve()}"


def django_env(db: str, url: str) -> dict:
    """The environment of every Django process of a run (production settings)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="practice_site.settings.production",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        # Plain http on 127.0.0.1: no redirect to https, cookies allowed over http (make serve
        # does the same; a real deployment keeps them on behind TLS).
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DATABASE_URL=url,
        STATIC_ROOT=str(VAR / "static"),
        MEDIA_ROOT=str(VAR / "media"),
        WAGTAILADMIN_BASE_URL=f"http://{HOST}:{PORT}",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        # The load generator names each writing visitor's network in X-Forwarded-For
        # (bench.load.Networks), as a reverse proxy would: the blog's per-network limits then
        # hold and refuse what they would for real visitors, not every POST of the run.
        TRUSTED_PROXIES=HOST,
    )
    if db == "postgres":
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def gunicorn_env(db: str, url: str, recycling: bool = True) -> dict:
    """The environment of the benchmark's gunicorn: ``gunicorn.conf.py`` as shipped (preloading,
    worker recycling, log level); only the worker count is fixed, and ``recycling=False`` turns
    recycling off for the side-by-side comparison. The bind address and log files are set by
    :class:`bench.server.Server`."""
    env = django_env(db, url)
    for name in list(env):
        if name.startswith("GUNICORN_"):
            del env[name]  # the shipped defaults, not whatever the caller's shell sets
    env["WEB_CONCURRENCY"] = str(WORKERS)
    if not recycling:
        env["GUNICORN_MAX_REQUESTS"] = "0"
    return env
