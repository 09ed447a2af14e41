"""An Arabic address served by a real gunicorn: its path is read as UTF-8, not Latin-1.

gunicorn hands Django the request path as Latin-1 text (WSGI's rule) and Django turns it back into
UTF-8; a step that read it any other way would answer 404 to every Arabic path. One gunicorn on
the production profile with the demo loaded (no login made), asked as a browser asks
(percent-encoded) and as some clients ask (raw UTF-8 bytes on the request line).
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.site.test_production_gunicorn import CONFIG_FILE, fetch, free_port

BASE_DIR = Path(__file__).resolve().parents[2]
# The gunicorn here serves its own SQLite database whatever the suite's database is, so it runs
# once, in the SQLite suite (CI's PostgreSQL run would repeat the same 2-3 minutes).
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="its gunicorn runs on its own SQLite database: covered by the SQLite suite",
)
ABOUT = "/ar/عن-العيادة/"  # the demo's Arabic "About" page (site/demo/data/translations/ar.yaml)


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("arabic")
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
        WEB_CONCURRENCY="1",
        GUNICORN_WARM_UP="false",
        PYTHONUNBUFFERED="1",
    )
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["load_demo", "--no-user", "--host", "127.0.0.1", "--port", str(port)],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
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
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"http://127.0.0.1:{port}/robots.txt")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.slow
def test_a_percent_encoded_arabic_address_is_served_in_arabic(arabic_site):
    status, headers, body = fetch(f"http://127.0.0.1:{arabic_site}{urllib.parse.quote(ABOUT)}")
    assert status == 200
    html = body.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "عن العيادة" in html or "عن-العيادة" in html


@pytest.mark.slow
def test_an_arabic_address_sent_as_raw_utf8_bytes_is_the_same_page(arabic_site):
    request = (
        b"GET " + ABOUT.encode() + b" HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", arabic_site), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert b" 200 " in status_line, status_line
    assert b'lang="ar" dir="rtl"' in answer
