"""Run the benchmark: ``python -m bench.run`` (``make bench``).

1. Make sure the generated database exists for this code (``bench.fixtures``), and take a fresh
   copy of it for this run.
2. Count SQL queries per request for every scenario, in this process, through Django's test
   client against the same database (``CaptureQueriesContext``, second request, warm caches).
3. Start the production profile under gunicorn on 127.0.0.1 with 2 workers, warm every scenario
   up, then drive each scenario from a separate load process (``bench.load``) for a fixed short
   time, in interleaved rounds so machine noise spreads over all scenarios alike.
4. Check that every accepted rating and comment is in the database (lost updates), read each
   worker's peak memory, print the table, write ``bench/results.md`` and ``bench/results.png``,
   and profile (pyinstrument) any scenario that misses its goal.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench import config, fixtures
from bench.scenarios import SCENARIOS, Scenario


@dataclass
class Figures:
    """What was measured for one scenario."""

    scenario: Scenario
    label: str
    path: str = ""
    skipped: str = ""
    queries: int | None = None
    sql_ms: float | None = None  # time the database took for those queries (in-process)
    cpu_ms: float | None = None  # CPU time per request, in-process (less noisy than wall time)
    requests: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    latencies_ms: list = field(default_factory=list)

    slice_ratios: list = field(default_factory=list)  # this slice's req/s ÷ its neighbour's
    neighbour_ok: int = 0  # successful baseline requests in the slices next to this one's
    neighbour_seconds: float = 0.0

    def add(self, result: dict):
        self.requests += result["requests"]
        self.seconds += result["seconds"]
        self.statuses.update(result["statuses"])
        self.latencies_ms.extend(result["latencies_ms"])

    def add_neighbour(self, result: dict, baseline: Figures, own: dict):
        self.neighbour_ok += successes(baseline, result)
        self.neighbour_seconds += result["seconds"]
        reference = successes(baseline, result) / result["seconds"] if result["seconds"] else 0
        if reference and own["seconds"]:
            self.slice_ratios.append(successes(self, own) / own["seconds"] / reference)

    @property
    def neighbour_rps(self) -> float | None:
        return self.neighbour_ok / self.neighbour_seconds if self.neighbour_seconds else None

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if int_or_none(status) in self.expect)

    @property
    def expect(self):
        return self.scenario.expect

    @property
    def errors(self) -> int:
        return self.requests - self.ok

    @property
    def rps(self) -> float | None:
        return self.ok / self.seconds if self.seconds else None

    def percentile(self, fraction):
        values = sorted(self.latencies_ms)
        if not values:
            return None
        return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------------------
# In-process measurements (test client against the same database)
# ------------------------------------------------------------------------------------------------


_CLIENT = None


def in_process_request(scenario: Scenario, path: str):
    """One request through Django's test client. The client is reused (a new one would load
    the middleware again, WhiteNoise's file scan included, and count that in every request);
    its cookies are dropped before each request, so each POST comes from a new visitor and each
    GET from a first-time one, as in the load."""
    global _CLIENT
    if _CLIENT is None:
        from django.test import Client

        _CLIENT = Client(HTTP_HOST=config.HOST, headers={"Origin": f"http://{config.HOST}"})
    _CLIENT.cookies.clear()  # the load generator sends no cookie either
    if scenario.returning:
        name, value = visitor_cookie().split("=", 1)
        _CLIENT.cookies[name] = value
    if scenario.method == "POST":
        from bench.load import make_body

        return _CLIENT.post(path, data=make_body(scenario.body), content_type="application/json")
    return _CLIENT.get(path)


def visitor_cookie() -> str:
    """A returning visitor's ``Cookie`` header: the blog's signed visitor cookie, as a browser
    sends it after a first rating (the same one for every request of the scenario)."""
    from django.core import signing

    from blog.visitors import COOKIE_NAME, COOKIE_SALT

    signer = signing.get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT)
    value = signer.sign("bench-returning-visitor")
    return f"{COOKIE_NAME}={value}"


def measure_in_process(figures: list[Figures], catalog: dict, repeat: int = 10) -> Counter:
    """Resolve each scenario's path, skip what is not available, and for the rest count the
    SQL queries of one request and the CPU time per request over ``repeat`` requests.

    CPU time (``time.process_time``) of this one process, with SQLite inside it, is barely
    disturbed by other programs on a shared machine, unlike requests/s; with PostgreSQL the
    database's own work is not in it. Returns how many POSTs this made per write scenario (they
    count in the lost-update check).
    """
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext

    writes = Counter()
    for entry in figures:
        try:
            entry.path = entry.scenario.path(catalog)
        except KeyError as exc:
            entry.skipped = f"not available (no {exc.args[0]} in the generated data)"
            continue
        try:
            first = in_process_request(entry.scenario, entry.path)
        except Exception as exc:  # noqa: BLE001 - a plugin still being written must not stop the run
            entry.skipped = f"not available ({type(exc).__name__}: {exc})"
            continue
        if entry.scenario.method == "POST":
            writes[entry.scenario.key] += 1
        # As gunicorn.conf.py does in each worker: what the first request loaded lives as long
        # as the process, so a full garbage collection (~100 ms) does not land in one sample.
        gc.collect()
        gc.freeze()
        if first.status_code not in entry.expect:
            entry.skipped = f"not available (HTTP {first.status_code})"
            continue
        with CaptureQueriesContext(connection) as captured:
            in_process_request(entry.scenario, entry.path)
        if entry.scenario.method == "POST":
            writes[entry.scenario.key] += 1
        entry.queries = len(captured)
        entry.sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        began = time.process_time()
        for _ in range(repeat):
            in_process_request(entry.scenario, entry.path)
        entry.cpu_ms = (time.process_time() - began) * 1000 / repeat
        if entry.scenario.method == "POST":
            writes[entry.scenario.key] += repeat
    connections.close_all()
    return writes


def stored_writes(catalog: dict) -> dict:
    """Ratings and comments stored on the post that receives the POSTs, and its summary."""
    from django.db import connections
    from wagtail.models import Page

    from blog.models import Comment, Rating
    from blog.ratings import summary_for

    post = Page.objects.get(pk=catalog["write_post_id"]).specific
    summary = summary_for(post)
    figures = {
        "ratings": Rating.objects.filter(page_id=post.pk).count(),
        "summary_count": summary.count,
        "comments": Comment.objects.filter(page_id=post.pk).count(),
    }
    connections.close_all()
    return figures


def trainings_in_site() -> int:
    """Live English trainings in the site: what the API listing filters and sorts (it is not
    limited to one directory, so the growth directories count too)."""
    from django.apps import apps
    from django.db import connections

    if not apps.is_installed("trainings"):
        return 0
    from trainings.models import TrainingPage

    count = TrainingPage.objects.live().filter(locale__language_code="en").count()
    connections.close_all()
    return count


def profile(entry: Figures, requests: int = 6) -> str:
    """pyinstrument's view of ``requests`` in-process requests of one scenario (text)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "(pyinstrument is not installed: pip install -e '.[bench]')"
    from django.db import connections

    in_process_request(entry.scenario, entry.path)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        in_process_request(entry.scenario, entry.path)
    profiler.stop()
    connections.close_all()
    session = profiler.last_session
    hotspots = project_hotspots(session.root_frame(), session.duration)
    per_request = session.duration * 1000 / requests
    lines = [
        f"{requests} requests, {per_request:.1f} ms each in-process (wall time, profiler on).",
        "Time per request spent in the project's own functions (cumulative, callees included):",
        "",
    ]
    for name, seconds in hotspots[:15]:
        lines.append(
            f"  {seconds * 1000 / requests:7.2f} ms  {100 * seconds / session.duration:5.1f} %  "
            f"{name}"
        )
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    tree = [line.rstrip() for line in text.splitlines() if line.strip()]
    return "\n".join([*lines, "", "pyinstrument call tree (library frames folded):", *tree[3:80]])


