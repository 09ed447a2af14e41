"""Gunicorn configuration for practice-cms (``gunicorn -c gunicorn.conf.py``).

Every value can be changed from the environment, so the same file serves a laptop (``make serve``)
and a server behind a reverse proxy; see docs/operations.md.

| variable | default | meaning |
| --- | --- | --- |
| ``GUNICORN_BIND`` | ``127.0.0.1:8000`` | address(es) to listen on, comma-separated |
| ``WEB_CONCURRENCY`` | 2 x CPU cores + 1, at most ``GUNICORN_MAX_WORKERS`` (8) | worker processes |
| ``GUNICORN_THREADS`` | 1 | threads per worker (more than 1 uses the gthread worker) |
| ``GUNICORN_TIMEOUT`` | 30 | seconds a request may take before its worker is restarted |
| ``GUNICORN_MAX_REQUESTS`` | 50000 | requests a worker serves before it is replaced (0: never) |
| ``GUNICORN_PRELOAD`` | true | load the application once in the master, before forking workers |
| ``GUNICORN_WARM_UP`` | true | warm the application (master) and each new worker's cache up |
| ``TRUSTED_PROXIES`` | none | proxies whose ``X-Forwarded-*`` headers gunicorn believes |
| ``GUNICORN_LOG_LEVEL`` | ``info`` | error log level |
| ``GUNICORN_CONTROL_SOCKET`` | none (off) | path of gunicorn's control socket for ``gunicornc`` |

Privacy: the access log records time, method, path (without the query string), status, size and
duration. It never records the client's address, user agent or referrer, so no visitor can be
identified from the logs.
"""

import os

# Gunicorn reads this file with exec(), so it cannot import the project's settings helpers.


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_int(name: str, default: int) -> int:
    value = _env(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name, "true" if default else "false").lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SystemExit(f"{name} must be true or false, not {value!r}")


def _cpu_count() -> int:
    try:
        # The CPUs this process may run on (a container's quota), not the host's total.
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def default_workers(cores: int, cap: int) -> int:
    """Gunicorn's rule of thumb, 2 x cores + 1, capped so a big host does not exhaust the
    database's connections (each worker holds one)."""
    return max(1, min(2 * cores + 1, cap))


# wsgi.py selects the production settings unless DJANGO_SETTINGS_MODULE says otherwise.
wsgi_app = "practice_site.wsgi:application"
proc_name = "practice-cms"

