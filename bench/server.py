"""gunicorn as a server runs it, for the benchmark: ``gunicorn.conf.py`` as shipped, on a listening
socket the benchmark holds and hands over the way systemd's socket activation does (``LISTEN_FDS``),
so the master can be restarted (a deploy) without refusing a connection; plus a sampler of the
workers' memory, and a count of the workers started (recycling starts new ones).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench import config


def collect_static(env):
    """collectstatic into var/bench/static, skipped when nothing changed since the last one."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    sources = [
        path
        for folder in ("static", "blog/static", "trainings/static", "site/static")
        for path in (config.ROOT / folder).rglob("*")
        if path.is_file()
    ]
    newest = max((path.stat().st_mtime for path in sources), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(
        [config.PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        cwd=config.ROOT,
        check=True,
    )


@dataclass
class Memory:
    """One worker's memory, from /proc/<pid>/smaps_rollup: what it maps (RSS) and what is its
    own (private: not shared copy-on-write with the master and the other workers)."""

    peak_rss_kb: int = 0
    private_kb: int = 0


def read_memory(pid: int) -> tuple[int, int] | None:
    """(RSS, private) in KiB, or None when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in {"Rss", "Private_Clean", "Private_Dirty"}:
            values[name] = int(rest.split()[0])
    if "Rss" not in values:
        return None
    return values["Rss"], values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)


class Server:
    """One gunicorn master and its workers, on a port of the benchmark's."""

    def __init__(self, env: dict, port: int, name: str):
        self.log_path = config.RUN_DIR / f"gunicorn-{name}.log"
        self.env = {
            **env,
            "GUNICORN_BIND": f"{config.HOST}:{port}",
            "GUNICORN_ERROR_LOG": str(self.log_path),
            "GUNICORN_ACCESS_LOG": str(config.RUN_DIR / f"access-{name}.log"),
        }
        self.port = port
        self.name = name
        self.process = None
        self.memory: dict[int, Memory] = {}
        self._socket = None
        self._stop = threading.Event()
        self._sampler = None
        self._log = None

    # --- starting and stopping -----------------------------------------------------------------

    def start(self, probe_path: str, timeout: float = 120):
        config.RUN_DIR.mkdir(parents=True, exist_ok=True)
        if self._socket is None:
            self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._socket.bind((config.HOST, self.port))
            self._socket.listen(2048)
        self._spawn()
        self.wait_ready(probe_path, timeout)
        if self._sampler is None:
            self._sampler = threading.Thread(target=self._sample, daemon=True)
            self._sampler.start()

    def boots(self) -> int:
        """Workers started so far (gunicorn logs each one at the info level, its default)."""
        try:
            return self.log_path.read_text(errors="replace").count("Booting worker with pid")
        except OSError:
            return 0

    def _spawn(self):
        """gunicorn in a shell that exports LISTEN_PID (its own pid, kept by ``exec``) and
        LISTEN_FDS=1, with the listening socket as file descriptor 3: systemd's protocol."""
        gunicorn = Path(config.PYTHON).parent / "gunicorn"
        listening = self._socket.fileno()
        self._log = open(config.RUN_DIR / f"gunicorn-{self.name}.stderr", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                "/bin/sh",
                "-c",
                f'export LISTEN_PID=$$ LISTEN_FDS=1; exec "{gunicorn}" -c gunicorn.conf.py',
            ],
            env=self.env,
            cwd=config.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            pass_fds=(3,),
            preexec_fn=lambda: os.dup2(listening, 3, inheritable=True),  # noqa: PLW1509
        )

    def wait_ready(self, probe_path: str, timeout: float):
        deadline = time.monotonic() + timeout
        url = f"http://{config.HOST}:{self.port}{probe_path}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn stopped (see {self.log_path} and gunicorn-{self.name}.stderr)"
                )
            try:
                with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                    if response.status == 200 and len(self.workers()) >= config.WORKERS:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")

    def stop(self):
        self._stop.set()
        if self._sampler:
            self._sampler.join(timeout=3)
        self._terminate()
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _terminate(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log:
            self._log.close()
            self._log = None

    # --- what a deploy or an operator does -----------------------------------------------------

    def restart_one_worker(self) -> int | None:
        """SIGTERM to one worker (what recycling does): it finishes its request and exits, the
        master forks a replacement. Returns the pid stopped."""
        workers = self.workers()
        if not workers:
            return None
        pid = min(workers)
        os.kill(pid, signal.SIGTERM)
        return pid

    def reload(self):
        """``kill -HUP`` the master (``systemctl reload``): every worker replaced by a new fork."""
        os.kill(self.process.pid, signal.SIGHUP)

    def redeploy(self, probe_path: str, timeout: float = 120):
        """Stop the master gracefully and start a new one on the same socket (``systemctl
        restart`` with socket activation): connections wait in the socket's queue meanwhile."""
        self._terminate()
        self._spawn()
        self.wait_ready(probe_path, timeout)

    # --- observing it --------------------------------------------------------------------------

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def _sample(self):
        while not self._stop.is_set():
            for pid in self.workers():
                figures = read_memory(pid)
                if figures is None:
                    continue
                rss, private = figures
                memory = self.memory.setdefault(pid, Memory())
                memory.peak_rss_kb = max(memory.peak_rss_kb, rss)
                memory.private_kb = max(memory.private_kb, private)
            self._stop.wait(0.5)

    def peak_memory(self) -> Memory | None:
        """The largest RSS and private memory of any worker of the run."""
        if not self.memory:
            return None
        return Memory(
            max(m.peak_rss_kb for m in self.memory.values()),
            max(m.private_kb for m in self.memory.values()),
        )
