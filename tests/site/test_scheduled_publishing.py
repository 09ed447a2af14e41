"""Scheduled publishing: the job beside the server, and the owner's warning when a page is late."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from practice_site.models import StandardPage
from practice_site.scheduling import LATE_AFTER, late_pages
from tests.security.conftest import ROLES, users  # noqa: F401 - the role fixture

BASE_DIR = Path(__file__).resolve().parents[2]


def schedule(parent, title, go_live_at, locale=None):
    """A new page whose first revision is published with a go-live time: scheduled, not live."""
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), live=False)
    if locale is not None:
        page.locale = locale
    parent.add_child(instance=page)
    revision = page.save_revision()
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page


def later(seconds):
    """``timezone.now`` as it will be ``seconds`` from now."""
    real_now = timezone.now
    return mock.patch("django.utils.timezone.now", lambda: real_now() + timedelta(seconds=seconds))


@pytest.mark.django_db
def test_a_page_scheduled_a_minute_ahead_is_live_after_the_job_runs(home):
    page = schedule(home, "Friday news", timezone.now() + timedelta(minutes=1))
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None

    call_command("publish_scheduled")  # before its time: nothing happens
    page.refresh_from_db()
    assert not page.live

    with later(61):
        # What `make demo` runs: the job beside the server, here a server that lives half a second.
        call_command(
            "serve_with_scheduler",
            "--every",
            "0.1",
            "--",
            sys.executable,
            "-c",
            "import time; time.sleep(0.5)",
            stdout=StringIO(),
        )
    page.refresh_from_db()
    assert page.live
    assert page.get_latest_revision().approved_go_live_at is None


def supervise(tmp_path, server_code, *options):
    """``manage.py serve_with_scheduler`` in a process of its own, with a Python server."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "practice_site.settings.test"}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve_with_scheduler", *options, "--"]
        + [sys.executable, "-c", server_code],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(path: Path, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is not running either.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split()[2] != "Z"


# A server that starts a worker of its own (as runserver's autoreloader does), writes both pids
# and, on SIGINT, writes which signal stopped it.
SERVER = """
import signal, subprocess, sys, time, pathlib
out = pathlib.Path({out!r})
worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
def stop(signum, frame):
    (out / "stopped").write_text(signal.Signals(signum).name)
    sys.exit(0)
signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
(out / "pids").write_text(f"{{worker.pid}}")
time.sleep(120)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_the_server_and_its_workers_with_the_jobs(tmp_path, signum):
    process = supervise(tmp_path, SERVER.format(out=str(tmp_path)), "--job", "check")
    try:
        wait_for(tmp_path / "pids")
        worker = int((tmp_path / "pids").read_text())
        process.send_signal(signum)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert (tmp_path / "stopped").read_text() == signum.name
    deadline = time.monotonic() + 5
    while is_running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_running(worker), "the server's own worker outlived it"
    assert "every 60 s" in out


def test_a_server_that_fails_to_start_stops_the_jobs_with_its_status(tmp_path):
    process = supervise(tmp_path, "import sys; sys.exit(3)", "--job", "check")
    process.communicate(timeout=60)
    assert process.returncode == 3


def test_a_failing_job_is_reported_and_the_server_keeps_serving(tmp_path):
    server = "import time, pathlib; time.sleep(1.5); pathlib.Path({!r}).write_text('served')"
    process = supervise(
        tmp_path,
        server.format(str(tmp_path / "served")),
        "--every",
        "0.3",
        "--job",
        "no_such_command",
    )
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert (tmp_path / "served").read_text() == "served"
    assert err.count("no_such_command failed") >= 2


def test_the_command_needs_a_server_command():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="after --"):
        call_command("serve_with_scheduler", stdout=StringIO())


def test_make_demo_and_make_serve_run_the_server_beside_the_job():
    for target in ("demo", "serve"):
        plan = subprocess.run(
            ["make", "-n", target, "SECRET_KEY=given-by-the-test", "PORT=8187"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        server = "runserver 127.0.0.1:8187" if target == "demo" else "gunicorn -c gunicorn.conf.py"
        line = next(line for line in plan.splitlines() if server in line)
        assert "manage.py serve_with_scheduler --" in line


# --- the owner's warning ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_warns_when_a_go_live_time_has_passed_and_the_page_is_not_live(
    home, admin_client
):
    page = schedule(home, "Late news", timezone.now() + timedelta(minutes=1))
    assert "should be live by now" not in admin_client.get("/admin/").content.decode()

    with later(60 + LATE_AFTER.total_seconds() + 1):
        html = admin_client.get("/admin/").content.decode()
    assert "1 page should be live by now but is not" in html
    assert f"/admin/pages/{page.pk}/edit/" in html
    assert "publish_scheduled" in html

    with later(61):
        call_command("publish_scheduled")
    with later(60 + LATE_AFTER.total_seconds() + 1):
        assert "should be live by now" not in admin_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_a_page_just_past_its_go_live_time_is_not_late_yet(home):
    schedule(home, "Due now", timezone.now() + timedelta(minutes=1))
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("owner", password="pw")
    with later(61):
        assert late_pages(admin) == []
    with later(60 + LATE_AFTER.total_seconds() + 1):
        assert [page.title for page, _when in late_pages(admin)] == ["Due now"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_warned_about_late_pages_it_may_publish_only(
    role,
    users,  # noqa: F811 - the role fixture
    translated_home,
):
    soon = timezone.now() + timedelta(minutes=1)
    english = schedule(translated_home["en"], "Late English", soon)
    spanish = schedule(
        translated_home["es"], "Late Spanish", soon, locale=translated_home["es"].locale
    )
    expected = {
        "admin": {english.pk, spanish.pk},
        "editor": {english.pk, spanish.pk},
        "moderator": {english.pk, spanish.pk},  # edits pages (not only comments)
        "translator_es": {spanish.pk},
        "translator_fr": set(),
    }[role]
    with later(60 + LATE_AFTER.total_seconds() + 1):
        assert {page.pk for page, _when in late_pages(users[role])} == expected
        from django.test import Client

        client = Client()
        client.force_login(users[role])
        html = client.get("/admin/").content.decode()
    assert ("should be live by now" in html) == bool(expected)
    assert (f"/admin/pages/{english.pk}/edit/" in html) == (english.pk in expected)
    assert (f"/admin/pages/{spanish.pk}/edit/" in html) == (spanish.pk in expected)
