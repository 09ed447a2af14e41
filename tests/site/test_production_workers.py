"""gunicorn workers as shipped: the application is loaded and warmed in the master, each worker is
a fork that opens its own database connection and cache client, and recycling or a restart fails
no request (practice_site.workers, gunicorn.conf.py)."""

import contextlib
import http.cookiejar
import io
import itertools
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlencode

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.handlers.wsgi import WSGIRequest
from django.db import OperationalError

from practice_site import workers
from tests.reliability.test_load import postgres_url, run
from tests.site.test_production_gunicorn import (
    BASE_DIR,
    CONFIG_FILE,
    free_port,
    gunicorn_settings,
    load_config,
)

LOAD_SITE = BASE_DIR / "tests" / "reliability" / "load_site.py"


# --- the configuration --------------------------------------------------------------------------


def test_the_shipped_configuration_preloads_the_application(monkeypatch):
    config = load_config(monkeypatch)
    cfg = gunicorn_settings(config)
    assert cfg.preload_app is True
    assert cfg.when_ready is config["when_ready"]
    assert cfg.pre_fork is config["pre_fork"]


def test_preloading_can_be_turned_off(monkeypatch):
    assert (
        gunicorn_settings(load_config(monkeypatch, GUNICORN_PRELOAD="false")).preload_app is False
    )


def test_a_malformed_switch_stops_gunicorn_with_its_name(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_PRELOAD"):
        load_config(monkeypatch, GUNICORN_PRELOAD="maybe")


class FakeProcess:
    """What gunicorn's hooks read of the arbiter (master) or of a worker."""

    def __init__(self, preload, application=None, folder=None):
        self.cfg = type("Cfg", (), {"preload_app": preload, "worker_tmp_dir": str(folder)})()
        self.app = type("App", (), {"wsgi": lambda _self: application})()
        self.wsgi = application
        self.pid = 4242
        self.ppid = 4242
        self.messages = []
        self.log = type(
            "Log",
            (),
            {
                "info": lambda _self, *args: self.messages.append(args),
                "warning": lambda _self, *args: self.messages.append(args),
            },
        )()


@pytest.mark.parametrize("preload", [True, False])
def test_the_application_is_warmed_once_where_it_is_loaded(monkeypatch, tmp_path, preload):
    import gc

    warmed, worker_warmed = [], []
    monkeypatch.setattr(workers, "warm_up", lambda app: warmed.append(app) or "warmed")
    monkeypatch.setattr(workers, "warm_worker", lambda app, path: worker_warmed.append(app) or "ok")
    config = load_config(monkeypatch)
    process = FakeProcess(preload, application="the app", folder=tmp_path)
    before = gc.get_freeze_count()
    try:
        config["when_ready"](process)  # the master
        config["post_worker_init"](process)  # a worker
        assert warmed == ["the app"]
        assert worker_warmed == ["the app"]  # its cache, in either case
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
    assert isinstance(process.wsgi, workers.PopularPages)
    assert process.wsgi.application == "the app"


def test_a_worker_leaves_its_popular_pages_to_its_successor(monkeypatch, tmp_path):
    config = load_config(monkeypatch)
    leaving = FakeProcess(preload=True, folder=tmp_path)
    leaving.wsgi = workers.PopularPages(ok_application)
    for path in ("/en/", "/en/", "/en/journal/"):
        serve_through(leaving.wsgi, path)
    config["worker_exit"](None, leaving)

    replayed = []
    monkeypatch.setattr(workers, "replay", lambda app, requests, *args: replayed.extend(requests))
    config["post_worker_init"](
        FakeProcess(preload=True, application=ok_application, folder=tmp_path)
    )
    assert replayed == [("example.org", "/en/"), ("example.org", "/en/journal/")]

    config["on_exit"](FakeProcess(preload=True, folder=tmp_path))
    assert not list(tmp_path.iterdir())


def test_gunicorn_can_start_without_warming_up(monkeypatch):
    config = load_config(monkeypatch, GUNICORN_WARM_UP="false")
    worker = FakeProcess(preload=True, application="the app")
    config["post_worker_init"](worker)
    assert worker.wsgi == "the app"


def test_the_master_releases_what_it_opened_before_every_fork(monkeypatch):
    import gc

    released = []
    monkeypatch.setattr(workers, "release_resources", lambda: released.append(True))
    config = load_config(monkeypatch)
    try:
        config["pre_fork"](FakeProcess(preload=True), worker=None)
        config["pre_fork"](FakeProcess(preload=False), worker=None)
    finally:
        gc.unfreeze()
    assert released == [True]


# --- the warm-up --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_warm_up_visits_every_home_page_one_page_of_each_type_and_its_api_detail(
    translated_home,
):
    from practice_blog.models import BlogIndexPage
    from tests.blog.conftest import make_post

    home = translated_home["en"]
    index = home.add_child(instance=BlogIndexPage(title="Journal", slug="journal"))
    index.save_revision().publish()
    make_post(index, slug="older")
    newer = make_post(index, slug="newer")
    draft = make_post(index, slug="draft", publish=False)

    requests = workers.warm_up_requests()

    assert requests[0] == ("testserver", "/robots.txt")
    paths = [path for host, path in requests]
    assert all(host == "testserver" for host, path in requests)
    for code, page in translated_home.items():
        assert f"/{code}/" in paths
        assert f"/api/v3/pages/{page.pk}/" in paths
    assert "/en/journal/newer/" in paths and f"/api/v3/pages/{newer.pk}/" in paths
    assert "/en/journal/older/" not in paths  # one page of each type is enough
    assert f"/api/v3/pages/{draft.pk}/" not in paths
    assert len(paths) == len(set(paths))