bind = [address.strip() for address in _env("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

workers = _env_int(
    "WEB_CONCURRENCY", default_workers(_cpu_count(), _env_int("GUNICORN_MAX_WORKERS", 8))
)
threads = _env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request slower than this is stuck (a hung connection, a runaway query): restart the worker.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)

# Replace each worker after a while, so a slow leak never grows; the jitter keeps the workers from
# all restarting at the same moment. The default comes from measurement (``python -m
# bench.memory``, full benchmark data, SQLite, one worker, the read mix of ``make bench``; the
# machine was shared, load average 11-12, so its times are high; docs/operations.md, "Recycling"):
# - growth: a worker held 145 MiB resident (29 MiB of it its own) after its warm-up and grew
#   about 0.38 MiB per 1,000 requests over the second half of 4,000 (its own memory 38 MiB at the
#   end): small but steady, so a guard is worth keeping. 50,000 requests bound it to about 19 MiB.
# - cost: a new worker renders its predecessor's popular pages before it accepts (0.3-3.4 s of
#   one worker, within its 3 s budget). At 1,000 requests and a few ms a request, each worker
#   was replaced every few seconds under load and spent up to a third of its time warming up;
#   at 50,000 that is 1-3 % even if every request were a 2 ms cache hit, and nothing at real
#   traffic.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", max(1, max_requests // 10))

# X-Forwarded-Proto and friends are believed only from the proxies Django trusts too.
# (gunicorn wants them as one comma-separated string; an empty one trusts nobody.)
forwarded_allow_ips = ",".join(
    address.strip() for address in _env("TRUSTED_PROXIES", "").split(",") if address.strip()
)

# Workers' heartbeat files in memory: a slow disk must not make the arbiter kill healthy workers.
# gunicorn creates them there itself (mkstemp, private to the user), as its docs recommend.
MEMORY_FOLDER = "/dev/shm"  # noqa: S108
if os.path.isdir(MEMORY_FOLDER):
    worker_tmp_dir = MEMORY_FOLDER

# Gunicorn 25.1+ opens a control socket at one fixed per-user path, which several instances on one
# host (a blue/green deploy, make serve next to a test run) would fight over. Off unless a path is
# given; older gunicorns ignore both names.
control_socket_path = _env("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket_path
if control_socket_path:
    control_socket = control_socket_path

accesslog = _env("GUNICORN_ACCESS_LOG", "-")
errorlog = _env("GUNICORN_ERROR_LOG", "-")
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
# No %(h)s (address), %(a)s (user agent), %(f)s (referrer) or %(q)s (query string): see above.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


# The application is loaded once, in the master, and every worker is a fork of it (see
# practice_site/workers.py and docs/operations.md, "Workers: preloading, recycling, restarts"): a
# worker started by recycling, a crash or ``kill -HUP`` answers its first request in milliseconds,
# and the workers share the loaded code's memory copy-on-write. The price: ``kill -HUP`` re-reads
# this file but not the application's code; a code deploy restarts the master (docs/operations.md).
preload_app = _env_bool("GUNICORN_PRELOAD", True)
# Warm the application up before serving: in the master (code) and in each new worker (its cache,
# with the pages its predecessor served most). Off only to debug a start-up.
WARM_UP = _env_bool("GUNICORN_WARM_UP", True)


def when_ready(server):
    """In the master, after the application has loaded and before the first fork: warm it up,
    close what it opened, and move everything loaded out of the garbage collector's sight.

    ``gc.freeze()`` matters twice: a full collection that scanned Django's and Wagtail's objects
    took about 100 ms inside a request, and a collection in a worker that touched those objects
    would write to (and so un-share) the memory pages they sit on."""
    if server.cfg.preload_app:
        _prepare(server.app.wsgi(), server.log)


def pre_fork(server, worker):
    """Before every fork (first start, recycling, a crashed worker, ``kill -HUP``): nothing the
    master holds open may be inherited. Costs nothing when nothing is open."""
    if server.cfg.preload_app:
        import gc

        from practice_site.workers import release_resources

        release_resources()
        gc.freeze()


def post_worker_init(worker):
    """In a new worker, before it accepts its first request: render the pages its predecessor
    served most into its own cache, and count them in turn for its successor. (A worker that
    loaded the application itself, with ``GUNICORN_PRELOAD`` off, first warms the code up.)

    Nothing else is per worker: each worker opens its own database connection and cache client
    on first use, and gunicorn and Python reseed ``random`` in every forked process."""
    if not worker.cfg.preload_app:
        _prepare(worker.wsgi, worker.log)
    if not WARM_UP:
        return
    from practice_site.workers import PopularPages, warm_worker

    application = worker.wsgi
    report = warm_worker(application, _popular_pages_file(worker.cfg, worker.ppid))
    worker.log.info("worker %s %s", worker.pid, report)
    worker.wsgi = PopularPages(application)


def worker_exit(server, worker):
    """In a worker that stops (recycled, restarted, HUP): leave its most asked-for pages to its
    successor."""
    counted = getattr(worker, "wsgi", None)
    if hasattr(counted, "write"):
        try:
            counted.write(_popular_pages_file(worker.cfg, worker.ppid))
        except OSError as error:
            worker.log.warning("could not keep the popular pages: %s", error)


def on_exit(server):
    _popular_pages_file(server.cfg, server.pid).unlink(missing_ok=True)


def _popular_pages_file(cfg, master_pid):
    """Private to this user (/dev/shm, or the temporary folder) and to this master."""
    import tempfile
    from pathlib import Path

    folder = cfg.worker_tmp_dir or tempfile.gettempdir()
    return Path(folder) / f"practice-cms-{master_pid}-popular-pages.json"


def _prepare(application, log):
    import gc

    from practice_site.workers import release_resources, warm_up

    if WARM_UP:
        log.info("%s", warm_up(application))
    else:
        release_resources()
    gc.collect()
    gc.freeze()
