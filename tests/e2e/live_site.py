"""A live demo site for the browser tests: a real server process on a free port.

Once per test session: a fresh SQLite file is migrated, ``load_demo`` fills it with the demo
practice (and prints the demo admin's password), then ``manage.py runserver`` serves it with
:mod:`tests.e2e.server_settings` (DEBUG off). A subprocess rather than pytest-django's
``live_server`` because the demo is loaded once and shared by every scenario, and the server runs
the project exactly as a developer's ``make demo`` does, with its own database connections.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
SERVER_SETTINGS = "tests.e2e.server_settings"
LOADER_SETTINGS = "practice_site.settings.dev"  # load_demo creates its users with DEBUG on only
STARTUP_TIMEOUT = 60
PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies
# Variables of the surrounding run that must not leak into the demo server (CI's PostgreSQL step
# sets them; the live site always uses its own SQLite file and in-process cache).
ISOLATED_VARIABLES = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")


MIGRATED_CACHE_DIR = Path(__file__).resolve().parent / "artifacts" / "cache"
FRAMEWORKS = ("django", "wagtail", "wagtail-localize", "django-modelcluster", "django-taggit")


def migrations_digest() -> str:
    """A digest of the project's migration files and the installed frameworks' versions."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in sorted(PROJECT_DIR.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    for name in FRAMEWORKS:
        try:
            digest.update(f"{name}=={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()[:16]


class LiveSiteError(RuntimeError):
    """The demo site could not be prepared or started; the message carries the command's output."""


def stop_with_parent() -> None:
    """In the server process: have Linux end it when the test run ends, however that happens.

    A test run stopped hard (SIGKILL, a CI timeout) would otherwise leave the server running.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:  # not Linux: the fixture's stop() still ends it on a normal finish
        pass


def free_port() -> int:
    """``E2E_PORT`` when set (a port range of one's own), else any free port."""
    if os.environ.get("E2E_PORT"):
        return int(os.environ["E2E_PORT"])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveSite:
    """The running demo site: its address, the demo logins and the pages the demo created."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    url: str = ""
    admin_username: str = "admin"
    admin_password: str = ""
    translator_password: str = ""
    languages: list[str] = field(default_factory=list)
    pages: dict[str, dict[str, str]] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    def environment(self, settings_module: str = SERVER_SETTINGS) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ISOLATED_VARIABLES}
        env.update(
            DJANGO_SETTINGS_MODULE=settings_module,
            DATABASE_URL=f"sqlite:///{self.database_path}",
            MEDIA_ROOT=str(self.data_dir / "media"),
            E2E_BASE_URL=self.url or "http://127.0.0.1",
            E2E_MAIL_DIR=str(self.mail_dir),
            PYTHONUNBUFFERED="1",
        )
        return env

    @property
    def mail_dir(self) -> Path:
        """Where the server (and commands run against it) write the emails they send."""
        return self.data_dir / "mail"

    def emails(self) -> list:
        """Every email sent so far, oldest first, as ``email.message.EmailMessage`` objects."""
        import email
        import email.policy

        messages = []
        paths = sorted(self.mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)
        for path in paths:
            # Django's file backend writes each message followed by a line of 79 dashes.
            for chunk in path.read_text().split("\n" + "-" * 79 + "\n"):
                if chunk.strip():
                    messages.append(email.message_from_string(chunk, policy=email.policy.default))
        return messages

    def run(self, *args: str, settings_module: str = SERVER_SETTINGS, timeout: int = 300) -> str:
        """Run ``python <args>`` in the project against the site's database; return its output."""
        result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, *args],
            cwd=PROJECT_DIR,
            env=self.environment(settings_module),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise LiveSiteError(
                f"`{' '.join(args)}` failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def manage(self, *args: str, settings_module: str = SERVER_SETTINGS) -> str:
        return self.run("manage.py", *args, settings_module=settings_module)

    def demo_data(self, command: str, *args: str):
        """The JSON answer of one :mod:`tests.e2e.demo_data` command."""
        return json.loads(self.run("-m", "tests.e2e.demo_data", command, *args))

    @property
    def database_path(self) -> Path:
        return self.data_dir / "demo.sqlite3"

    def migrate(self) -> None:
        """Migrate a fresh database, reusing a migrated copy from an earlier run when possible.

        Migrating takes most of the set-up time; the copy is kept in the git-ignored artifacts
        folder, named by a digest of every migration file and of the framework versions, so a
        new or changed migration is always applied.
        """
        cached = MIGRATED_CACHE_DIR / f"migrated-{migrations_digest()}.sqlite3"
        if cached.is_file():
            shutil.copyfile(cached, self.database_path)
            return
        self.manage("migrate", "--noinput", settings_module=LOADER_SETTINGS)
        MIGRATED_CACHE_DIR.mkdir(parents=True, exist_ok=True)
        for old in MIGRATED_CACHE_DIR.glob("migrated-*.sqlite3"):
            old.unlink()
        # The migrate process has closed its connection, so the WAL is checkpointed into the file.
        shutil.copyfile(self.database_path, cached)

    def prepare(self) -> None:
        """Migrate a fresh database and load the demo practice into it, its Site on our port."""
        self.migrate()
        output = self.manage("load_demo", "--port", str(self.port), settings_module=LOADER_SETTINGS)
        login = re.search(r"user '([^']+)' password '([^']+)'", output)
        if login is None:
            raise LiveSiteError(f"load_demo printed no admin login:\n{output}")
        self.admin_username, self.admin_password = login.groups()
        # The demo translators share the admin's password (load_demo says so).
        self.translator_password = self.admin_password

    def start(self) -> None:
        port = self.port
        self.url = f"http://127.0.0.1:{port}"
        log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--insecure",  # serve static files with DEBUG off
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{port}",
            ],
            cwd=PROJECT_DIR,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=stop_with_parent,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LiveSiteError(f"the demo server stopped:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/robots.txt", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        else:
            self.stop()
            raise LiveSiteError(f"the demo server did not answer in {STARTUP_TIMEOUT} s")
        answer = self.demo_data("pages")
        self.pages, self.languages = answer["pages"], answer["languages"]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # The server runs in its own session: signal exactly that process group.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def page_url(self, kind: str, language: str = "en") -> str | None:
        """Absolute URL of the demo's page of ``kind`` in ``language``, or None if there is none."""
        path = self.pages.get(kind, {}).get(language)
        return f"{self.url}{path}" if path else None

    def require(self, kind: str, language: str = "en") -> str:
        """Like :meth:`page_url`, but skip the test, naming the demo content that is missing."""
        import pytest

        url = self.page_url(kind, language)
        if url is None:
            pytest.skip(f"the demo content has no live '{kind}' page in '{language}' yet")
        return url