@pytest.mark.django_db
def test_the_warm_up_serves_its_requests_through_the_application(monkeypatch, home):
    from django.core.handlers.wsgi import WSGIHandler

    monkeypatch.setattr(workers, "release_resources", lambda: None)  # keep the test's connection
    report = workers.warm_up(WSGIHandler())
    assert not report.skipped
    assert report.requests == len(workers.warm_up_requests())
    assert report.statuses == {200: report.requests}
    assert "warmed up with" in str(report)


def test_a_database_down_at_start_skips_the_warm_up_and_starts_anyway(monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    released = []
    monkeypatch.setattr(workers, "warm_up_requests", unreachable)
    monkeypatch.setattr(workers, "release_resources", lambda: released.append(True))
    report = workers.warm_up(application=None)
    assert report.skipped == "OperationalError: connection refused"
    assert str(report).startswith("warm-up skipped")
    assert released == [True]


def test_a_failing_warm_up_request_does_not_stop_the_others(monkeypatch):
    def application(environ, start_response):
        if environ["PATH_INFO"] == "/broken/":
            raise RuntimeError("boom")
        start_response("200 OK", [])
        return [b"ok"]

    requests = [("example.org", "/broken/"), ("example.org", "/fine/")]
    monkeypatch.setattr(workers, "warm_up_requests", lambda: requests)
    monkeypatch.setattr(workers, "release_resources", lambda: None)
    assert workers.warm_up(application).statuses == {0: 1, 200: 1}


def test_the_warm_up_passes_paths_the_way_a_server_does(settings):
    settings.SECURE_SSL_REDIRECT = True
    seen = {}

    def application(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [])
        return []

    workers.serve(application, "practice.example", "/ar/%D9%83%D9%8A%D9%81/")
    assert seen["PATH_INFO"] == "/ar/كيف/".encode().decode("latin-1")
    assert seen["wsgi.url_scheme"] == "https"  # no redirect to https to follow
    assert seen["HTTP_HOST"] == "practice.example"


def test_the_warm_up_stops_when_its_time_is_up(monkeypatch):
    def slow(environ, start_response):
        time.sleep(0.05)
        start_response("200 OK", [])
        return []

    monkeypatch.setattr(workers, "warm_up_requests", lambda: [("h", f"/{n}/") for n in range(50)])
    monkeypatch.setattr(workers, "release_resources", lambda: None)
    assert workers.warm_up(slow, budget=0.2).requests < 10


def test_a_forked_worker_inherits_an_empty_local_memory_cache(monkeypatch):
    from django.core.cache import caches

    cache = caches["default"]
    if not isinstance(cache, LocMemCache):
        pytest.skip("runs with the local-memory cache")
    cache.set("rendered-page", "from the master")
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # keep the test's
    workers.release_resources()
    assert cache.get("rendered-page") is None


def test_the_master_closes_its_redis_connections(monkeypatch):
    class Pool:
        disconnected = False

        def disconnect(self):
            self.disconnected = True

    class Client:
        _pools = {0: Pool()}

    class Cache:
        def __init__(self):
            self.__dict__["_cache"] = Client()

    workers.disconnect_redis(Cache())
    assert Client._pools[0].disconnected
    workers.disconnect_redis(object())  # a cache never used (or not Redis): nothing to do


# --- popular pages ------------------------------------------------------------------------------


def ok_application(environ, start_response):
    status = "404 Not Found" if environ["PATH_INFO"] == "/missing/" else "200 OK"
    start_response(status, [("Content-Type", "text/plain")])
    return [b"ok"]


def serve_through(application, path, method="GET", query="", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query,
        "HTTP_HOST": "example.org",
        **headers,
    }
    return b"".join(application(environ, lambda status, headers, exc_info=None: None))


def test_popular_pages_counts_what_first_time_visitors_ask_for():
    popular = workers.PopularPages(ok_application)
    for _ in range(3):
        serve_through(popular, "/en/journal/")
    serve_through(popular, "/ar/%D9%83%D9%8A%D9%81/")
    assert serve_through(popular, "/en/") == b"ok"  # the answer passes through unchanged
    assert popular.most_asked() == [
        ("example.org", "/en/journal/"),
        ("example.org", "/ar/%D9%83%D9%8A%D9%81/"),
        ("example.org", "/en/"),
    ]


def django_application(environ, start_response):
    environ.setdefault("wsgi.input", io.BytesIO())
    WSGIRequest(environ)  # as Django's handler does, which rewrites environ["PATH_INFO"]
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def test_popular_pages_count_an_arabic_path_that_django_has_decoded():
    popular = workers.PopularPages(django_application)
    assert serve_through(popular, "/ar/%D9%83%D9%8A%D9%81/") == b"ok"
    assert popular.most_asked() == [("example.org", "/ar/%D9%83%D9%8A%D9%81/")]


@pytest.mark.parametrize(
    ("path", "method", "query", "headers"),
    [
        ("/en/journal/", "POST", "", {}),
        ("/en/search/", "GET", "q=anxiety", {}),  # what a visitor searched for is never kept
        ("/en/journal/", "GET", "", {"HTTP_COOKIE": "sessionid=abc"}),
        ("/api/v3/pages/3/", "GET", "", {"HTTP_AUTHORIZATION": "Bearer token"}),
        ("/missing/", "GET", "", {}),
        ("/static/css/site.css", "GET", "", {}),
    ],
)
def test_popular_pages_ignore_what_a_replacement_could_not_serve_alike(
    path, method, query, headers
):
    popular = workers.PopularPages(ok_application)
    serve_through(popular, path, method, query, **headers)
    assert popular.most_asked() == []


def test_popular_pages_forget_the_rarest_when_there_are_too_many(monkeypatch):
    monkeypatch.setattr(workers.PopularPages, "TRACKED", 10)
    popular = workers.PopularPages(ok_application)
    for _ in range(5):
        serve_through(popular, "/en/")
    for n in range(20):
        serve_through(popular, f"/en/page-{n}/")
    assert len(popular.counts) <= 10
    assert popular.most_asked(1) == [("example.org", "/en/")]


def test_popular_pages_are_kept_in_a_file_only_their_user_reads(tmp_path):
    popular = workers.PopularPages(ok_application)
    serve_through(popular, "/en/")
    target = tmp_path / "popular.json"
    popular.write(target)
    assert target.stat().st_mode & 0o777 == 0o600
    assert workers.PopularPages.read(target) == [("example.org", "/en/")]
    target.write_text("not json")
    assert workers.PopularPages.read(target) == []
    assert workers.PopularPages.read(tmp_path / "missing.json") == []


def test_a_first_worker_renders_what_the_master_warmed_up_with(monkeypatch, tmp_path):
    monkeypatch.setattr(workers, "_warm_up_requests", [("example.org", "/en/")])
    seen = []

    def application(environ, start_response):
        seen.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return []

    report = workers.warm_worker(application, tmp_path / "none-yet.json")
    assert seen == ["/en/"]
    assert report.statuses == {200: 1}


# --- a persistent SQLite connection ------------------------------------------------------------


def test_a_sqlite_connection_is_kept_between_requests_and_set_up_once(tmp_path, django_db_blocker):
    """What Django does around every request (close_old_connections) keeps the connection, so its
    PRAGMAs run once per connection, not once per request."""
    from django.db.backends.signals import connection_created
    from django.db.utils import ConnectionHandler

    from practice_site.settings.environment import sqlite_database

    handler = ConnectionHandler({"default": sqlite_database(str(tmp_path / "db.sqlite3"))})
    connection = handler["default"]
    opened = []

    def count(sender, connection, **kwargs):
        if connection is handler["default"]:
            opened.append(connection.connection)

    connection_created.connect(count)
    try:
        with django_db_blocker.unblock():
            for _request in range(3):
                connection.close_if_unusable_or_obsolete()  # request_started
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                connection.close_if_unusable_or_obsolete()  # request_finished
            with connection.cursor() as cursor:
                pragmas = {
                    name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
                    for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
                }
            connection.close()
    finally:
        connection_created.disconnect(count)
    assert len(opened) == 1
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 20000,
        "synchronous": 1,
    }


