"""Run a web server and, beside it, the jobs that must run on time (``publish_scheduled``).

``make demo`` and ``make serve`` start their server through this command::

    manage.py serve_with_scheduler -- python manage.py runserver 127.0.0.1:8000
    manage.py serve_with_scheduler --every 60 --job publish_scheduled -- \
        gunicorn -c gunicorn.conf.py

The server runs as a child process in its own process group; the jobs run in this process, once
at start (catching up on anything due while the server was down) and then every ``--every``
seconds. Ctrl-C or SIGTERM stops the server's whole group (runserver's autoreloader child
included) with the same signal, waits for it, and exits; a server that stops by itself (a port in
use) stops the jobs too, with the server's exit status. A job that fails is reported and retried
at the next run: the server keeps serving. On a real server use the systemd timer or cron line of
docs/operations.md instead.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# How long the server may take to stop before it is killed (gunicorn's graceful timeout is 30 s).
STOP_GRACE = 35.0
POLL = 0.2


class Command(BaseCommand):
    help = (
        "Run the server command given after -- and, beside it, publish_scheduled every minute; "
        "Ctrl-C stops both."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=60.0,
            help="Seconds between two runs of the jobs (default 60).",
        )
        parser.add_argument(
            "--job",
            action="append",
            dest="jobs",
            metavar="COMMAND",
            help="A management command to run on time (repeatable; default publish_scheduled).",
        )
        parser.add_argument(
            "server", nargs="*", help="The server command, after --, e.g. -- gunicorn -c ..."
        )

    def handle(self, *args, every, jobs, server, **options):
        if not server:
            raise CommandError(
                "Give the server command after --, e.g. "
                "serve_with_scheduler -- python manage.py runserver"
            )
        if every <= 0:
            raise CommandError(f"--every must be a positive number of seconds, not {every}.")
        jobs = jobs or ["publish_scheduled"]
        stop = threading.Event()
        received: list[int] = []

        def on_signal(signum, _frame):
            received.append(signum)
            stop.set()

        previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
        try:
            try:
                child = subprocess.Popen(server, start_new_session=True)  # noqa: S603
            except OSError as exc:
                raise CommandError(f"Cannot start {server[0]!r}: {exc}") from exc
            self.stdout.write(
                f"running {', '.join(jobs)} every {every:g} s beside the server (Ctrl-C stops both)"
            )
            try:
                while not stop.is_set() and child.poll() is None:
                    self.run_jobs(jobs)
                    deadline = time.monotonic() + every
                    while not stop.is_set() and child.poll() is None:
                        remaining = deadline - time.monotonic()
                        if remaining <= 0:
                            break
                        stop.wait(min(POLL, remaining))
            finally:
                status = self.stop_server(child, received[0] if received else signal.SIGTERM)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if not received and status:
            # The server stopped by itself and failed: so does `make`.
            raise SystemExit(status if status > 0 else 1)

    def run_jobs(self, jobs):
        for job in jobs:
            try:
                call_command(job, stdout=self.stdout, stderr=self.stderr)
            except Exception as exc:  # noqa: BLE001 - reported; the server keeps serving
                self.stderr.write(f"{job} failed ({type(exc).__name__}: {exc}); retrying later")
            finally:
                # Hold no connection between runs (a restarted database, an SQLite file lock);
                # never one inside a transaction (the caller's, e.g. a test's).
                for connection in connections.all(initialized_only=True):
                    if not connection.in_atomic_block:
                        connection.close()

    def stop_server(self, child: subprocess.Popen, signum: int) -> int:
        """Stop the server's process group with ``signum`` (then SIGKILL after STOP_GRACE);
        return its exit status."""
        if child.poll() is None:
            self._signal_group(child, signum)
            try:
                child.wait(timeout=STOP_GRACE)
            except subprocess.TimeoutExpired:
                self._signal_group(child, signal.SIGKILL)
                child.wait()
        else:
            # The server is gone; anything it left running in its group goes with it.
            self._signal_group(child, signal.SIGTERM)
        return child.returncode

    @staticmethod
    def _signal_group(child, signum):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signum)