def project_hotspots(root, duration):
    """Cumulative time of each function of blog/, trainings/ and site/ in a profile, largest
    first, leaving out the middleware (``__call__``), which wraps the whole request."""
    totals = Counter()
    project = str(config.ROOT)

    def walk(frame, seen):
        path = frame.file_path or ""
        if path.startswith(project) and "/.venv/" not in path and "/bench/" not in path:
            name = f"{frame.function} ({Path(path).relative_to(config.ROOT)}:{frame.line_no})"
            if name not in seen:
                totals[name] += frame.time
                seen = seen | {name}
        for child in frame.children:
            walk(child, seen)

    walk(root, frozenset())
    return [(name, t) for name, t in totals.most_common() if not name.startswith("__call__ ")]


# ------------------------------------------------------------------------------------------------
# The server
# ------------------------------------------------------------------------------------------------


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


class Server:
    """gunicorn with the production profile, and a sampler of its workers' memory."""

    def __init__(self, env):
        self.env = env
        self.process = None
        self.peak_rss_kb = {}
        self._stop = threading.Event()
        self._sampler = None

    def start(self, probe_path: str, timeout: float = 90):
        config.RUN_DIR.mkdir(parents=True, exist_ok=True)
        gunicorn = Path(config.PYTHON).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py"],
            env=self.env,
            cwd=config.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=open(config.RUN_DIR / "gunicorn.stderr", "w"),  # noqa: SIM115
        )
        deadline = time.monotonic() + timeout
        url = f"http://{config.HOST}:{config.PORT}{probe_path}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn stopped (see {config.RUN_DIR / 'gunicorn.log'} and gunicorn.stderr)"
                )
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                    if response.status == 200 and len(self.workers()) >= config.WORKERS:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        else:
            self.stop()
            raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

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
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        peak = int(line.split()[1])
                        self.peak_rss_kb[pid] = max(self.peak_rss_kb.get(pid, 0), peak)
            self._stop.wait(0.25)

    def stop(self):
        self._stop.set()
        if self._sampler:
            self._sampler.join(timeout=2)
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


