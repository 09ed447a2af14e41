"""gunicorn.conf.py, and the production profile served by a real gunicorn."""

import os
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from gunicorn.config import Config

BASE_DIR = Path(__file__).resolve().parents[2]
CONFIG_FILE = BASE_DIR / "gunicorn.conf.py"
CONFIG_VARIABLES = (
    "GUNICORN_BIND",
    "WEB_CONCURRENCY",
    "GUNICORN_MAX_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "TRUSTED_PROXIES",
    "GUNICORN_CONTROL_SOCKET",
    "GUNICORN_PRELOAD",
    "GUNICORN_WARM_UP",
)


def load_config(monkeypatch, **env):
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG_FILE))


def gunicorn_settings(config: dict) -> Config:
    """Feed the file's values through gunicorn's own validation, as gunicorn does."""
    cfg = Config()
    for name, value in config.items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg


def test_gunicorn_listens_on_localhost_port_8000_by_default(monkeypatch):
    assert load_config(monkeypatch)["bind"] == ["127.0.0.1:8000"]


def test_gunicorn_bind_comes_from_the_environment(monkeypatch):
    config = load_config(monkeypatch, GUNICORN_BIND="0.0.0.0:9000, [::]:9000")
    assert config["bind"] == ["0.0.0.0:9000", "[::]:9000"]


def test_gunicorn_runs_two_workers_per_core_plus_one(monkeypatch):
    config = load_config(monkeypatch)
    cores = len(os.sched_getaffinity(0))
    assert config["workers"] == min(2 * cores + 1, 8)


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (3, 7), (4, 8), (64, 8)])
def test_the_worker_count_is_capped(monkeypatch, cores, workers):
    assert load_config(monkeypatch)["default_workers"](cores, 8) == workers


def test_web_concurrency_overrides_the_worker_count(monkeypatch):
    assert load_config(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_a_malformed_worker_count_stops_gunicorn_with_its_name(monkeypatch):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY"):
        load_config(monkeypatch, WEB_CONCURRENCY="many")


def test_workers_time_out_and_are_recycled_with_jitter(monkeypatch):
    config = load_config(monkeypatch)
    assert 0 < config["timeout"] <= 60
    assert config["max_requests"] > 0
    assert 0 < config["max_requests_jitter"] < config["max_requests"]


def test_gunicorn_believes_forwarded_headers_only_from_trusted_proxies(monkeypatch):
    assert gunicorn_settings(load_config(monkeypatch)).forwarded_allow_ips == []
    config = load_config(monkeypatch, TRUSTED_PROXIES="10.0.0.1, 10.0.1.0/24")
    assert gunicorn_settings(config).forwarded_allow_ips == ["10.0.0.1", "10.0.1.0/24"]


def test_threads_switch_to_the_threaded_worker(monkeypatch):
    assert load_config(monkeypatch)["worker_class"] == "sync"
    assert load_config(monkeypatch, GUNICORN_THREADS="4")["worker_class"] == "gthread"


def test_gunicorn_accepts_every_value_in_the_file(monkeypatch):
    cfg = gunicorn_settings(load_config(monkeypatch, TRUSTED_PROXIES="10.0.0.1"))
    assert cfg.wsgi_app == "practice_site.wsgi:application"
    assert cfg.address  # bind parsed
    assert cfg.max_requests_jitter > 0


def test_the_control_socket_is_off_unless_a_path_is_given(monkeypatch):
    assert load_config(monkeypatch)["control_socket_disable"] is True
    config = load_config(monkeypatch, GUNICORN_CONTROL_SOCKET="/run/practice/gunicorn.ctl")
    assert config["control_socket_disable"] is False
    assert config["control_socket"] == "/run/practice/gunicorn.ctl"


def test_the_access_log_records_no_address_user_agent_referrer_or_query(monkeypatch):
    log_format = load_config(monkeypatch)["access_log_format"]
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%(q)s", "%(r)s", "%({x-forwarded-for}i)s"):
        assert atom not in log_format
    assert "%(s)s" in log_format and "%(U)s" in log_format


# --- a real gunicorn ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - localhost
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The production profile under gunicorn, two workers, on a free local port."""
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="practice_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        PYTHONUNBUFFERED="1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )
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
                fetch(f"{base_url}/robots.txt")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.3)
        yield base_url, log_path
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.slow
def test_gunicorn_serves_collected_static_files_with_long_caching(served):
    base_url, _ = served
    status, headers, body = fetch(f"{base_url}/robots.txt")
    assert status == 200
    status, headers, body = fetch(f"{base_url}/static/css/site.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    # Pages link the hashed name from the manifest; WhiteNoise serves it as immutable.
    hashed = re.search(r"site\.[0-9a-f]{12}\.css", _hashed_names(base_url))
    assert hashed, "collectstatic wrote no hashed copy of site.css"
    status, headers, _ = fetch(f"{base_url}/static/css/{hashed.group(0)}")
    assert status == 200
    assert "immutable" in headers["Cache-Control"]


def _hashed_names(base_url: str) -> str:
    status, _, body = fetch(f"{base_url}/static/staticfiles.json")
    assert status == 200
    return body.decode()


@pytest.mark.slow
def test_gunicorn_responses_carry_the_security_headers(served):
    base_url, _ = served
    status, headers, _ = fetch(f"{base_url}/robots.txt")
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.slow
def test_gunicorn_serves_the_api_docs_without_a_cdn_or_inline_script(served):
    base_url, _ = served
    status, _, body = fetch(f"{base_url}/api/v3/docs/")
    assert status == 200
    content = body.decode()
    assert "cdn.jsdelivr.net" not in content
    assert "<script>" not in content


@pytest.mark.slow
def test_gunicorn_access_log_holds_no_client_address_or_user_agent(served):
    base_url, log_path = served
    fetch(f"{base_url}/robots.txt?email=someone@example.org", **{"User-Agent": "SecretAgent/1.0"})
    time.sleep(0.5)  # the access log is written after the response
    access_lines = [line for line in log_path.read_text().splitlines() if "/robots.txt" in line]
    assert access_lines
    for line in access_lines:
        assert "127.0.0.1" not in line
        assert "SecretAgent" not in line
        assert "someone@example.org" not in line