def test_sqlite_connections_can_be_closed_after_each_request(monkeypatch, tmp_path):
    from practice_site.settings.environment import database_from_env

    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert database_from_env(tmp_path / "db.sqlite3")["CONN_MAX_AGE"] == 0


# --- a real gunicorn ----------------------------------------------------------------------------


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def children(pid) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def open_files(pid) -> dict[str, str]:
    """fd → what it points to (a path, ``socket:[inode]``, ``pipe:[...]``); {} once it exited."""
    result = {}
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                result[fd.name] = os.readlink(fd)
            except OSError:
                continue
    except OSError:
        pass
    return result


def sockets_by_inode() -> dict[str, dict]:
    """Every TCP socket of this network namespace: inode → local port, remote port, state."""
    result = {}
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
            result[inode] = {
                "local_port": int(local.rsplit(":", 1)[1], 16),
                "remote_port": int(remote.rsplit(":", 1)[1], 16),
                "listening": state == "0A",
            }
    return result


def socket_inodes(files: dict[str, str]) -> set[str]:
    return {target[8:-1] for target in files.values() if target.startswith("socket:[")}


@contextlib.contextmanager
def shipped_gunicorn(folder, backend, database_suffix="_workers", **settings):
    """gunicorn as shipped (``gunicorn.conf.py``, production settings), 2 workers, on a free
    port, serving the load test's site (a home page, a journal, one post); ``settings`` add to
    or change its environment. SQLite with each worker's local-memory cache, or PostgreSQL +
    one Redis (``database_suffix`` names the PostgreSQL database beside the tests')."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    if backend == "postgres":
        database_url = postgres_url(database_suffix)
        if database_url is None:
            pytest.skip("needs DATABASE_URL=postgres://...")
        env["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
        database_file = None
    else:
        database_file = folder / "db.sqlite3"
        database_url = f"sqlite:///{database_file}"
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
        WEB_CONCURRENCY="2",
        GUNICORN_LOG_LEVEL="info",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(BASE_DIR),
    )
    for name in ("GUNICORN_PRELOAD", "GUNICORN_WARM_UP", "GUNICORN_MAX_REQUESTS_JITTER"):
        env.pop(name, None)
    env.update(settings)
    if "REDIS_URL" in env:
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # nothing left from an earlier run
    # Generous: on a machine shared with other test runs, migrating alone took over 5 minutes.
    run(["manage.py", "migrate", "--noinput"], env, timeout=900)
    run(["manage.py", "collectstatic", "--noinput"], env)
    post = json.loads(run([str(LOAD_SITE), "setup"], env))
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
        deadline = time.monotonic() + 90
        while True:
            try:
                fetch(f"{base_url}/robots.txt")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.3)
        yield {
            "base": base_url,
            "port": port,
            "post": post,
            "paths": ["/robots.txt", "/en/", post["path"], f"/api/v3/pages/{post['id']}/"],
            "master": process.pid,
            "log": log_path,
            "database_file": database_file,
            "redis": "REDIS_URL" in env,
            "env": env,
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def preloaded(request, tmp_path_factory):
    """The shipped gunicorn.conf.py, 2 workers, recycled every ~25 requests so that recycling
    happens while the tests run; SQLite with the local-memory cache, or PostgreSQL + Redis."""
    folder = tmp_path_factory.mktemp(f"workers-{request.param}")
    with shipped_gunicorn(
        folder, request.param, GUNICORN_MAX_REQUESTS="25", GUNICORN_MAX_REQUESTS_JITTER="5"
    ) as server:
        yield server


def serve_some(server, count=20):
    paths = itertools.cycle(server["paths"])
    return [fetch(server["base"] + next(paths)) for _ in range(count)]


@pytest.mark.slow
def test_the_master_loads_and_warms_the_application_once_before_forking(preloaded):
    serve_some(preloaded)
    log = preloaded["log"].read_text()
    warmed = [line for line in log.splitlines() if "] warmed up with" in line]  # the master's
    assert len(warmed) == 1, log
    assert " × 200" in warmed[0] and " × 5" not in warmed[0], warmed[0]
    assert "warm-up skipped" not in log


@pytest.mark.slow
def test_a_recycled_worker_renders_its_predecessors_popular_pages_before_serving(preloaded):
    assert serve_some(preloaded, 80) == [200] * 80  # workers are recycled every ~25 requests
    folder = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    popular = folder / f"practice-cms-{preloaded['master']}-popular-pages.json"
    kept = [path for _host, path in json.loads(popular.read_text())]
    assert set(preloaded["paths"]) <= set(kept)
    assert popular.stat().st_mode & 0o777 == 0o600
    warmed = re.findall(r"worker \d+ warmed up with (\d+) requests", preloaded["log"].read_text())
    assert len(warmed) >= 3  # the first two workers, and the recycled ones
    assert max(int(n) for n in warmed) >= len(preloaded["paths"])


@pytest.mark.slow
def test_the_master_holds_no_connection_or_database_file_a_worker_could_inherit(preloaded):
    assert serve_some(preloaded) == [200] * 20
    master = open_files(preloaded["master"])
    tcp = sockets_by_inode()
    for inode in socket_inodes(master):
        # Its listening socket only: no database, Redis or client connection.
        assert inode in tcp and tcp[inode]["listening"], (inode, tcp.get(inode))
        assert tcp[inode]["local_port"] == preloaded["port"]
    if preloaded["database_file"]:
        assert not [f for f in master.values() if f.startswith(str(preloaded["database_file"]))]


@pytest.mark.slow
def test_the_master_forks_from_a_single_thread(preloaded):
    # A thread started by the application in the master would not exist in the forked workers
    # (and could leave a lock held in them for ever).
    assert len(os.listdir(f"/proc/{preloaded['master']}/task")) == 1


@pytest.mark.slow
def test_each_worker_opens_its_own_database_connection_and_cache_client(preloaded):
    """A connection opened in the master would show as one socket in several workers."""
    deadline = time.monotonic() + 30
    while True:
        assert serve_some(preloaded, 8) == [200] * 8
        processes = {pid: open_files(pid) for pid in children(preloaded["master"])}
        tcp = sockets_by_inode()
        if preloaded["database_file"]:
            holding = [
                pid
                for pid, files in processes.items()
                if str(preloaded["database_file"]) in files.values()
            ]
        else:
            holding = [
                pid
                for pid, files in processes.items()
                if any(tcp.get(i, {}).get("remote_port") == 5432 for i in socket_inodes(files))
            ]
        if len(holding) >= 2 or time.monotonic() > deadline:
            break
    # Both workers keep a connection of their own between requests (CONN_MAX_AGE).
    assert len(holding) >= 2, processes
    owners = {}
    for pid, files in processes.items():
        for inode in socket_inodes(files):
            if tcp.get(inode, {}).get("listening"):
                continue  # the listening socket is shared on purpose
            assert inode not in owners, f"socket {inode} shared by {owners.get(inode)} and {pid}"
            owners[inode] = pid
    if preloaded["redis"]:
        assert any(tcp.get(inode, {}).get("remote_port") == 6379 for inode in owners)


@pytest.mark.slow
def test_recycled_and_restarted_workers_fail_no_request(preloaded):
    """Load from 4 clients while workers are recycled (every ~25 requests), one worker is
    stopped, and the master is sent HUP (every worker replaced): every request succeeds."""
    stop = threading.Event()
    statuses, errors = [], []
    paths = itertools.cycle(preloaded["paths"])

    def client():
        while not stop.is_set():
            try:
                statuses.append(fetch(preloaded["base"] + next(paths)))
            except OSError as error:
                errors.append(repr(error))

    first_workers = set(children(preloaded["master"]))
    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        os.kill(sorted(children(preloaded["master"]))[0], signal.SIGTERM)
        time.sleep(1.5)
        os.kill(preloaded["master"], signal.SIGHUP)
        time.sleep(2.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors[:5]
    assert statuses and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    deadline = time.monotonic() + 30
    while len(children(preloaded["master"])) != 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # the replaced workers finish their last request
    assert len(children(preloaded["master"])) == 2
    assert not first_workers & set(children(preloaded["master"]))  # all were replaced


# --- two workers, one change --------------------------------------------------------------------


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def read(url, opener=None, data=None, headers=None):
    """One request: (status, X-Practice-Cache, body). Redirects are answers, not followed."""
    opener = opener or urllib.request.build_opener(NoRedirects)
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers.get("X-Practice-Cache"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Practice-Cache"), error.read()


def read_from_both_workers(url, count=16):
    """``count`` reads of ``url`` from 4 clients at once: with 2 sync workers both serve some
    (one busy worker leaves the next connection to the other)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda _: read(url), range(count)))


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def two_workers(request, tmp_path_factory):
    """The production profile, 2 workers never recycled (each keeps what it cached), an owner
    who may sign in to the admin over plain http, and a second post in the journal."""
    folder = tmp_path_factory.mktemp(f"two-workers-{request.param}")
    password = secrets.token_urlsafe(18)
    with shipped_gunicorn(
        folder,
        request.param,
        "_two_workers",
        GUNICORN_MAX_REQUESTS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    ) as server:
        notes = json.loads(
            run([str(LOAD_SITE), "editor"], {**server["env"], "OWNER_PASSWORD": password})
        )
        yield {**server, "notes": notes, "password": password}