class LoadGenerator:
    """The load generator (``bench.load --serve``), one process for the whole run."""

    def __init__(self):
        self.process = subprocess.Popen(
            [config.PYTHON, "-m", "bench.load", "--serve"],
            cwd=config.ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def drive(self, entry: Figures, seconds: float, connections: int) -> dict:
        command = {
            "host": config.HOST,
            "port": config.PORT,
            "method": entry.scenario.method,
            "path": entry.path,
            "kind": entry.scenario.body,
            "cookie": visitor_cookie() if entry.scenario.returning else None,
            "seconds": seconds,
            "connections": connections,
        }
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the load generator stopped")
        return json.loads(line)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def successes(entry: Figures, result: dict) -> int:
    return sum(n for status, n in result["statuses"].items() if int_or_none(status) in entry.expect)


# ------------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark practice-cms under gunicorn.")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", choices=sorted(config.SCALES), default="full")
    parser.add_argument("--seconds", type=float, default=1.0, help="per slice (scenario, round)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=4, help="concurrent clients")
    parser.add_argument("--only", nargs="*", help="scenario keys (the baseline always runs)")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the database")
    parser.add_argument("--no-profile", action="store_true", help="skip pyinstrument profiles")
    parser.add_argument("--output", default=str(config.ROOT / "bench" / "results.md"))
    parser.add_argument("--chart", default=str(config.ROOT / "bench" / "results.png"))
    parser.add_argument("--shared", action="store_true", help="say the machine was shared")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    os.chdir(config.ROOT)
    started = time.monotonic()
    load_before = os.getloadavg()

    phases = {}
    key, catalog_file = fixtures.ensure(args.db, args.scale, args.rebuild)
    phases["data"] = time.monotonic() - started
    catalog = json.loads(catalog_file.read_text())
    url = fixtures.working_copy(args.db, key)
    env = config.gunicorn_env(args.db, url)
    os.environ.update(config.django_env(args.db, url))
    if args.db == "postgres":
        import redis

        redis.Redis.from_url(config.REDIS_URL).flushdb()
    collect_static(env)

    import django

    django.setup()

    sizes = {**catalog.get("sizes", {}), "trainings_in_site": trainings_in_site()}
    chosen = [s for s in SCENARIOS if not args.only or s.key in args.only or s.key == "baseline"]
    figures = [Figures(s, s.label.format(**sizes)) for s in chosen]
    print("Counting SQL queries and CPU time per request (in-process)…", file=sys.stderr)
    mark = time.monotonic()
    in_process_writes = measure_in_process(figures, catalog)
    phases["in-process"] = time.monotonic() - mark
    before = stored_writes(catalog)
    available = [entry for entry in figures if not entry.skipped]
    if not any(entry.scenario.key == "baseline" for entry in available):
        raise SystemExit("the baseline page is not available; nothing to compare with")

    server = Server(env)
    mark = time.monotonic()
    server.start(catalog["baseline"])
    load = LoadGenerator()
    baseline = next(entry for entry in available if entry.scenario.key == "baseline")
    others = [entry for entry in available if entry is not baseline]
    try:
        print(
            f"gunicorn ({config.WORKERS} workers) on {config.HOST}:{config.PORT}; warming up…",
            file=sys.stderr,
        )
        warmup_writes = Counter()
        for entry in available:
            result = load.drive(entry, args.warmup, args.connections)
            if entry.scenario.method == "POST":
                warmup_writes[entry.scenario.key] += successes(entry, result)
        for round_number in range(args.rounds):
            print(f"  round {round_number + 1}/{args.rounds}", file=sys.stderr)
            # Each scenario runs next to a slice of the baseline (in alternating order), and its
            # ratio is taken against those neighbouring slices: on a shared machine the load
            # from other programs drifts, and neighbours see nearly the same drift. The order
            # of scenarios rotates each round.
            shift = round_number % max(1, len(others))
            for number, entry in enumerate(others[shift:] + others[:shift]):
                pair = [baseline, entry] if (number + round_number) % 2 == 0 else [entry, baseline]
                measured = {}
                for item in pair:
                    measured[id(item)] = load.drive(item, args.seconds, args.connections)
                for item in pair:
                    item.add(measured[id(item)])
                entry.add_neighbour(measured[id(baseline)], baseline, measured[id(entry)])
        memory = dict(server.peak_rss_kb)
    finally:
        load.close()
        server.stop()

    phases["server and load"] = time.monotonic() - mark
    after = stored_writes(catalog)
    by_key = {entry.scenario.key: entry for entry in figures}
    integrity = {}
    if "rating_post" in by_key and not by_key["rating_post"].skipped:
        accepted = by_key["rating_post"].ok + warmup_writes["rating_post"]
        integrity["ratings_accepted"] = accepted
        integrity["ratings_stored"] = after["ratings"] - before["ratings"]
        integrity["ratings_lost"] = accepted - integrity["ratings_stored"]
        integrity["summary_matches_rows"] = after["summary_count"] == after["ratings"]
        integrity["summary_count"] = after["summary_count"]
        integrity["rating_rows"] = after["ratings"]
    if "comment_post" in by_key and not by_key["comment_post"].skipped:
        accepted = by_key["comment_post"].ok + warmup_writes["comment_post"]
        integrity["comments_accepted"] = accepted
        integrity["comments_stored"] = after["comments"] - before["comments"]
        integrity["comments_lost"] = accepted - integrity["comments_stored"]
    integrity["in_process_writes"] = dict(in_process_writes)

    from bench import report

    outcome = report.evaluate(figures, args.db, integrity, sizes)
    profiles = {}
    mark = time.monotonic()
    if not args.no_profile:
        # At most five, so a run with many misses still ends in time.
        for key_ in outcome.missed_scenarios()[:5]:
            entry = by_key.get(key_)
            if entry and not entry.skipped:
                print(f"Profiling {entry.label} (pyinstrument)…", file=sys.stderr)
                profiles[key_] = profile(entry)
    run_info = {
        "db": args.db,
        "scale": args.scale,
        "catalog": catalog,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "connections": args.connections,
        "workers": config.WORKERS,
        "memory_kb": memory,
        "integrity": integrity,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "duration": time.monotonic() - started,
        "phases": {**phases, "profiles": time.monotonic() - mark},
        # More runnable work than cores before the run: other programs were competing.
        "shared": args.shared or load_before[0] > (os.cpu_count() or 1),
        "fixture_key": key,
        "chart_name": Path(args.chart).name,
        **report.provenance(),
    }
    try:
        save_run(figures, run_info, profiles, integrity, sizes)
    except (OSError, TypeError, ValueError) as exc:  # the results below matter more
        print(f"could not save the run for bench.report: {exc}", file=sys.stderr)
    text = report.table(figures, outcome)
    print(text)
    print(report.summary(outcome, run_info))
    Path(args.output).write_text(report.markdown(figures, outcome, run_info, profiles))
    chart = report.chart(figures, outcome, args.chart)
    print(f"\nWrote {args.output}" + (f" and {args.chart}" if chart else ""))


LAST_RUN = config.RUN_DIR / "last-run.json"


def save_run(figures, run_info, profiles, integrity, sizes):
    """Keep the raw figures of the run, so ``python -m bench.report`` can write results.md and
    the chart again (after editing bench/findings.md, say) without measuring again."""
    from dataclasses import fields

    entries = []
    for entry in figures:
        data = {f.name: getattr(entry, f.name) for f in fields(entry)}
        data["scenario"] = entry.scenario.key
        data["statuses"] = dict(entry.statuses)
        entries.append(data)
    LAST_RUN.write_text(
        json.dumps(
            {
                "figures": entries,
                "run": run_info,
                "profiles": profiles,
                "integrity": integrity,
                "sizes": sizes,
            },
            default=str,
        )
    )


def load_run(path=LAST_RUN):
    """The figures of a saved run, as :func:`save_run` wrote them."""
    data = json.loads(Path(path).read_text())
    scenarios = {s.key: s for s in SCENARIOS}
    figures = []
    for raw in data["figures"]:
        raw["scenario"] = scenarios[raw["scenario"]]
        raw["statuses"] = Counter(raw["statuses"])
        figures.append(Figures(**raw))
    return figures, data


if __name__ == "__main__":
    main()