def sign_in(server):
    """An opener with the owner's admin session (and its CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirects)
    login = server["base"] + "/admin/login/"
    assert read(login, opener)[0] == 200
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    form = {"username": "owner", "password": server["password"], "csrfmiddlewaretoken": token}
    status, _, body = read(login, opener, urlencode(form).encode())
    assert status == 302, body[:2000]
    # Signing in gives the session a new CSRF token.
    return opener, next(cookie.value for cookie in jar if cookie.name == "csrftoken")


@pytest.mark.slow
def test_a_change_through_one_worker_shows_in_the_other_at_once(two_workers):
    """Both workers cache the journal, the post and its API answer; a visitor's rating (through
    whichever worker takes it) and the owner making the other post private (through the admin)
    show in the very next answer of either worker: never a stale page, never a private post
    still listed."""
    base, post, notes = two_workers["base"], two_workers["post"], two_workers["notes"]
    page, api, journal = (
        base + post["path"],
        f"{base}/api/v3/pages/{post['id']}/",
        base + "/en/journal/",
    )
    for url in (page, api, journal, journal):
        answers = read_from_both_workers(url)
        assert {status for status, _, _ in answers} == {200}
    assert any(cache == "hit" for _, cache, _ in answers)  # shared answers are in use
    assert all(notes["title"].encode() in body for _, _, body in answers)

    status, _, body = read(
        api + "ratings/",
        data=json.dumps({"stars": 4}).encode(),
        headers={"Content-Type": "application/json", "Origin": base},
    )
    assert status == 201, body
    for _, _, body in read_from_both_workers(page):
        assert b'"ratingCount": 1' in body or b'"ratingCount":1' in body
    for _, _, body in read_from_both_workers(api):
        assert json.loads(body)["rating_summary"]["count"] == 1

    opener, token = sign_in(two_workers)
    status, _, body = read(
        f"{base}/admin/pages/{notes['id']}/privacy/",
        opener,
        urlencode({"restriction_type": "login", "csrfmiddlewaretoken": token}).encode(),
    )
    assert status == 200 and b"set_privacy_done" in body, body[:2000]
    for status, _, body in read_from_both_workers(journal):
        assert status == 200
        assert notes["title"].encode() not in body
    assert {status for status, _, _ in read_from_both_workers(base + notes["path"])} == {302}
    notes_api = f"{base}/api/v3/pages/{notes['id']}/"
    assert {status for status, _, _ in read_from_both_workers(notes_api)} == {404}
